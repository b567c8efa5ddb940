"""`styrdok ask` and `styrdok bench ask` (run_bench_ask) on the real corpus index."""

from __future__ import annotations

import json

import pytest

from ingest.messages import Messages
from styrdok.bench_ask import run_bench_ask
from styrdok.cli import main
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


def run(settings: Settings, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(settings.resolved_data_dir()), "ask", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_prints_exactly_the_answer(
    corpus_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    q = "Vilka har huvudansvar för 3.2?"
    code, out, _ = run(corpus_settings, capsys, "--json", q)
    assert code == 0
    assert json.loads(out) == build_engine(corpus_settings).answer(q).to_json()


def test_readable_answer_lists_its_sources(
    corpus_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    q = "Vad gör kommunen mot hemlöshet?"
    code, out, _ = run(corpus_settings, capsys, q)
    answer = build_engine(corpus_settings).answer(q)
    msgs = Messages.load(corpus_settings.prompts_dir)
    assert code == 0 and out.startswith(answer.text)
    assert msgs.render("ask_cli.sources") in out
    for n, c in enumerate(answer.citations, start=1):
        assert f"[{n}]" in out and " ".join(c.quote.split()) in out and str(c.page) in out


def test_empty_and_too_long_questions_are_refused(
    corpus_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    msgs = Messages.load(corpus_settings.prompts_dir)
    code, out, err = run(corpus_settings, capsys, "   ")
    assert code == 2 and out == "" and msgs.render("errors.empty_question") in err
    limit = corpus_settings.max_question_chars
    code, out, err = run(corpus_settings, capsys, "x" * (limit + 1))
    assert code == 2 and out == ""
    assert msgs.render("errors.question_too_long", length=limit + 1, limit=limit) in err


def test_bench_ask_reports_latency_embedding_and_memory(corpus_settings: Settings) -> None:
    report = run_bench_ask(corpus_settings, rounds=1)
    for key in ("open_p50_ms", "open_p95_ms", "structured_p50_ms", "embed_p50_ms", "peak_rss_mb"):
        assert isinstance(report[key], float) and report[key] > 0, key
    assert report["open_p95_ms"] >= report["open_p50_ms"]
    assert report["max_embeddings_per_open_question"] == 1
    assert report["max_embeddings_per_structured_question"] == 0
    assert report["structured_questions"] > 0 and report["open_questions"] > 0
