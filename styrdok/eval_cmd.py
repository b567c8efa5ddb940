"""`styrdok eval [--suite program|multi|all] [--dataset F] [--json] [--no-report] [--gate]
[--update-baseline] [--no-baseline-rag]`: run the engine and the langchain baseline on the dev and
blind splits of a suite, report, gate."""

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
from evals.dataset import Case, load_files, split_of, suite_files, suite_of
from evals.gate import (
    DEFAULT_BASELINE,
    DEFAULT_FLOOR,
    baseline_record,
    check,
    read_json,
    targets,
    write_baseline,
)
from evals.metrics import summarize
from evals.multidoc import MultiContext, score_multi_answer, score_multi_passage
from evals.report import DEFAULT_REPORTS, goal_misses, summary_table, write_report
from evals.report_splits import split_table
from evals.runner import EvalRun, Scoped, owner_forms, run_cases
from styrdok.engine import build_engine
from styrdok.eval_fixtures import FIXTURES, EvalSetupError, fixture_settings, messages
from styrdok.settings import Settings
from styrdok.wiring import build_embedder


@dataclass(frozen=True)
class EvalPaths:
    """Where reports, floor, baseline and the fixture corpus live (tests point these at tmp
    files); `dataset`, when set, replaces the suite's committed case files."""

    dataset: Path | None = None
    reports: Path = DEFAULT_REPORTS
    floor: Path = DEFAULT_FLOOR
    baseline: Path = DEFAULT_BASELINE
    fixtures: Path = FIXTURES


def files_sha256(paths: list[Path]) -> str:
    """sha256 of one file; of the files' hashes joined, for several."""
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def evaluate(
    settings: Settings,
    dataset: Path | None = None,
    *,
    suite: str = "program",
    with_baseline: bool = True,
    progress: Callable[[int, int], None] | None = None,
    fixtures: Path = FIXTURES,
) -> EvalRun:
    """Build the engine and run every case of the suite's splits (or of `dataset` alone); then
    the baseline on the same index. The multi suite answers over the fixture corpus's index."""
    if dataset is not None:
        suite = suite_of(dataset)
        files = {split_of(dataset): [dataset]}
    else:
        files = suite_files(suite)
    cases = load_files(files, suite)
    all_files = [p for ps in files.values() for p in ps]
    if not cases:
        listed = ", ".join(_display(p) for p in all_files) or "–"
        raise EvalSetupError(messages(settings).render("eval.no_cases", suite=suite, files=listed))
    if suite == "multi":
        settings = fixture_settings(settings, build_embedder(settings), fixtures)
    engine = build_engine(settings)
    snapshot = engine.snapshot
    forms = owner_forms(snapshot.glossary)
    scorer = passage_scorer = None
    if suite == "multi":
        names = {
            d.id: [d.title, *((d.meta or {}).get("aliases") or [])]
            for d in snapshot.documents.values()
        }
        ctx = MultiContext.build(snapshot.glossary, names)

        def scorer(case: Case, answer: Any) -> Any:
            return score_multi_answer(case, answer, snapshot.page_text, ctx)

        def passage_scorer(case: Case, top: Any, ranked: Any) -> Any:
            return score_multi_passage(case, top, ranked, ctx)

    results = run_cases(engine, cases, snapshot.page_text, forms, progress, scorer)
    single = _single_on_corpus(engine, forms) if suite == "multi" and dataset is None else None
    baseline = None
    if with_baseline:
        docs = {d.id: (Path(d.path), d.pages) for d in snapshot.documents.values()}
        rag = LangchainBaseline.from_documents(docs, snapshot.programs, engine.embedder)
        baseline = rag.run(cases, forms, passage_scorer)
    dev = files.get("dev") or all_files
    return EvalRun(
        date=date.today().isoformat(),
        dataset=", ".join(_display(p) for p in all_files),
        dataset_sha256=files_sha256(dev) if dev else "",
        index_version=snapshot.version,
        results=results,
        baseline=baseline,
        suite=suite,
        splits=tuple(files),
        documents=sorted(snapshot.documents),
        single_on_corpus=single,
    )


def _single_on_corpus(engine: Any, forms: Any) -> dict[str, Any]:
    """The single-document dev set on the corpus with every fixture document: asked within the
    default document (the document filter of the chat) it must score as on its own; asked over
    everything, a bare "3.2" is answered for each document that has one, which its scoring
    (one document's owners and sections) counts as extra."""
    cases = load_files({"dev": suite_files("program")["dev"]}, "program")
    default = engine.corpus.default_document
    page_text = engine.snapshot.page_text
    out: dict[str, Any] = {"scope": default, "n": len(cases)}
    for name, asker in (("scoped", Scoped(engine, [default])), ("unscoped", engine)):
        res = run_cases(asker, cases, page_text, forms)
        s = summarize([r.score for r in res], [r.latency_ms for r in res])
        out[name] = {
            "accuracy": s["accuracy"],
            "failed": [r.case.id for r in res if not r.score.passed],
        }
    return out


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def json_summary(run: EvalRun) -> dict[str, Any]:
    return {"date": run.date, "suite": run.suite, "dataset": run.dataset, **run.summary()}


def _print_human(run: EvalRun, written: tuple[Path, Path] | None) -> None:
    summary = run.summary()
    print(f"== {run.suite} ({run.dataset})")
    print("\n".join(summary_table(summary)))
    misses = goal_misses(summary)
    print("Goals missed: " + "; ".join(misses) if misses else "All goals met.")
    print("\n".join(split_table(summary)))
    single = summary.get("single_document_on_corpus")
    if single:
        print(
            f"Single-document dev set on this corpus ({single['n']} cases): "
            f"{single['scoped']['accuracy']:.3f} within {single['scope']}, "
            f"{single['unscoped']['accuracy']:.3f} over every document"
        )
    failed = [r.case.id for r in run.results if not r.score.passed]
    print(f"Failing cases: {len(failed)} of {summary['n']}")
    if written:
        print(f"Report: {_display(written[0])}, {_display(written[1])}")


def cmd_eval(settings: Settings, args: argparse.Namespace, paths: EvalPaths | None = None) -> int:
    paths = paths or EvalPaths()
    dataset: Path | None = args.dataset or paths.dataset
    suites = ["program", "multi"] if args.suite == "all" else [args.suite]
    if dataset is not None:
        suites = [suite_of(dataset)]
    show_progress = not args.json and sys.stderr.isatty()
    runs: list[EvalRun] = []
    try:
        for suite in suites:
            runs.append(
                evaluate(
                    settings,
                    dataset,
                    suite=suite,
                    with_baseline=not args.no_baseline_rag,
                    progress=_progress if show_progress else None,
                    fixtures=paths.fixtures,
                )
            )
    except EvalSetupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for run in runs:
        others = [r for r in runs if r is not run]
        written = None if args.no_report else write_report(run, paths.reports, others)
        if not args.json:
            _print_human(run, written)
    if args.json:
        if len(runs) == 1:
            print(json.dumps(json_summary(runs[0]), ensure_ascii=False))
        else:
            out = {"date": runs[0].date, "suites": {r.suite: json_summary(r) for r in runs}}
            print(json.dumps(out, ensure_ascii=False))
    status = 0
    program = next((r for r in runs if r.suite == "program"), None)
    if args.gate:
        measured: dict[str, dict[str, Any]] = {}
        for run in runs:
            measured.update(targets(run.suite, run.summary()))
        result = check(
            measured,
            read_json(paths.floor),
            read_json(paths.baseline),
            dataset_sha256=program.dataset_sha256 if program else None,
        )
        for note in result.notes:
            print(f"gate: note: {note}", file=sys.stderr)
        for failure in result.failures:
            print(f"gate: FAIL: {failure}", file=sys.stderr)
        if result.ok:
            print("gate: ok", file=sys.stderr)
        status = 0 if result.ok else 1
    if args.update_baseline and program is not None:
        dev = (program.summary().get("splits") or {}).get("dev")
        if dev is None or not dev.get("n"):
            print("gate: FAIL: program.dev has 0 cases; no baseline written", file=sys.stderr)
            return 1
        record = baseline_record(dev, program.dataset_sha256, date.fromisoformat(program.date))
        write_baseline(paths.baseline, record)
        print(f"Wrote {_display(paths.baseline)}", file=sys.stderr)
    return status
