"""The runner's history replay and the report, with hand-made answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from evals.dataset import Case
from evals.report import render_markdown, write_report
from evals.runner import EvalRun, run_case, run_cases, summary
from service.engine.models import Answer, QuestionError, Turn

from .helpers import FORMS, answer, case, cite, page_text

pytestmark = pytest.mark.unit


class ScriptedAnswers:
    """Answers from a script, recording the history it was given."""

    def __init__(self, script: dict[str, Answer]) -> None:
        self.script = script
        self.calls: list[tuple[str, list[Turn]]] = []

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        self.calls.append((question, list(history)))
        if question == "boom":
            raise RuntimeError("engine broke")
        if question == "":
            raise QuestionError("empty_question")
        return self.script.get(question, answer(abstained=True))


OWNERS_12 = answer(
    "Huvudansvar för 1.2 har KS, IFN, TN och UKF.",
    [cite("1.2", 1, "Huvudansvar: KS, IFN, TN, UKF")],
    owners=["KS", "IFN", "TN", "UKF"],
)


def test_history_is_replayed_as_user_assistant_turns() -> None:
    first = answer("Svar ett")
    second = answer("Svar två")
    engine = ScriptedAnswers({"q1": first, "q2": second, "Och 1.2?": OWNERS_12})
    c = case(
        id="f",
        question="Och 1.2?",
        history=["q1", "q2"],
        expected_owners=["KS", "IFN", "TN", "UKF"],
    )
    r = run_case(engine, c, page_text, FORMS)
    assert [q for q, _ in engine.calls] == ["q1", "q2", "Och 1.2?"]
    assert engine.calls[0][1] == []
    assert engine.calls[2][1] == [
        Turn("user", "q1"),
        Turn("assistant", "Svar ett"),
        Turn("user", "q2"),
        Turn("assistant", "Svar två"),
    ]
    assert r.score.passed and r.history_answers == ["Svar ett", "Svar två"]
    assert r.latency_ms >= 0.0


def test_errors_fail_the_case_without_stopping_the_run() -> None:
    engine = ScriptedAnswers({"Vem har huvudansvar för 1.2?": OWNERS_12})
    cases = [
        case(id="a", question="boom"),
        case(id="b", question=""),
        case(id="c", expected_owners=["KS", "IFN", "TN", "UKF"]),
    ]
    results = run_cases(engine, cases, page_text, FORMS)
    assert [r.score.passed for r in results] == [False, False, True]
    assert results[0].error == "RuntimeError: engine broke"
    assert results[1].error == "empty_question"
    s = summary(results, None)
    assert s["errors"] == 2 and s["n"] == 3 and s["baseline"] is None
    assert s["modes"] == {"structured": 1}


def _run() -> EvalRun:
    engine = ScriptedAnswers({"Vem har huvudansvar för 1.2?": OWNERS_12})
    cases = [
        case(id="owners-ok", expected_owners=["KS", "IFN", "TN", "UKF"]),
        case(
            id="owners-miss",
            question="Vem ansvarar för 3.2?",
            gold_sections=["3.2"],
            gold_pages=[2],
            expected_owners=["IFN"],
        ),
        case(
            id="unans",
            question="Vem ansvarar för 6.1?",
            answerable=False,
            category="unanswerable",
            variant="near_miss",
            gold_sections=[],
            gold_pages=[],
        ),
    ]
    results = run_cases(engine, cases, page_text, FORMS)
    return EvalRun("2025-02-03", "d.jsonl", "0" * 64, "v1", results, None)


def test_report_lists_every_failing_case_with_why() -> None:
    run = _run()
    md = render_markdown(run)
    assert "# Evaluation report 2025-02-03" in md
    assert "## Failing cases (1 of 3)" in md
    failing = md.split("## Failing cases")[1].split("## Citation")[0]
    assert "`owners-miss`" in failing and "`owners-ok`" not in failing and "`unans`" not in failing
    assert "Vem ansvarar för 3.2?" in failing
    assert "abstained, but the program holds the answer" in failing
    assert "| owners | 2 | 0.500 |" in md
    assert "| unanswerable | 1 | 1.000 |" in md
    assert "Goals missed: accuracy 0.667 < 0.95" in md


def test_write_report_names_files_by_date(tmp_path: Path) -> None:
    md, js = write_report(_run(), tmp_path / "reports")
    assert md.name == "2025-02-03.md" and js.name == "2025-02-03.json"
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["summary"]["n"] == 3 and data["summary"]["passed"] == 2
    assert [c["id"] for c in data["cases"]] == ["owners-ok", "owners-miss", "unans"]
    assert data["cases"][0]["answer"]["owners"] == ["KS", "IFN", "TN", "UKF"]
    assert data["cases"][1]["reasons"] == ["abstained, but the program holds the answer"]


def test_splits_are_summarised_apart_and_shown_side_by_side_with_the_gap() -> None:
    engine = ScriptedAnswers({"Vem har huvudansvar för 1.2?": OWNERS_12})
    owners = ["KS", "IFN", "TN", "UKF"]
    dev = [case(id="d1", expected_owners=owners), case(id="d2", expected_owners=owners)]
    blind = [
        case(id="b1-ok", expected_owners=owners),
        case(id="b1-miss", question="Vem leder 1.2?", expected_owners=owners),
        case(id="b1-wrong", expected_owners=["KS"]),
    ]
    blind = [Case.from_dict(c.to_dict(), "program", "blind") for c in blind]
    results = run_cases(engine, [*dev, *blind], page_text, FORMS)
    run = EvalRun("2025-02-03", "d.jsonl", "0" * 64, "v1", results, None, splits=("dev", "blind"))
    s = run.summary()
    assert s["n"] == 5 and set(s["splits"]) == {"dev", "blind"}
    assert s["splits"]["dev"]["accuracy"] == 1.0 and s["splits"]["dev"]["wrong_rate"] == 0.0
    b = s["splits"]["blind"]
    assert b["n"] == 3 and b["accuracy"] == pytest.approx(1 / 3)
    assert b["wrong_rate"] == pytest.approx(1 / 3)  # answered with the wrong owners
    assert b["needless_abstention_rate"] == pytest.approx(1 / 3)  # abstained on an answerable
    md = render_markdown(run)
    assert "| metric | goal | dev | blind | gap (blind − dev) |" in md
    assert "| accuracy | ≥ 0.95 | 1.000 | 0.333 | -0.667 |" in md
    assert "| wrong answers / n | ≤ 0.01 | 0.000 | 0.333 | +0.333 |" in md
    assert "Blind questions also asked word for word in dev: 2 of 3." in md


def test_an_intended_split_without_cases_is_reported_with_zero() -> None:
    engine = ScriptedAnswers({})
    results = run_cases(engine, [case(id="d1")], page_text, FORMS)
    run = EvalRun("2025-02-03", "d.jsonl", "0" * 64, "v1", results, None, splits=("dev", "blind"))
    assert run.summary()["splits"]["blind"]["n"] == 0
    assert "| cases | | 1 | 0 |" in render_markdown(run)
