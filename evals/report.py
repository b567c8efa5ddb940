"""Write an evaluation as evals/reports/<date>.md (for people), <date>.json (everything) and
<date>.html (the same as charts, evals/report_html.py)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .report_html import write_html
from .runner import CaseResult, EvalRun

DEFAULT_REPORTS = Path(__file__).resolve().parent / "reports"

# The goals of issue 4; a report says which are met.
GOALS: dict[str, float] = {
    "accuracy": 0.95,
    "hit_at_5": 0.97,
    "citation_precision": 0.98,
    "abstention_precision": 0.9,
    "abstention_recall": 0.9,
}

ROWS: tuple[tuple[str, str], ...] = (
    ("accuracy", "accuracy"),
    ("hit_at_1", "hit@1"),
    ("hit_at_5", "hit@5"),
    ("mrr_at_10", "MRR@10"),
    ("ndcg_at_10", "nDCG@10"),
    ("citation_precision", "citation precision"),
    ("quote_faithfulness", "quote faithfulness"),
    ("abstention_precision", "abstention precision"),
    ("abstention_recall", "abstention recall"),
    ("p50_ms", "latency p50 (ms)"),
    ("p95_ms", "latency p95 (ms)"),
)


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:.1f}"


def goal_misses(summary: dict[str, Any]) -> list[str]:
    return [
        f"{key} {fmt(summary.get(key))} < {goal}"
        for key, goal in GOALS.items()
        if summary.get(key) is None or summary[key] < goal
    ]


def summary_table(summary: dict[str, Any]) -> list[str]:
    """Metric | goal | styrdok | langchain baseline; also what the CLI prints."""
    base = summary.get("baseline") or {}
    lines = [
        "| metric | goal | styrdok | langchain baseline |",
        "|---|---|---|---|",
        f"| cases | | {summary['n']} | {base.get('n', '–')} |",
    ]
    for key, label in ROWS:
        goal = f"≥ {GOALS[key]}" if key in GOALS else ""
        show = _ms if key.endswith("_ms") else fmt
        lines.append(f"| {label} | {goal} | {show(summary.get(key))} | {show(base.get(key))} |")
    return lines


def _group_table(title: str, summary: dict[str, Any], key: str) -> list[str]:
    groups: dict[str, Any] = summary[key]
    base: dict[str, Any] = (summary.get("baseline") or {}).get(key) or {}
    lines = [
        f"| {title} | n | accuracy | baseline accuracy | hit@1 | baseline hit@1 | hit@5 "
        "| baseline hit@5 | MRR@10 | nDCG@10 | citation precision | quote faithfulness "
        "| abstention precision | abstention recall | p50 ms | p95 ms |",
        "|---" * 16 + "|",
    ]
    for name, m in groups.items():
        b = base.get(name, {})
        cells = [
            name,
            str(m["n"]),
            fmt(m["accuracy"]),
            fmt(b.get("accuracy")),
            fmt(m["hit_at_1"]),
            fmt(b.get("hit_at_1")),
            fmt(m["hit_at_5"]),
            fmt(b.get("hit_at_5")),
            fmt(m["mrr_at_10"]),
            fmt(m["ndcg_at_10"]),
            fmt(m["citation_precision"]),
            fmt(m["quote_faithfulness"]),
            fmt(m["abstention_precision"]),
            fmt(m["abstention_recall"]),
            _ms(m["p50_ms"]),
            _ms(m["p95_ms"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _expected(r: CaseResult) -> str:
    c = r.case
    if not c.answerable:
        return "abstain (the program does not answer this)"
    parts = []
    if c.expected_owners is not None:
        parts.append("owners {" + ", ".join(sorted(c.expected_owners)) + "}")
    for doc, owners in sorted((c.owners_by_document or {}).items()):
        parts.append(f"owners in {doc} {{" + ", ".join(sorted(owners)) + "}")
    if c.expected_documents is not None:
        parts.append("documents {" + ", ".join(sorted(c.expected_documents)) + "}")
    if c.document is not None and c.suite == "multi":
        parts.append(f"document {c.document}")
    if c.expected_sections is not None:
        parts.append("sub-goals {" + ", ".join(sorted(c.expected_sections)) + "}")
    if c.required_facts:
        parts.append("facts " + ", ".join(repr(f) for f in c.required_facts))
    if c.gold_sections:
        parts.append(f"gold sections {list(c.gold_sections)} pages {list(c.gold_pages)}")
    return "; ".join(parts) or "an answer"


def _got(r: CaseResult) -> str:
    a = r.answer
    if a is None:
        return f"error: {r.error}"
    head = "abstained" if a.abstained else "answered"
    parts = [f"{head} (mode {a.mode})"]
    if a.owners is not None:
        parts.append("owners {" + ", ".join(a.owners) + "}")
    if a.sections:
        parts.append(f"sections {a.sections}")
    cited = [f"{c.section or '-'} p.{c.page}" for c in a.citations]
    parts.append(f"cited [{', '.join(cited)}]")
    return "; ".join(parts)


def _case_block(r: CaseResult) -> list[str]:
    c = r.case
    lines = [f"### `{c.id}` ({c.category} / {c.variant})", "", f"- Question: {c.question}"]
    for q, a in zip(c.history, r.history_answers + [""] * len(c.history), strict=False):
        lines.append(f"- Earlier: {q} → {_one_line(a, 160) or '–'}")
    lines += [
        f"- Expected: {_expected(r)}",
        f"- Got: {_got(r)}",
    ]
    if r.answer is not None and r.answer.text:
        lines.append(f"- Text: {_one_line(r.answer.text)}")
    lines += [f"- Why: {'; '.join(r.score.reasons)}", ""]
    return lines


def failing_cases(results: Sequence[CaseResult]) -> list[str]:
    failed = [r for r in results if not r.score.passed]
    lines = [f"## Failing cases ({len(failed)} of {len(results)})", ""]
    if not failed:
        return [*lines, "None.", ""]
    counts = Counter(r.case.category for r in failed)
    lines += ["By category: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), ""]
    for r in sorted(failed, key=lambda r: (r.case.category, r.case.id)):
        lines += _case_block(r)
    return lines


def citation_problems(results: Sequence[CaseResult]) -> list[str]:
    bad = [r for r in results if r.score.wrong_citations or r.score.unfaithful_quotes]
    lines = [f"## Citation and quote problems ({len(bad)} cases)", ""]
    if not bad:
        return [*lines, "None.", ""]
    for r in bad:
        parts = []
        if r.score.wrong_citations:
            gold = f"gold {list(r.case.gold_sections)} p.{list(r.case.gold_pages)}"
            parts.append(f"cites outside the gold ({gold}): {', '.join(r.score.wrong_citations)}")
        if r.score.unfaithful_quotes:
            parts.append("unfaithful: " + "; ".join(r.score.unfaithful_quotes))
        lines.append(
            f"- `{r.case.id}` ({'passes' if r.score.passed else 'fails'}): " + " · ".join(parts)
        )
    return [*lines, ""]


def retrieval_misses(results: Sequence[CaseResult]) -> list[str]:
    miss = [r for r in results if r.score.hit_at_5 == 0.0]
    lines = [f"## Retrieval misses: no gold section among the first 5 ({len(miss)} cases)", ""]
    if not miss:
        return [*lines, "None.", ""]
    for r in miss:
        lines.append(
            f"- `{r.case.id}`: ranked {r.score.ranked[:5]}, gold {list(r.case.gold_sections)}"
        )
    return [*lines, ""]


def render_markdown(run: EvalRun, others: Sequence[EvalRun] = ()) -> str:
    """The report of one run; with `others` (the other suite of the same run), the single- and
    multi-document results side by side first."""
    from .report_splits import overlap_note, split_table, suites_table

    s = run.summary()
    modes = ", ".join(f"{k} {v}" for k, v in s["modes"].items()) or "–"
    misses = goal_misses(s)
    suite = "" if run.suite == "program" else f" ({run.suite}-document suite)"
    both = sorted([run, *others], key=lambda r: r.suite != "program")
    lines = [
        f"# Evaluation report {run.date}{suite}",
        "",
        *(["## Single- and multi-document", "", *suites_table(both), ""] if others else []),
        f"Dataset `{run.dataset}` ({s['n']} cases, sha256 `{run.dataset_sha256[:12]}`), "
        f"index version `{run.index_version or '–'}`. Answers by mode: {modes}. "
        f"Errors: {s['errors']}.",
        "",
        f"As charts: [{run.date}.html]({run.date}.html) (per category and split beside the "
        "baseline, latency, failing cases).",
        "",
        "Scoring follows evals/DATASET.md; every metric is defined in evals/METRICS.md. "
        "The baseline is a plain langchain RAG (RecursiveCharacterTextSplitter 1000/200 over "
        "the same PDF, the same embedder, top-4 by cosine; its answer is the top chunk).",
        "",
        *([f"Documents: {', '.join(s['documents'])}.", ""] if s.get("documents") else []),
        *(
            _single_lines(s["single_document_on_corpus"])
            if s.get("single_document_on_corpus")
            else []
        ),
        "## Summary",
        "",
        *summary_table(s),
        "",
        ("Goals missed: " + "; ".join(misses) + ".") if misses else "All goals met.",
        "",
        "## Dev and blind",
        "",
        'Dev is tuned on; blind is never tuned on (evals/DATASET.md, "Splits"). '
        + overlap_note(run.results),
        "",
        *split_table(s),
        "",
        "## Per category",
        "",
        *_group_table("category", s, "per_category"),
        "",
        "## Per variant",
        "",
        *_group_table("variant", s, "per_variant"),
        "",
        *failing_cases(run.results),
        *citation_problems(run.results),
        *retrieval_misses(run.results),
    ]
    return "\n".join(lines).rstrip() + "\n"


def to_json_text(data: dict[str, Any]) -> str:
    """The report JSON with one case per line, so that two reports diff case by case."""
    head = {k: v for k, v in data.items() if k != "cases"}
    lines = [json.dumps(c, ensure_ascii=False) for c in data["cases"]]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "cases": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def _single_lines(single: dict[str, Any]) -> list[str]:
    """The single-document dev set on the multi-document corpus, with and without the filter."""
    scoped, unscoped = single["scoped"], single["unscoped"]
    return [
        f"Single-document dev set on this corpus ({single['n']} cases): "
        f"**{scoped['accuracy']:.3f}** asked within `{single['scope']}` (the chat's document "
        f"filter), {unscoped['accuracy']:.3f} asked over every document, where a bare number "
        "is answered for each document that has it and the single-document scoring counts the "
        f"other documents' owners and sections as extra ({len(unscoped['failed'])} cases).",
        "",
    ]


def write_report(run: EvalRun, out_dir: Path, others: Sequence[EvalRun] = ()) -> tuple[Path, Path]:
    """evals/reports/<date>.md and .json (<date>-multi.* for the multi suite); a second run on
    the same day replaces them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = run.date if run.suite == "program" else f"{run.date}-{run.suite}"
    md = out_dir / f"{stem}.md"
    js = out_dir / f"{stem}.json"
    md.write_text(render_markdown(run, others), encoding="utf-8")
    js.write_text(to_json_text(run.to_dict()), encoding="utf-8")
    both = sorted([run, *others], key=lambda r: r.suite != "program")
    write_html([r.to_dict() for r in both], out_dir)
    return md, js
