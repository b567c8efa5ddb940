"""`styrdok eval` end to end on the real corpus index, with a small dataset and tmp outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_DATASET, load_cases
from styrdok.cli import build_parser
from styrdok.eval_cmd import EvalPaths, cmd_eval
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

PICK = [
    "owners-3.2-number",
    "reverse-JUSK-abbr",
    "anslag-plain",
    "list-related-fo1",
    "glossary-AN",
    "followup-3.3-after-3.2",
    "unans-6.1",
    "unans-vader",
]
FIELDS = {
    "n",
    "accuracy",
    "hit_at_1",
    "hit_at_5",
    "mrr_at_10",
    "ndcg_at_10",
    "citation_precision",
    "quote_faithfulness",
    "abstention_precision",
    "abstention_recall",
    "p50_ms",
    "p95_ms",
}


@pytest.fixture
def small_dataset(tmp_path: Path) -> Path:
    lines = DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()
    chosen = [ln for ln in lines if json.loads(ln)["id"] in PICK]
    assert len(chosen) == len(PICK)
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return path


def _paths(tmp_path: Path) -> EvalPaths:
    return EvalPaths(
        reports=tmp_path / "reports",
        floor=tmp_path / "floor.json",
        baseline=tmp_path / "baseline.json",
    )


def test_eval_writes_reports_and_prints_json(
    corpus_settings: Settings,
    small_dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = build_parser().parse_args(["eval", "--dataset", str(small_dataset), "--json"])
    assert cmd_eval(corpus_settings, args, _paths(tmp_path)) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= FIELDS
    assert summary["n"] == len(PICK)
    # a file outside evals/blind/ is a dev file: one split, the same numbers as the whole
    assert list(summary["splits"]) == ["dev"]
    dev = summary["splits"]["dev"]
    assert set(dev) >= FIELDS | {"wrong_rate", "needless_abstention_rate"}
    assert dev["accuracy"] == summary["accuracy"] and dev["n"] == len(PICK)
    assert summary["suite"] == "program" and summary["documents"]
    cases = load_cases(small_dataset)
    assert set(summary["per_category"]) == {c.category for c in cases}
    for name, group in summary["per_category"].items():
        assert group["n"] == sum(1 for c in cases if c.category == name)
    base = summary["baseline"]
    assert set(base) >= FIELDS and base["n"] == len(PICK)
    assert base["abstention_recall"] == 0.0  # the plain RAG never abstains
    assert base["retrieval_n"] == sum(1 for c in cases if c.gold_sections)

    reports = list((tmp_path / "reports").iterdir())
    assert sorted(p.suffix for p in reports) == [".html", ".json", ".md"]
    assert reports[0].stem == summary["date"]
    data = json.loads(
        (tmp_path / "reports" / f"{summary['date']}.json").read_text(encoding="utf-8")
    )
    assert [c["id"] for c in data["cases"]] == [c.id for c in cases]
    assert data["summary"]["accuracy"] == summary["accuracy"]
    assert summary["accuracy"] == pytest.approx(
        sum(1 for c in data["cases"] if c["passed"]) / len(PICK)
    )
    md = (tmp_path / "reports" / f"{summary['date']}.md").read_text(encoding="utf-8")
    assert "| metric | goal | styrdok | langchain baseline |" in md
    assert "| metric | goal | dev | blind | gap (blind − dev) |" in md
    failing = md.split("## Failing cases")[1].split("## Citation")[0]
    for c in data["cases"]:
        assert (f"`{c['id']}`" in failing) == (not c["passed"]), c["id"]
        # the baseline saw every case and retrieved sections for it
        assert c["baseline"]["ranked_sections"], c["id"]
    followup = next(c for c in data["cases"] if c["id"] == "followup-3.3-after-3.2")
    assert len(followup["history_answers"]) == 1


def test_baseline_is_written_only_on_request_and_gates(
    corpus_settings: Settings,
    small_dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = _paths(tmp_path)
    floor = {"enforce": ["program.dev"], "targets": {"program.dev": {"min": {"accuracy": 0.0}}}}
    paths.floor.write_text(json.dumps(floor), encoding="utf-8")
    base = ["eval", "--dataset", str(small_dataset), "--no-report", "--no-baseline-rag", "--json"]
    parse = build_parser().parse_args

    # no baseline committed: the gate fails, and a plain run does not create one
    assert cmd_eval(corpus_settings, parse([*base, "--gate"]), paths) == 1
    assert not paths.baseline.exists()
    assert not paths.reports.exists()

    # --update-baseline writes it; the same engine then passes against it
    cmd_eval(corpus_settings, parse([*base, "--update-baseline"]), paths)
    record = json.loads(paths.baseline.read_text(encoding="utf-8"))
    assert record["n"] == len(PICK)
    assert cmd_eval(corpus_settings, parse([*base, "--gate"]), paths) == 0
    assert json.loads(paths.baseline.read_text(encoding="utf-8")) == record

    # a baseline the engine cannot reach fails the gate and is left as it is
    record["metrics"]["abstention_recall"] = 1.5
    paths.baseline.write_text(json.dumps(record), encoding="utf-8")
    assert cmd_eval(corpus_settings, parse([*base, "--gate"]), paths) == 1
    assert json.loads(paths.baseline.read_text(encoding="utf-8")) == record
    capsys.readouterr()


def test_a_blind_file_is_the_blind_split_and_an_empty_suite_fails_in_swedish(
    corpus_settings: Settings,
    small_dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blind = tmp_path / "blind"
    blind.mkdir()
    path = blind / "program-b9.jsonl"
    path.write_text(small_dataset.read_text(encoding="utf-8"), encoding="utf-8")
    paths = _paths(tmp_path)
    floor = {"enforce": ["program.dev"], "targets": {"program.dev": {"min": {"accuracy": 0.0}}}}
    paths.floor.write_text(json.dumps(floor), encoding="utf-8")
    parse = build_parser().parse_args
    args = parse(["eval", "--dataset", str(path), "--json", "--no-report", "--no-baseline-rag"])
    assert cmd_eval(corpus_settings, args, paths) == 0
    summary = json.loads(capsys.readouterr().out)
    assert list(summary["splits"]) == ["blind"] and summary["splits"]["blind"]["n"] == len(PICK)

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    args = parse(["eval", "--dataset", str(empty), "--json", "--no-report", "--gate"])
    assert cmd_eval(corpus_settings, args, paths) == 2
    assert "Inga fall hittades för sviten program" in capsys.readouterr().err
