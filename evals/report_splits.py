"""The report's side-by-side tables: dev and blind with the gap, single- and multi-document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .facts import normalize
from .report import GOALS, ROWS, _ms, fmt

if TYPE_CHECKING:
    from .runner import CaseResult, EvalRun

# the blind rates of issue 9 (lower is better)
RATE_GOALS: dict[str, float] = {"wrong_rate": 0.01, "needless_abstention_rate": 0.02}
SPLIT_ROWS: tuple[tuple[str, str], ...] = (
    *ROWS,
    ("wrong_rate", "wrong answers / n"),
    ("needless_abstention_rate", "needless abstentions / n"),
)


def _gap(a: Any, b: Any) -> str:
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return "–"
    return f"{b - a:+.3f}"


def split_table(summary: dict[str, Any]) -> list[str]:
    """Dev (tuned on) and blind (never tuned on) side by side, the gap blind − dev."""
    splits = summary.get("splits") or {}
    dev, blind = splits.get("dev") or {}, splits.get("blind") or {}
    bdev, bblind = dev.get("baseline") or {}, blind.get("baseline") or {}
    lines = [
        "| metric | goal | dev | blind | gap (blind − dev) | baseline dev | baseline blind |",
        "|---|---|---|---|---|---|---|",
        f"| cases | | {dev.get('n', 0)} | {blind.get('n', 0)} | | {bdev.get('n', '–')} "
        f"| {bblind.get('n', '–')} |",
    ]
    for key, label in SPLIT_ROWS:
        goal = f"≥ {GOALS[key]}" if key in GOALS else ""
        goal = f"≤ {RATE_GOALS[key]}" if key in RATE_GOALS else goal
        show = _ms if key.endswith("_ms") else fmt
        cells = [dev.get(key), blind.get(key)]
        gap = "" if key.endswith("_ms") else _gap(*cells)
        lines.append(
            f"| {label} | {goal} | {show(cells[0])} | {show(cells[1])} | {gap} "
            f"| {show(bdev.get(key))} | {show(bblind.get(key))} |"
        )
    return lines


def overlap_note(results: Sequence[CaseResult]) -> str:
    """How many blind questions are, word for word, also dev questions (written apart, yet the
    same: those blind scores are not unseen)."""
    dev = {normalize(r.case.question) for r in results if r.case.split == "dev"}
    same = sum(1 for r in results if r.case.split == "blind" and normalize(r.case.question) in dev)
    blind = sum(1 for r in results if r.case.split == "blind")
    return f"Blind questions also asked word for word in dev: {same} of {blind}."


def suites_table(runs: Sequence[EvalRun]) -> list[str]:
    """Single-document (the program) and multi-document (the fixture corpus) side by side."""
    cols: list[tuple[str, dict[str, Any]]] = []
    for run in runs:
        s = run.summary()
        cols.append((f"{run.suite} (all)", s))
        for name, split in (s.get("splits") or {}).items():
            cols.append((f"{run.suite} {name}", split))
        cols.append((f"{run.suite} baseline", s.get("baseline") or {}))
    lines = [
        "| metric | " + " | ".join(c for c, _ in cols) + " |",
        "|---" * (len(cols) + 1) + "|",
        "| cases | " + " | ".join(str(m.get("n", "–")) for _, m in cols) + " |",
    ]
    for key, label in SPLIT_ROWS:
        show = _ms if key.endswith("_ms") else fmt
        lines.append(f"| {label} | " + " | ".join(show(m.get(key)) for _, m in cols) + " |")
    return lines
