"""`styrdok bench ingest`: ingest throughput against the raw embedder, measured in one run.

Every round ingests the corpus into a fresh temporary data dir (so the embedding cache is cold)
and embeds the same chunk texts with the bare embedder, one passage at a time as the pipeline
does. The two alternate, and the best of each is compared, so that noise from other processes
does not bias the ratio. The first round is also reported on its own: it is what a user's first
`styrdok ingest` costs (lazy imports, a new chroma store).
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.pipeline import IngestReport, run_ingest
from ingest.store import make_store
from styrdok.settings import Settings
from styrdok.wiring import build_embedder

GOAL_RATIO = 0.9
GOAL_SECONDS = 10.0


def _pipeline(
    settings: Settings, embedder: Embedder, data: Path
) -> tuple[float, IngestReport, list[str]]:
    """One cold ingest of the corpus: (seconds, report, the embedded texts)."""
    t0 = time.perf_counter()
    store = make_store(data, settings.chroma_host, settings.chroma_port)
    report = run_ingest(
        data,
        store,
        embedder,
        corpus_dir=settings.corpus_dir,
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
    )
    seconds = time.perf_counter() - t0
    snapshot = Snapshot.open(data, store)
    texts = [c.embed_text() for c in snapshot.chunks]
    store.delete(snapshot.meta["collection"])  # a chroma server outlives the temporary dir
    return seconds, report, texts


def _raw(embedder: Embedder, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for text in texts:
        embedder.embed_passages([text])
    return time.perf_counter() - t0


def _largest(settings: Settings, embedder: Embedder, data: Path) -> dict[str, Any]:
    """The corpus's longest document on its own, cold: what adding it costs."""
    from ingest.pipeline import load_manifest

    best: tuple[int, Path, str] | None = None
    for m in load_manifest(settings.corpus_dir):
        path = settings.corpus_dir / m["file"]
        if not path.exists():
            continue
        pages = _page_count(path)
        if best is None or pages > best[0]:
            best = (pages, path, m["id"])
    if best is None:
        return {}
    t0 = time.perf_counter()
    store = make_store(data, settings.chroma_host, settings.chroma_port)
    report = run_ingest(
        data,
        store,
        embedder,
        corpus_dir=settings.corpus_dir,
        paths=[best[1]],
        mode="add",
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
    )
    seconds = time.perf_counter() - t0
    snapshot = Snapshot.open(data, store)
    store.delete(snapshot.meta["collection"])
    return {
        "document": best[2],
        "pages": best[0],
        "chunks": report.chunks_total,
        "seconds": round(seconds, 3),
        "embed_seconds": round(report.embed_seconds, 3),
    }


def _page_count(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages)
    return 1 + path.read_bytes().count(b"\f")


def run_bench_ingest(
    settings: Settings, rounds: int = 5, corpus: Path | None = None
) -> dict[str, Any]:
    if corpus is not None:
        settings = settings.model_copy(update={"corpus_dir": corpus.resolve()})
    t0 = time.perf_counter()
    embedder = build_embedder(settings)
    load_seconds = time.perf_counter() - t0
    pipeline_s: list[float] = []
    raw_s: list[float] = []
    texts: list[str] = []
    reports: list[IngestReport] = []
    with tempfile.TemporaryDirectory(prefix="styrdok-bench-") as tmp:
        for r in range(rounds):
            data = Path(tmp) / f"round-{r}"
            # round 0 ingests first (a cold process); later rounds alternate the order
            if r % 2 == 1:
                raw_s.append(_raw(embedder, texts))
            seconds, report, texts = _pipeline(settings, embedder, data)
            pipeline_s.append(seconds)
            reports.append(report)
            if r % 2 == 0:
                raw_s.append(_raw(embedder, texts))
        largest = _largest(settings, embedder, Path(tmp) / "largest")
    best = min(range(rounds), key=lambda i: pipeline_s[i])
    report = reports[best]
    chunks = len(texts)
    pipeline_rate = chunks / pipeline_s[best]
    raw_rate = chunks / min(raw_s)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    return {
        "embedder": embedder.name,
        "documents": sum(1 for x in report.results if x.status == "indexed"),
        "pages": report.pages_loaded,
        "chunks": chunks,
        "rounds": rounds,
        "seconds": round(load_seconds + pipeline_s[0], 3),
        "embedder_load_seconds": round(load_seconds, 3),
        "pipeline_seconds": [round(s, 3) for s in pipeline_s],
        "embedder_seconds": [round(s, 3) for s in raw_s],
        "pages_per_s": round(report.pages_loaded / pipeline_s[best], 2),
        "chunks_per_s": round(pipeline_rate, 2),
        "embedder_passages_per_s": round(raw_rate, 2),
        "pipeline_vs_embedder": round(pipeline_rate / raw_rate, 3),
        "embed_share": round(report.embed_seconds / pipeline_s[best], 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "corpus": str(settings.corpus_dir),
        "largest_document": largest,
        "goal_ratio": GOAL_RATIO,
        "goal_seconds": GOAL_SECONDS,
        "meets_goals": pipeline_rate / raw_rate >= GOAL_RATIO
        and load_seconds + pipeline_s[0] <= GOAL_SECONDS,
    }
