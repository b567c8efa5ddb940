"""The HTTP bench's moving parts: the child server on loopback, the load generator, and what
the CPU did meanwhile.

`server()` runs `styrdok serve` (cmd_serve, N workers) in a child process on a free port of
127.0.0.1, so the load generator does not share its interpreter. `load()` is the people at the
intranet (see styrdok/bench_http.py for the mix). `CpuMeter` reads /proc: the CPU the server's
processes, this load generator and everything else on the machine used during a phase, so a
figure can be read against what else was running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.settings import PROJECT_ROOT, Settings

THINK_S = (1.0, 3.0)
REQUEST_TIMEOUT_S = 30.0
READY_TIMEOUT_S = 180.0
LOOPBACK = "127.0.0.1"
V1_SHARE = 0.25
FLOOR_SHARE = 0.2
PROC = Path("/proc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def serve() -> None:
    """Child process: read Settings (JSON) from stdin, serve on the port given in argv, with
    the number of workers given after it (as `styrdok serve` does)."""
    import argparse

    from styrdok.serve import cmd_serve

    settings = Settings(**json.loads(sys.stdin.read()))
    args = argparse.Namespace(host=LOOPBACK, port=int(sys.argv[1]), workers=int(sys.argv[2]))
    cmd_serve(settings, args)


@contextlib.contextmanager
def server(settings: Settings, workers: int = 1) -> Iterator[tuple[str, int]]:
    """The server's URL and the child's pid (its workers are the child's children)."""
    import httpx

    port = free_port()
    child_settings = settings.model_dump(mode="json")
    child_settings["rate_limit_per_minute"] = 0
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from styrdok.bench_load import serve; serve()",
                str(port),
                str(workers),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=str(PROJECT_ROOT),
        )
        assert child.stdin is not None
        child.stdin.write(json.dumps(child_settings).encode())
        child.stdin.close()
        url = f"http://{LOOPBACK}:{port}"
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while True:
                if child.poll() is not None:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"server exited ({child.returncode}): {tail}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("server not ready in time")
                time.sleep(0.2)
            yield url, child.pid
        finally:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


async def load(
    url: str,
    seconds: float,
    clients: int,
    stream: Iterator[tuple[str, str]],
    seed: int,
    think_s: tuple[float, float] = THINK_S,
) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    v1_latencies: list[float] = []
    floor: list[float] = []
    by_kind: dict[str, list[float]] = {"structured": [], "open": []}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=REQUEST_TIMEOUT_S) as http:
        for _kind, q in (next(stream), next(stream)):
            await http.post("/api/ask", json={"question": q})  # warm the server's first use
        t_start = time.perf_counter()
        end = t_start + seconds

        async def person(i: int) -> None:
            rng = random.Random(seed * 1000 + i)
            await asyncio.sleep(rng.uniform(0, think_s[1]))  # people do not all start at once
            for _ in range(int(seconds / think_s[0]) + 1):  # bounded even if time stood still
                if time.perf_counter() >= end:
                    return
                if rng.random() < FLOOR_SHARE:
                    t0 = time.perf_counter()
                    try:
                        r = await http.get("/healthz")
                        if r.status_code == 200:
                            floor.append((time.perf_counter() - t0) * 1000)
                        else:
                            errors.append(f"healthz {r.status_code}")
                    except httpx.HTTPError as exc:
                        errors.append(type(exc).__name__)
                    await asyncio.sleep(rng.uniform(*think_s))
                    continue
                kind, q = next(stream)
                v1 = rng.random() < V1_SHARE
                t0 = time.perf_counter()
                try:
                    if v1:
                        chat = {"model": "styrdok", "messages": [{"role": "user", "content": q}]}
                        r = await http.post("/v1/chat/completions", json=chat)
                        ok = r.status_code == 200 and "choices" in r.json()
                    else:
                        r = await http.post("/api/ask", json={"question": q})
                        ok = r.status_code == 200 and "answer" in r.json()
                    if not ok:
                        errors.append(f"{r.status_code}")
                except httpx.HTTPError as exc:
                    ok = False
                    errors.append(type(exc).__name__)
                ms = (time.perf_counter() - t0) * 1000
                if ok and v1:
                    v1_latencies.append(ms)
                elif ok:
                    latencies.append(ms)
                    by_kind[kind].append(ms)
                await asyncio.sleep(rng.uniform(*think_s))

        await asyncio.gather(*(person(i) for i in range(clients)))
        elapsed = time.perf_counter() - t_start
    return {
        "latencies": latencies,
        "v1_latencies": v1_latencies,
        "floor": floor,
        "by_kind": by_kind,
        "errors": errors,
        "elapsed": elapsed,
    }


async def load_inprocess(
    answer: Callable[[str], Any],
    threads: int,
    seconds: float,
    clients: int,
    stream: Iterator[tuple[str, str]],
    seed: int,
    think_s: tuple[float, float] = THINK_S,
) -> dict[str, Any]:
    """The same people as `load()` (same draws, same questions, same think times), calling
    `answer` in `threads` threads of this process instead of the server: the engine under
    the bench's load with no HTTP at all. Their /healthz turns only think."""
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {"structured": [], "open": []}
    pool = ThreadPoolExecutor(threads)
    loop = asyncio.get_running_loop()
    for _kind, q in (next(stream), next(stream)):
        await loop.run_in_executor(pool, answer, q)
    end = time.perf_counter() + seconds

    async def person(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        await asyncio.sleep(rng.uniform(0, think_s[1]))
        for _ in range(int(seconds / think_s[0]) + 1):
            if time.perf_counter() >= end:
                return
            if rng.random() < FLOOR_SHARE:
                await asyncio.sleep(rng.uniform(*think_s))
                continue
            kind, q = next(stream)
            rng.random()  # the draw that sends a fourth of the questions to /v1
            t0 = time.perf_counter()
            await loop.run_in_executor(pool, answer, q)
            ms = (time.perf_counter() - t0) * 1000
            latencies.append(ms)
            by_kind[kind].append(ms)
            await asyncio.sleep(rng.uniform(*think_s))

    try:
        await asyncio.gather(*(person(i) for i in range(clients)))
    finally:
        pool.shutdown()
    return {"latencies": latencies, "by_kind": by_kind}


def _ticks(stat: str) -> tuple[int, int]:
    """(parent pid, user + system clock ticks) from a /proc/<pid>/stat line."""
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def tree_cpu_s(root: int) -> float:
    """CPU seconds used so far by a process and its children (uvicorn's workers)."""
    total = 0
    for stat in PROC.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(stat.parent.name)
            ppid, ticks = _ticks(stat.read_text())
            if pid == root or ppid == root:
                total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_s() -> float:
    """CPU seconds the whole machine has used (user, nice, system) since boot."""
    fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    return (int(fields[0]) + int(fields[1]) + int(fields[2])) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuMeter:
    """Cores in use during a phase: the server's processes, this process, everything else."""

    server_pid: int
    t0: float = 0.0
    server0: float = 0.0
    own0: float = 0.0
    machine0: float = 0.0

    def __enter__(self) -> CpuMeter:
        self.t0, self.own0 = time.perf_counter(), time.process_time()
        self.server0, self.machine0 = tree_cpu_s(self.server_pid), machine_cpu_s()
        return self

    def __exit__(self, *exc: object) -> None:
        wall = time.perf_counter() - self.t0
        server = tree_cpu_s(self.server_pid) - self.server0
        own = time.process_time() - self.own0
        machine = machine_cpu_s() - self.machine0
        self.cores = {
            "cpu_server_cores": round(server / wall, 2),
            "cpu_loadgen_cores": round(own / wall, 2),
            "cpu_other_cores": round(max(0.0, machine - server - own) / wall, 2),
        }
