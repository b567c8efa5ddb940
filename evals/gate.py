"""The CI gate: a committed floor (evals/floor.json) and no regression against evals/baseline.json.

- floor.json maps metric names to minimum values, e.g. {"accuracy": 0.90}. A metric below its
  floor (or not measurable) fails.
- baseline.json holds the gated metrics of an accepted run. Any of them more than MAX_DROP
  below its baseline value fails. It is written only by `styrdok eval --update-baseline`.
- A missing floor or baseline file fails too: the gate never passes by having nothing to check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

EVALS_DIR = Path(__file__).resolve().parent
DEFAULT_FLOOR = EVALS_DIR / "floor.json"
DEFAULT_BASELINE = EVALS_DIR / "baseline.json"
MAX_DROP = 0.03
_EPS = 1e-9

# rates in [0, 1], higher is better; latency is measured by `styrdok bench`, not gated here
GATED = (
    "accuracy",
    "hit_at_1",
    "hit_at_5",
    "mrr_at_10",
    "ndcg_at_10",
    "citation_precision",
    "quote_faithfulness",
    "abstention_precision",
    "abstention_recall",
)


@dataclass
class GateResult:
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


def check(
    summary: dict[str, Any],
    floor: dict[str, Any] | None,
    baseline: dict[str, Any] | None,
    *,
    dataset_sha256: str | None = None,
    max_drop: float = MAX_DROP,
) -> GateResult:
    result = GateResult()
    if floor is None:
        result.failures.append("no floor committed (evals/floor.json)")
    else:
        for key, minimum in floor.items():
            value = summary.get(key)
            if value is None or value < float(minimum) - _EPS:
                result.failures.append(f"{key} {_f(value)} is below the floor {minimum}")
    if baseline is None:
        result.failures.append(
            "no baseline committed (evals/baseline.json): run `styrdok eval --update-baseline`"
        )
        return result
    metrics = baseline.get("metrics", {})
    for key in GATED:
        base = metrics.get(key)
        if base is None:
            continue
        value = summary.get(key)
        if value is None or value < float(base) - max_drop - _EPS:
            result.failures.append(
                f"{key} {_f(value)} dropped more than {max_drop} below the baseline {_f(base)}"
            )
    if dataset_sha256 and baseline.get("dataset_sha256") not in (None, dataset_sha256):
        result.notes.append("the dataset changed since the baseline was written")
    return result


def baseline_record(summary: dict[str, Any], dataset_sha256: str, when: date) -> dict[str, Any]:
    return {
        "date": when.isoformat(),
        "n": summary["n"],
        "dataset_sha256": dataset_sha256,
        "max_drop": MAX_DROP,
        "metrics": {k: summary.get(k) for k in GATED},
    }


def write_baseline(path: Path, record: dict[str, Any]) -> None:
    """Only `styrdok eval --update-baseline` calls this."""
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _f(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.3f}"
