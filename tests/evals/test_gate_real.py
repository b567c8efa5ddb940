"""The CI gate inside `make test`: the full eval on the real corpus (program: dev and blind) and
on the fixture corpus (multi: dev and blind), against the committed floors (evals/floor.json) and
baseline (evals/baseline.json). Floors of targets outside floor.json's "enforce" are reported, not
enforced; a split with no cases fails either way. Update the baseline only with
`styrdok eval --update-baseline`."""

from __future__ import annotations

import pytest

from evals.gate import DEFAULT_BASELINE, DEFAULT_FLOOR, check, read_json, targets
from evals.runner import EvalRun
from styrdok.eval_cmd import evaluate
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


def _gate(run: EvalRun) -> None:
    summary = run.summary()
    result = check(
        targets(run.suite, summary),
        read_json(DEFAULT_FLOOR),
        read_json(DEFAULT_BASELINE),
        dataset_sha256=run.dataset_sha256 if run.suite == "program" else None,
    )
    for name, s in (summary.get("splits") or {}).items():
        print(
            f"{run.suite}.{name}: n {s['n']}, accuracy {s['accuracy']}, "
            f"wrong {s['wrong_rate']}, needless abstentions {s['needless_abstention_rate']}"
        )
    for note in result.notes:
        print(f"gate: note: {note}")
    failing = [
        f"{r.case.split} {r.case.id}: {'; '.join(r.score.reasons)}"
        for r in run.results
        if not r.score.passed and r.case.split == "dev"
    ]
    assert result.ok, "\n".join(
        [*result.failures, f"{len(failing)} failing dev cases:", *failing[:40]]
    )


def test_program_eval_passes_the_gate(corpus_settings: Settings) -> None:
    run = evaluate(corpus_settings, suite="program", with_baseline=False)
    # moved: blind cases that failed at first sight, reported until a general fix passes them
    assert set(run.splits) == {"dev", "blind", "moved"}
    _gate(run)


def test_multi_eval_passes_the_gate(corpus_settings: Settings) -> None:
    run = evaluate(corpus_settings, suite="multi", with_baseline=False)
    assert set(run.splits) == {"dev", "blind", "moved"}
    assert len(run.documents) >= 6
    # the single-document dev set on this corpus, within the program: as on its own
    single = run.summary()["single_document_on_corpus"]
    assert single["n"] >= 200 and single["scoped"]["accuracy"] >= 0.98, single["scoped"]
    _gate(run)
