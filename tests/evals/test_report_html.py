"""The HTML evaluation report: groups (present and absent), bars beside the baseline, latency
bins, the failing cases, and nothing fetched from anywhere."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from evals.baseline import BaselineResult
from evals.dataset import Case
from evals.metrics import CaseScore
from evals.report_html import (
    LATENCY_EDGES,
    latency_bins,
    main,
    render_html,
    result_groups,
    write_html,
)
from evals.report_svg import BAR_W
from evals.runner import EvalRun, run_case

from .helpers import FORMS, answer, case, cite, page_text

pytestmark = pytest.mark.unit

RIGHT = answer(
    "Huvudansvar för 1.2 har KS, IFN, TN och UKF.",
    [cite("1.2", 1, "Huvudansvar: KS, IFN, TN, UKF")],
    owners=["KS", "IFN", "TN", "UKF"],
)
WRONG = answer("Huvudansvar för 1.2 har ÄN.", [cite("1.2", 1)], owners=["ÄN"])


class Scripted:
    def __init__(self, reply: Any) -> None:
        self.reply = reply

    def answer(self, question: str, history: Any = ()) -> Any:
        return self.reply


def owners_case(cid: str, **kw: Any) -> Case:
    return case(id=cid, expected_owners=["KS", "IFN", "TN", "UKF"], **kw)


def run(cases_and_answers: list[tuple[Case, Any]], suite: str = "program") -> EvalRun:
    results = [run_case(Scripted(a), c, page_text, FORMS) for c, a in cases_and_answers]
    baseline = [
        BaselineResult(
            c,
            [],
            20.0 + i,
            CaseScore(passed=i % 2 == 0, reasons=[], answerable=True, abstained=False),
        )
        for i, (c, _) in enumerate(cases_and_answers)
    ]
    splits = tuple(dict.fromkeys(c.split for c, _ in cases_and_answers))
    return EvalRun(
        date="2026-12-01",
        dataset="evals/dataset.jsonl",
        dataset_sha256="0" * 64,
        index_version="v1",
        results=results,
        baseline=baseline,
        suite=suite,
        splits=splits if suite == "program" else (),
    )


def program_run() -> EvalRun:
    dev = [(owners_case("d1"), RIGHT), (owners_case("d2"), RIGHT)]
    blind = [
        (dataclasses.replace(owners_case("b1"), split="blind"), RIGHT),
        (
            dataclasses.replace(
                owners_case("b2", question="Vem har <b>huvudansvar</b> för 1.2?"), split="blind"
            ),
            WRONG,
        ),
    ]
    return run(dev + blind)


def multi_run() -> EvalRun:
    return run([(dataclasses.replace(owners_case("m1"), suite="multi"), RIGHT)], suite="multi")


def test_groups_are_the_splits_and_the_multi_suite_in_order() -> None:
    groups = result_groups([program_run().to_dict(), multi_run().to_dict()])
    assert [g.name for g in groups] == ["dev", "blind", "multi-document"]
    assert all(g.present for g in groups)
    assert [len(g.cases) for g in groups] == [2, 2, 1]
    assert groups[1].summary is not None and groups[1].summary["accuracy"] == 0.5


def test_groups_a_run_does_not_have_are_shown_as_absent() -> None:
    only_dev = run([(owners_case("d1"), RIGHT)])
    groups = result_groups([only_dev.to_dict()])
    assert [(g.name, g.present) for g in groups] == [
        ("dev", True),
        ("blind", False),
        ("multi-document", False),
    ]
    page = render_html([only_dev.to_dict()])
    assert "Not in this run: blind, multi-document." in page
    assert page.count("not in this run") == 2


def test_bars_show_styrdok_beside_the_baseline() -> None:
    page = render_html([program_run().to_dict(), multi_run().to_dict()])
    chart = page[page.index('id="accuracy-groups"') :]
    chart = chart[: chart.index("</svg>")]
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', chart)]
    # legend squares (12) first, then dev, blind, multi-document: styrdok and baseline each
    assert widths[2:] == [BAR_W * 1.0, BAR_W * 0.5, BAR_W * 0.5, BAR_W * 0.5, BAR_W * 1.0, BAR_W]
    assert "langchain baseline" in chart and "<title" in chart and "<desc" in chart
    assert 'id="category-0"' in page and 'id="category-2"' in page


def test_failing_cases_show_question_expected_and_given_answer_escaped() -> None:
    page = render_html([program_run().to_dict()])
    failing = page[page.index("<h2>Failing cases</h2>") :]
    assert "blind: 1 of 2 fail" in failing and "dev: 0 of 2 fail" in failing
    assert "Vem har &lt;b&gt;huvudansvar&lt;/b&gt; för 1.2?" in failing
    assert "<b>huvudansvar" not in page
    assert "<td>owners: IFN, KS, TN, UKF; gold sections: 1.2; gold pages: 1</td>" in failing
    assert "<td>answered (structured): Huvudansvar för 1.2 har ÄN.</td>" in failing
    assert "<code>b1</code>" not in failing  # a passing case is not listed


def test_latency_bins_and_chart() -> None:
    assert latency_bins([0.5, 1.5, 1.7, 10_000.0]) == [1, 2] + [0] * (len(LATENCY_EDGES) - 2) + [1]
    page = render_html([program_run().to_dict()])
    assert 'id="latency-0"' in page and "20–50 ms" in page  # the baseline's 20-23 ms


def test_the_page_is_self_contained() -> None:
    page = render_html([program_run().to_dict(), multi_run().to_dict()])
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    for forbidden in ("<script", "<link", "<img", "src=", "@import", "http://", "https://"):
        assert forbidden not in page, forbidden
    assert set(re.findall(r"url\(([^)]*)\)", page)) <= {"#accuracy-groups-hatch"} | {
        f"#{kind}-{i}-hatch" for kind in ("category", "latency") for i in range(3)
    }


def test_written_beside_the_reports_and_drawn_again_from_json(tmp_path: Path) -> None:
    data = [program_run().to_dict(), multi_run().to_dict()]
    path = write_html(data, tmp_path)
    assert path == tmp_path / "2026-12-01.html"
    for i, d in enumerate(data):
        (tmp_path / f"r{i}.json").write_text(json.dumps(d), encoding="utf-8")
    out = tmp_path / "again"
    assert main([str(tmp_path / "r0.json"), str(tmp_path / "r1.json"), "--out", str(out)]) == 0
    assert (out / "2026-12-01.html").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_the_markdown_report_links_to_the_page_written_beside_it(tmp_path: Path) -> None:
    from evals.report import write_report

    md, _ = write_report(program_run(), tmp_path)
    html = tmp_path / "2026-12-01.html"
    assert html.is_file() and "<svg" in html.read_text(encoding="utf-8")
    assert "[2026-12-01.html](2026-12-01.html)" in md.read_text(encoding="utf-8")
