"""The evaluation report as one self-contained HTML page: evals/reports/<date>.html.

Built from the report data (`EvalRun.to_dict()`, the same as <date>.json), so an old JSON
report can be drawn again:  python -m evals.report_html evals/reports/<date>.json [...]

Per named result group (the splits dev and blind of the program suite, the multi-document
suite; a group the run does not have is shown as absent): accuracy beside the langchain
baseline, accuracy per category, the latency distribution and the failing cases with question,
expected and given answer. Inline CSS and SVG only: no script, no request to anywhere.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .report_svg import Series, bar_chart, esc

EXPECTED_GROUPS = ("dev", "blind", "multi-document")
MULTI = "multi-document"
# latency bins, upper edges in ms
LATENCY_EDGES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
TEXT_LIMIT = 500

CSS = """
body { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #1b1b1b; margin: 0; line-height: 1.45; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #c9d1d9; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.92rem; }
th, td { border: 1px solid #c9d1d9; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f4f6f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.absent { color: #4a4a4a; font-style: italic; }
.chart { max-width: 100%; height: auto; }
.chart text { font-size: 12px; fill: #1b1b1b; } .chart .legend { font-size: 12px; }
.cases td { max-width: 28rem; overflow-wrap: anywhere; }
.meta { color: #4a4a4a; }
details { margin: 0.25rem 0 1rem; } summary { cursor: pointer; }
"""


@dataclass
class ResultGroup:
    name: str
    summary: dict[str, Any] | None  # None: the run has no such group
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.summary is not None and bool(self.summary.get("n"))


def result_groups(reports: Sequence[dict[str, Any]]) -> list[ResultGroup]:
    """The named groups of one evaluation: each split of the program suite, the multi-document
    suite as one group; the expected names missing from the run are kept, as absent."""
    groups: dict[str, ResultGroup] = {}
    for rep in reports:
        summary, cases = rep.get("summary") or {}, rep.get("cases") or []
        if rep.get("suite", "program") != "program":
            name = MULTI if rep.get("suite") == "multi" else str(rep.get("suite"))
            groups[name] = ResultGroup(name, summary, list(cases))
            continue
        splits = summary.get("splits") or {"dev": summary}
        for name, sub in splits.items():
            mine = [c for c in cases if c.get("split", "dev") == name]
            groups[name] = ResultGroup(name, sub, mine)
    ordered = [groups.pop(n, ResultGroup(n, None)) for n in EXPECTED_GROUPS]
    return ordered + list(groups.values())


def _num(value: Any, ms: bool = False) -> str:
    if value is None:
        return "–"
    if ms:
        return f"{value:.1f}"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _base(summary: dict[str, Any] | None) -> dict[str, Any]:
    return ((summary or {}).get("baseline")) or {}


OVERVIEW = (
    ("accuracy", "accuracy", False),
    ("abstention_precision", "abstention precision", False),
    ("citation_precision", "citation precision", False),
    ("hit_at_5", "hit@5", False),
    ("p50_ms", "p50 ms", True),
    ("p95_ms", "p95 ms", True),
)


def overview_table(groups: Sequence[ResultGroup]) -> str:
    head = "".join(
        f'<th scope="col">{esc(label)}</th><th scope="col">baseline {esc(label)}</th>'
        for _, label, _ in OVERVIEW
    )
    rows = []
    for g in groups:
        if not g.present:
            rows.append(
                f'<tr><th scope="row">{esc(g.name)}</th>'
                f'<td colspan="{1 + 2 * len(OVERVIEW)}" class="absent">not in this run</td></tr>'
            )
            continue
        s, b = g.summary or {}, _base(g.summary)
        cells = "".join(
            f'<td class="num">{_num(s.get(k), ms)}</td><td class="num">{_num(b.get(k), ms)}</td>'
            for k, _, ms in OVERVIEW
        )
        rows.append(
            f'<tr><th scope="row">{esc(g.name)}</th><td class="num">{s.get("n", 0)}</td>{cells}</tr>'
        )
    return (
        '<table class="overview"><caption>Every group, styrdok beside the langchain baseline'
        f'</caption><thead><tr><th scope="col">group</th><th scope="col">n</th>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def accuracy_chart(groups: Sequence[ResultGroup]) -> str:
    present = [g for g in groups if g.present]
    if not present:
        return '<p class="absent">No results.</p>'
    return bar_chart(
        "accuracy-groups",
        "Accuracy per group: styrdok and the langchain baseline",
        [f"{g.name} (n={(g.summary or {}).get('n')})" for g in present],
        [
            Series("styrdok", [(g.summary or {}).get("accuracy") for g in present]),
            Series("langchain baseline", [_base(g.summary).get("accuracy") for g in present]),
        ],
    )


def category_block(group: ResultGroup, index: int) -> str:
    per = (group.summary or {}).get("per_category") or {}
    base = _base(group.summary).get("per_category") or {}
    names = sorted(per)
    chart = bar_chart(
        f"category-{index}",
        f"Accuracy per category, {group.name}: styrdok and the langchain baseline",
        [f"{n} (n={per[n].get('n')})" for n in names],
        [
            Series("styrdok", [per[n].get("accuracy") for n in names]),
            Series("langchain baseline", [(base.get(n) or {}).get("accuracy") for n in names]),
        ],
    )
    rows = "".join(
        f'<tr><th scope="row">{esc(n)}</th><td class="num">{per[n].get("n")}</td>'
        f'<td class="num">{_num(per[n].get("accuracy"))}</td>'
        f'<td class="num">{_num((base.get(n) or {}).get("accuracy"))}</td></tr>'
        for n in names
    )
    table = (
        f"<details><summary>The numbers of the chart ({esc(group.name)})</summary>"
        f'<table><thead><tr><th scope="col">category</th><th scope="col">n</th>'
        f'<th scope="col">accuracy</th><th scope="col">baseline accuracy</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )
    return f"<h3>{esc(group.name)}</h3>{chart}{table}"


def latency_bins(values: Sequence[float]) -> list[int]:
    counts = [0] * (len(LATENCY_EDGES) + 1)
    for v in values:
        i = next((k for k, edge in enumerate(LATENCY_EDGES) if v < edge), len(LATENCY_EDGES))
        counts[i] += 1
    return counts


def bin_labels() -> list[str]:
    labels = [f"< {LATENCY_EDGES[0]} ms"]
    labels += [f"{a}–{b} ms" for a, b in zip(LATENCY_EDGES, LATENCY_EDGES[1:], strict=False)]
    return [*labels, f"≥ {LATENCY_EDGES[-1]} ms"]


def latency_block(group: ResultGroup, index: int) -> str:
    ours = [c["latency_ms"] for c in group.cases if c.get("answer") and c.get("latency_ms")]
    theirs = [
        c["baseline"]["latency_ms"]
        for c in group.cases
        if isinstance(c.get("baseline"), dict) and c["baseline"].get("latency_ms") is not None
    ]
    if not ours and not theirs:
        return f'<h3>{esc(group.name)}</h3><p class="absent">No timed answers.</p>'
    a, b = latency_bins(ours), latency_bins(theirs)
    used = [i for i in range(len(a)) if a[i] or b[i]]
    lo, hi = used[0], used[-1] + 1
    labels = bin_labels()[lo:hi]
    series = [Series("styrdok", [float(x) for x in a[lo:hi]])]
    if theirs:
        series.append(Series("langchain baseline", [float(x) for x in b[lo:hi]]))
    chart = bar_chart(
        f"latency-{index}",
        f"Latency per answer, {group.name}: number of cases per time band",
        labels,
        series,
        scale_max=float(max(max(a), max(b), 1)),
        fmt=lambda v: str(int(v)),
    )
    s, base = group.summary or {}, _base(group.summary)
    note = (
        f'<p class="meta">styrdok p50 {_num(s.get("p50_ms"), True)} ms, '
        f"p95 {_num(s.get('p95_ms'), True)} ms; baseline p50 {_num(base.get('p50_ms'), True)}"
        f" ms, p95 {_num(base.get('p95_ms'), True)} ms.</p>"
    )
    return f"<h3>{esc(group.name)}</h3>{note}{chart}"


def expected_text(case: dict[str, Any]) -> str:
    exp = case.get("expected") or {}
    if exp.get("answerable") is False:
        return "abstain (the documents do not answer this)"
    parts = []
    for key, value in exp.items():
        if key == "answerable" or value in (None, [], {}, ""):
            continue
        if isinstance(value, dict):
            value = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in sorted(value.items()))
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts) or "an answer"


def given_text(case: dict[str, Any]) -> str:
    answer = case.get("answer")
    if not answer:
        return f"error: {case.get('error') or '–'}"
    text = " ".join(str(answer.get("answer", "")).split())
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    head = "abstained" if answer.get("abstained") else f"answered ({answer.get('mode')})"
    return f"{head}: {text}"


def failing_block(group: ResultGroup) -> str:
    failed = [c for c in group.cases if not c.get("passed")]
    title = f"<h3>{esc(group.name)}: {len(failed)} of {len(group.cases)} fail</h3>"
    if not failed:
        return title + "<p>None.</p>"
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(c.get("id"))}</code><br>{esc(c.get("category"))}</th>'
        f"<td>{esc(c.get('question'))}</td><td>{esc(expected_text(c))}</td>"
        f"<td>{esc(given_text(c))}</td><td>{esc('; '.join(c.get('reasons') or []))}</td></tr>"
        for c in sorted(failed, key=lambda c: (str(c.get("category")), str(c.get("id"))))
    )
    return (
        f'{title}<table class="cases"><thead><tr><th scope="col">case</th>'
        '<th scope="col">question</th><th scope="col">expected</th>'
        '<th scope="col">given answer</th><th scope="col">why it fails</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def render_html(reports: Sequence[dict[str, Any]]) -> str:
    """One page over the reports of one evaluation (the program suite and the multi suite)."""
    groups = result_groups(reports)
    first = reports[0] if reports else {}
    date = str(first.get("date", ""))
    present = [g for g in groups if g.present]
    datasets = ", ".join(str(r.get("dataset")) for r in reports)
    body = [
        f"<h1>Evaluation report {esc(date)}</h1>",
        f'<p class="meta">Datasets: {esc(datasets)}. Index version '
        f"{esc(first.get('index_version') or '–')}. The baseline is a plain langchain RAG over "
        "the same documents and embedder (evals/METRICS.md). The Markdown report beside this "
        f"page, {esc(date)}.md, has every metric.</p>",
        "<h2>Groups</h2>",
        overview_table(groups),
        accuracy_chart(groups),
        "<h2>Accuracy per category</h2>",
        *[category_block(g, i) for i, g in enumerate(present)],
        "<h2>Latency</h2>",
        *[latency_block(g, i) for i, g in enumerate(present)],
        "<h2>Failing cases</h2>",
        *[failing_block(g) for g in present],
    ]
    absent = [g.name for g in groups if not g.present]
    if absent:
        body.insert(4, f'<p class="absent">Not in this run: {esc(", ".join(absent))}.</p>')
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Evaluation report {esc(date)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def write_html(reports: Sequence[dict[str, Any]], out_dir: Path) -> Path:
    """evals/reports/<date>.html over the reports of one evaluation."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{reports[0].get('date', 'report')}.html"
    path.write_text(render_html(reports), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw <date>.html from report JSON files.")
    parser.add_argument("reports", nargs="+", type=Path, help="evals/reports/<date>[-multi].json")
    parser.add_argument("--out", type=Path, default=None, help="directory (default: beside)")
    args = parser.parse_args(argv)
    data = [json.loads(p.read_text(encoding="utf-8")) for p in args.reports]
    print(write_html(data, args.out or args.reports[0].parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
