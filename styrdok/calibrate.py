"""Sweep the answer ladder's thresholds on the tuning cases with 5-fold cross-validation.

`python -m styrdok.calibrate` (index under STYRDOK_DATA_DIR, as for `styrdok eval`). Tuning
cases are dev (evals/dataset.jsonl) and the blind cases moved out of blind (evals/moved/);
blind batches are never read. Prints one line per setting and the choice of each fold; the
result and its reasoning are written down by hand in evals/CALIBRATION.md.
"""

from __future__ import annotations

import itertools
import random

from evals.dataset import DEFAULT_DATASET, MOVED_DIR, load_cases
from evals.metrics import score_answer
from evals.runner import owner_forms
from service.engine.models import Turn
from styrdok.config import load_settings
from styrdok.engine import build_engine

ABSTAIN = (0.5, 0.6, 0.7)
CLOSEST = (None, 0.3, 0.4, 0.5)
FOLDS = 5


def main() -> None:
    engine = build_engine(load_settings())
    snap = engine.snapshot
    forms = owner_forms(snap.glossary)
    cases = load_cases(DEFAULT_DATASET)
    for path in sorted(MOVED_DIR.glob("program*.jsonl")):
        cases += load_cases(path)
    results: dict[str, list[tuple[bool, bool]]] = {}
    for thr, closest in itertools.product(ABSTAIN, CLOSEST):
        if closest is not None and closest >= thr:
            continue
        engine.threshold, engine.closest_threshold = thr, closest
        engine.clear_caches()
        out = []
        for case in cases:
            history: list[Turn] = []
            for h in case.history:
                a = engine.answer(h, history)
                history += [Turn("user", h), Turn("assistant", a.text)]
            a = engine.answer(case.question, history)
            s = score_answer(case, a, snap.page_text, forms)
            out.append((s.passed, (not case.answerable) and not a.abstained))
        key = f"{thr}/{closest}"
        results[key] = out
        wrong = sum(w for _, w in out)
        print(f"{key}: {sum(p for p, _ in out)}/{len(out)} passed, {wrong} unanswerable answered")
    order = list(range(len(cases)))
    random.Random(0).shuffle(order)
    for k in range(FOLDS):
        test = set(order[k::FOLDS])
        train = [i for i in order if i not in test]
        best = max(
            results,
            key=lambda key: (
                sum(results[key][i][0] for i in train),
                -sum(results[key][i][1] for i in train),
            ),
        )
        acc = sum(results[best][i][0] for i in test) / len(test)
        print(f"fold {k}: chose {best}, held-out accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
