"""`styrdok eval [--dataset F] [--json] [--no-report] [--gate] [--update-baseline]
[--no-baseline-rag]`: run the engine and the langchain baseline on the dataset, report, gate."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evals.baseline import LangchainBaseline
from evals.dataset import DEFAULT_DATASET, load_cases
from evals.gate import (
    DEFAULT_BASELINE,
    DEFAULT_FLOOR,
    baseline_record,
    check,
    read_json,
    write_baseline,
)
from evals.report import DEFAULT_REPORTS, goal_misses, summary_table, write_report
from evals.runner import EvalRun, owner_forms, run_cases
from styrdok.engine import build_engine
from styrdok.settings import Settings


@dataclass(frozen=True)
class EvalPaths:
    """Where the dataset, reports, floor and baseline live (tests point these at tmp files)."""

    dataset: Path = DEFAULT_DATASET
    reports: Path = DEFAULT_REPORTS
    floor: Path = DEFAULT_FLOOR
    baseline: Path = DEFAULT_BASELINE


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def evaluate(
    settings: Settings,
    dataset: Path,
    *,
    with_baseline: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> EvalRun:
    """Build the engine from settings and run every case; then the baseline on the same index."""
    cases = load_cases(dataset)
    engine = build_engine(settings)
    snapshot = engine.snapshot
    forms = owner_forms(snapshot.glossary)
    results = run_cases(engine, cases, snapshot.page_text, forms, progress)
    baseline = None
    if with_baseline:
        embedder = engine.embedder
        docs = {d.id: (Path(d.path), d.pages) for d in snapshot.documents.values()}
        rag = LangchainBaseline.from_documents(docs, snapshot.programs, embedder)
        baseline = rag.run(cases, forms)
    return EvalRun(
        date=date.today().isoformat(),
        dataset=_display(dataset),
        dataset_sha256=file_sha256(dataset),
        index_version=snapshot.version,
        results=results,
        baseline=baseline,
    )


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def json_summary(run: EvalRun) -> dict[str, Any]:
    return {"date": run.date, "dataset": run.dataset, **run.summary()}


def cmd_eval(settings: Settings, args: argparse.Namespace, paths: EvalPaths | None = None) -> int:
    paths = paths or EvalPaths()
    dataset: Path = args.dataset or paths.dataset
    show_progress = not args.json and sys.stderr.isatty()
    run = evaluate(
        settings,
        dataset,
        with_baseline=not args.no_baseline_rag,
        progress=_progress if show_progress else None,
    )
    summary = run.summary()
    written: tuple[Path, Path] | None = None
    if not args.no_report:
        written = write_report(run, paths.reports)
    if args.json:
        print(json.dumps(json_summary(run), ensure_ascii=False))
    else:
        print("\n".join(summary_table(summary)))
        misses = goal_misses(summary)
        print("Goals missed: " + "; ".join(misses) if misses else "All goals met.")
        failed = [r.case.id for r in run.results if not r.score.passed]
        print(f"Failing cases: {len(failed)} of {summary['n']}")
        if written:
            print(f"Report: {_display(written[0])}, {_display(written[1])}")
    status = 0
    if args.gate:
        result = check(
            summary,
            read_json(paths.floor),
            read_json(paths.baseline),
            dataset_sha256=run.dataset_sha256,
        )
        for note in result.notes:
            print(f"gate: note: {note}", file=sys.stderr)
        for failure in result.failures:
            print(f"gate: FAIL: {failure}", file=sys.stderr)
        if result.ok:
            print("gate: ok", file=sys.stderr)
        status = 0 if result.ok else 1
    if args.update_baseline:
        record = baseline_record(summary, run.dataset_sha256, date.fromisoformat(run.date))
        write_baseline(paths.baseline, record)
        print(f"Wrote {_display(paths.baseline)}", file=sys.stderr)
    return status
