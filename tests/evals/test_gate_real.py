"""The CI gate inside `make test`: the full eval on the real corpus, against the committed floor
(evals/floor.json) and baseline (evals/baseline.json). Update the baseline only with
`styrdok eval --update-baseline`."""

from __future__ import annotations

import pytest

from evals.dataset import DEFAULT_DATASET
from evals.gate import DEFAULT_BASELINE, DEFAULT_FLOOR, check, read_json
from styrdok.eval_cmd import evaluate
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


def test_full_eval_passes_the_gate(corpus_settings: Settings) -> None:
    run = evaluate(corpus_settings, DEFAULT_DATASET, with_baseline=False)
    summary = run.summary()
    result = check(
        summary,
        read_json(DEFAULT_FLOOR),
        read_json(DEFAULT_BASELINE),
        dataset_sha256=run.dataset_sha256,
    )
    failing = [
        f"{r.case.id}: {'; '.join(r.score.reasons)}" for r in run.results if not r.score.passed
    ]
    assert result.ok, "\n".join([*result.failures, f"{len(failing)} failing cases:", *failing[:40]])
