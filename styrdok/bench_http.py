"""`styrdok bench http`: concurrent clients against a real server on loopback, and in the same
run the in-process answer() latency over the same kind of questions.

The server runs `create_app(settings)` under uvicorn in a child process on a free port of
127.0.0.1, so the load generator does not share its interpreter. Each client is a person at the
intranet: it asks, reads the answer for a think time (1–3 s, far quicker than people read),
and asks again until the time is up. Questions are the evaluation set's structured (owners,
reverse lookups, lists) and open questions, half of each; every request sends a text not sent
before (the words are re-spaced), so neither path is measured on the engine's memo of repeated
questions. The in-process figure is measured first, on a fresh engine, over the same sequence
of questions. The per-client rate limit is off in the child: one address sends for all clients.
A quarter of the requests (V1_SHARE) go to the OpenAI-compatible POST /v1/chat/completions
instead, so its p50 is measured beside /api/ask's under the same load in the same run.
A fifth (FLOOR_SHARE) are GET /healthz: the framework floor, what any request costs through the
same server, client and load, beside the answer endpoints. The HTTP phase runs once per worker
count (`styrdok serve --workers N`), by default 1 and 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from styrdok.settings import PROJECT_ROOT, Settings

STRUCTURED = ("owners", "reverse_lookup", "list")
OPEN = ("open",)
THINK_S = (1.0, 3.0)
REQUEST_TIMEOUT_S = 30.0
READY_TIMEOUT_S = 180.0
LOOPBACK = "127.0.0.1"
V1_SHARE = 0.25
FLOOR_SHARE = 0.2


def load_questions(dataset: Path) -> tuple[list[str], list[str]]:
    """(structured, open) questions of the evaluation set that need no history."""
    structured: list[str] = []
    open_: list[str] = []
    for line in dataset.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("history"):
            continue
        if row.get("category") in STRUCTURED:
            structured.append(row["question"])
        elif row.get("category") in OPEN:
            open_.append(row["question"])
    if not structured or not open_:
        raise ValueError(f"{dataset}: needs structured and open questions")
    return structured, open_


def respace(question: str, n: int) -> str:
    """The n-th spelling of a question that differs only in the spaces between two words."""
    words = question.split()
    if len(words) < 2:
        return question
    gaps = len(words) - 1
    at, width = n % gaps + 1, 2 + n // gaps
    return " ".join(words[:at]) + " " * width + " ".join(words[at:])


def question_stream(
    structured: list[str], open_: list[str], seed: int
) -> Iterator[tuple[str, str]]:
    """Endless (kind, question) pairs, half structured and half open, never the same text."""
    rng = random.Random(seed)
    used: dict[str, int] = {}
    while True:
        kind = "structured" if rng.random() < 0.5 else "open"
        base = rng.choice(structured if kind == "structured" else open_)
        n = used.get(base, 0)
        used[base] = n + 1
        yield kind, respace(base, n)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_inprocess(settings: Settings, questions: list[str]) -> list[float]:
    from styrdok.engine import build_engine

    engine = build_engine(settings)
    for warm in ("Vilka har huvudansvar för 1.1?", "Vad gör kommunen mot hemlöshet?"):
        engine.answer(warm)  # first-use loading is not part of a question's time
    times = []
    for q in questions:
        t0 = time.perf_counter()
        engine.answer(q)
        times.append((time.perf_counter() - t0) * 1000)
    return times


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
def server(settings: Settings, workers: int = 1) -> Iterator[str]:
    import httpx

    port = free_port()
    child_settings = settings.model_dump(mode="json")
    child_settings["rate_limit_per_minute"] = 0
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from styrdok.bench_http import serve; serve()",
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
            yield url
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


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b > 0 else None


def _http_phase(result: dict[str, Any], workers: int, inproc: dict[str, float]) -> dict[str, Any]:
    lat = result["latencies"]
    kind = result["by_kind"]
    http_p50 = pct(lat, 0.5)
    floor_p50 = pct(result["floor"], 0.5)
    s50, o50 = pct(kind["structured"], 0.5), pct(kind["open"], 0.5)
    v1_p50 = pct(result["v1_latencies"], 0.5)
    answers = len(lat) + len(result["v1_latencies"])
    return {
        "workers": workers,
        "requests": answers + len(result["floor"]) + len(result["errors"]),
        "errors": len(result["errors"]),
        "error_kinds": sorted(set(result["errors"])),
        "http_p50_ms": round(http_p50, 2),
        "http_p95_ms": round(pct(lat, 0.95), 2),
        "http_p99_ms": round(pct(lat, 0.99), 2),
        "http_over_inprocess_p50": _ratio(http_p50, inproc["all"]),
        "http_structured_p50_ms": round(s50, 2),
        "http_open_p50_ms": round(o50, 2),
        "structured_http_over_inprocess_p50": _ratio(s50, inproc["structured"]),
        "open_http_over_inprocess_p50": _ratio(o50, inproc["open"]),
        "floor_healthz_p50_ms": round(floor_p50, 2),
        "floor_healthz_p95_ms": round(pct(result["floor"], 0.95), 2),
        "floor_n": len(result["floor"]),
        "v1_chat_p50_ms": round(v1_p50, 2),
        "v1_chat_p95_ms": round(pct(result["v1_latencies"], 0.95), 2),
        "v1_chat_n": len(result["v1_latencies"]),
        "v1_chat_over_api_ask_p50": _ratio(v1_p50, http_p50),
        "answers_per_s": round(answers / result["elapsed"], 1) if result["elapsed"] else 0.0,
    }


def run_bench_http(
    settings: Settings,
    seconds: float = 30.0,
    clients: int = 50,
    seed: int = 7,
    think_s: tuple[float, float] = THINK_S,
    workers: tuple[int, ...] = (1, 2),
) -> dict[str, Any]:
    structured, open_ = load_questions(PROJECT_ROOT / "evals" / "dataset.jsonl")

    # in-process: the same mix, on a fresh engine, one question at a time
    sample = question_stream(structured, open_, seed)
    pairs = [next(sample) for _ in range(max(200, min(600, int(seconds * 10))))]
    inproc = measure_inprocess(settings, [q for _, q in pairs])
    inproc_kind = {
        k: [t for t, (kind, _) in zip(inproc, pairs, strict=True) if kind == k]
        for k in ("structured", "open")
    }
    in_p50 = {
        "all": pct(inproc, 0.5),
        "structured": pct(inproc_kind["structured"], 0.5),
        "open": pct(inproc_kind["open"], 0.5),
    }

    phases = []
    for n in workers:
        with server(settings, n) as url:
            stream = question_stream(structured, open_, seed)
            result = asyncio.run(load(url, seconds, clients, stream, seed, think_s))
        phases.append(_http_phase(result, n, in_p50))

    first = phases[0]
    return {
        **{k: v for k, v in first.items() if k != "workers"},
        "inprocess_p50_ms": round(in_p50["all"], 2),
        "inprocess_p95_ms": round(pct(inproc, 0.95), 2),
        "inprocess_structured_p50_ms": round(in_p50["structured"], 2),
        "inprocess_open_p50_ms": round(in_p50["open"], 2),
        "inprocess_n": len(inproc),
        "by_workers": phases,
        "errors_all_phases": sum(p["errors"] for p in phases),
        "worst_http_over_inprocess_p50": max((p["http_over_inprocess_p50"] or 0.0) for p in phases),
        "worst_http_p95_ms": max(p["http_p95_ms"] for p in phases),
        "clients": clients,
        "seconds": seconds,
        "think_time_s": list(think_s),
        "server": f"uvicorn via styrdok serve --workers N (N = {', '.join(map(str, workers))}), "
        "127.0.0.1",
    }
