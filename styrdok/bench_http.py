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
count (`styrdok serve --workers N`), by default 1 and 2, and reports the cores the server, the
load generator and everything else on the machine used meanwhile (`cpu_*_cores`). Between the
two, `inprocess_under_load_*`: the same people, questions and think times calling the engine in
`answer_threads` threads of this process, no HTTP at all — what the load alone does to the
engine on these cores (every answer, /v1's fourth included); `http_over_inprocess_under_load`
is then what HTTP adds. The child server and the load generator live in styrdok/bench_load.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from styrdok.bench_load import THINK_S, CpuMeter, load, load_inprocess, server
from styrdok.settings import PROJECT_ROOT, Settings

STRUCTURED = ("owners", "reverse_lookup", "list")
OPEN = ("open",)
WARM = ("Vilka har huvudansvar för 1.1?", "Vad gör kommunen mot hemlöshet?")


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
    for warm in WARM:
        engine.answer(warm)  # first-use loading is not part of a question's time
    times = []
    for q in questions:
        t0 = time.perf_counter()
        engine.answer(q)
        times.append((time.perf_counter() - t0) * 1000)
    return times


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

    # in-process under the same load: the same people, questions and think times calling a
    # fresh engine in answer_threads threads, no HTTP: what the load alone does to the engine
    from styrdok.engine import build_engine

    engine = build_engine(settings)
    for warm in WARM:
        engine.answer(warm)
    stream = question_stream(structured, open_, seed)
    threads = settings.answer_threads
    loaded = asyncio.run(
        load_inprocess(engine.answer, threads, seconds, clients, stream, seed, think_s)
    )
    loaded_p50 = pct(loaded["latencies"], 0.5)

    phases = []
    for n in workers:
        with server(settings, n) as (url, pid):
            stream = question_stream(structured, open_, seed)
            with CpuMeter(pid) as cpu:
                result = asyncio.run(load(url, seconds, clients, stream, seed, think_s))
        phase = _http_phase(result, n, in_p50)
        phase["http_over_inprocess_under_load_p50"] = _ratio(phase["http_p50_ms"], loaded_p50)
        phases.append({**phase, **cpu.cores})

    first = phases[0]
    return {
        **{k: v for k, v in first.items() if k != "workers"},
        "inprocess_p50_ms": round(in_p50["all"], 2),
        "inprocess_p95_ms": round(pct(inproc, 0.95), 2),
        "inprocess_structured_p50_ms": round(in_p50["structured"], 2),
        "inprocess_open_p50_ms": round(in_p50["open"], 2),
        "inprocess_n": len(inproc),
        "inprocess_under_load_p50_ms": round(loaded_p50, 2),
        "inprocess_under_load_p95_ms": round(pct(loaded["latencies"], 0.95), 2),
        "inprocess_under_load_structured_p50_ms": round(
            pct(loaded["by_kind"]["structured"], 0.5), 2
        ),
        "inprocess_under_load_open_p50_ms": round(pct(loaded["by_kind"]["open"], 0.5), 2),
        "inprocess_under_load_n": len(loaded["latencies"]),
        "inprocess_under_load_threads": threads,
        "by_workers": phases,
        "errors_all_phases": sum(p["errors"] for p in phases),
        "worst_http_over_inprocess_p50": max((p["http_over_inprocess_p50"] or 0.0) for p in phases),
        "worst_http_p95_ms": max(p["http_p95_ms"] for p in phases),
        "clients": clients,
        "seconds": seconds,
        "cores": os.cpu_count(),
        "think_time_s": list(think_s),
        "server": f"uvicorn via styrdok serve --workers N (N = {', '.join(map(str, workers))}), "
        "127.0.0.1",
    }
