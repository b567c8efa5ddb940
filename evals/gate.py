"""The CI gate: committed floors per suite and split (evals/floor.json) and no regression of the
program's dev split against evals/baseline.json.

- floor.json names targets "<suite>.<split>" (program.dev, program.blind, multi.dev, multi.blind),
  each with minimums ("min") and maximums ("max", for rates where lower is better). Only the
  targets listed in its "enforce" switch fail the gate on a miss; the others are reported.
  A metric that cannot be measured counts as a miss.
- A split the run meant to measure that has 0 cases fails, enforced or not.
- baseline.json holds the gated metrics of an accepted dev run. Any of them more than MAX_DROP
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


def targets(suite: str, summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A run's summaries as gate targets: "<suite>.<split>" -> that split's summary."""
    return {f"{suite}.{split}": s for split, s in (summary.get("splits") or {}).items()}


def _bounds(rule: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [
        (kind, key, float(limit))
        for kind in ("min", "max")
        for key, limit in (rule.get(kind) or {}).items()
    ]


def check(
    summaries: dict[str, dict[str, Any]],
    floor: dict[str, Any] | None,
    baseline: dict[str, Any] | None,
    *,
    dataset_sha256: str | None = None,
    max_drop: float = MAX_DROP,
) -> GateResult:
    """`summaries`: the targets this run measured ("program.dev", "multi.blind" …).

    floor.json: {"enforce": [targets], "targets": {target: {"min": {…}, "max": {…}}}}. A target
    that was measured with 0 cases fails, enforced or not. A floor missed by an enforced target
    fails; by another target it is reported in `notes`. Targets of suites this run did not
    measure are left out. The baseline is compared with program.dev, when it was measured.
    """
    result = GateResult()
    if floor is None:
        result.failures.append("no floor committed (evals/floor.json)")
        floor = {}
    rules: dict[str, Any] = floor.get("targets") or {}
    enforce = list(floor.get("enforce") or [])
    for name in enforce:
        if name not in rules:
            result.failures.append(f"enforce names {name!r}, which has no floor")
    for name, measured in summaries.items():
        if not measured.get("n"):
            result.failures.append(f"{name} has 0 cases: the gate never passes on nothing")
    for name, rule in rules.items():
        s = summaries.get(name)
        if s is None or not s.get("n"):
            continue
        for kind, key, limit in _bounds(rule):
            value = s.get(key)
            bad = (
                value is None
                or (kind == "min" and value < limit - _EPS)
                or (kind == "max" and value > limit + _EPS)
            )
            if not bad:
                continue
            word = "below the floor" if kind == "min" else "above the ceiling"
            msg = f"{name} {key} {_f(value)} is {word} {limit}"
            if name in enforce:
                result.failures.append(msg)
            else:
                result.notes.append(f"not enforced yet: {msg}")
    dev = summaries.get("program.dev")
    if dev is None:
        return result
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
        value = dev.get(key)
        if value is None or value < float(base) - max_drop - _EPS:
            result.failures.append(
                f"program.dev {key} {_f(value)} dropped more than {max_drop} "
                f"below the baseline {_f(base)}"
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
