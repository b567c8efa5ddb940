from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evals.gate import GATED, baseline_record, check, read_json, write_baseline

pytestmark = pytest.mark.unit


def _summary(**over: float | None) -> dict:
    s: dict = {k: 0.95 for k in GATED}
    s["n"] = 259
    s.update(over)
    return s


def _files(tmp_path: Path, floor: dict, metrics: dict) -> tuple[dict | None, dict | None]:
    (tmp_path / "floor.json").write_text(json.dumps(floor), encoding="utf-8")
    write_baseline(tmp_path / "baseline.json", baseline_record(metrics, "abc", date(2025, 1, 2)))
    return read_json(tmp_path / "floor.json"), read_json(tmp_path / "baseline.json")


def test_equal_to_floor_and_baseline_passes(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"accuracy": 0.95}, _summary())
    result = check(_summary(), floor, base, dataset_sha256="abc")
    assert result.ok, result.failures
    assert result.notes == []


def test_below_floor_fails(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"accuracy": 0.90}, _summary(accuracy=0.89))
    result = check(_summary(accuracy=0.89), floor, base)
    assert not result.ok
    assert result.failures == ["accuracy 0.890 is below the floor 0.9"]


def test_unmeasurable_floor_metric_fails(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"citation_precision": 0.9}, _summary())
    assert not check(_summary(citation_precision=None), floor, base).ok


def test_drop_of_more_than_003_below_baseline_fails(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"accuracy": 0.5}, _summary(hit_at_5=0.97))
    result = check(_summary(hit_at_5=0.9399), floor, base)
    assert not result.ok
    assert len(result.failures) == 1 and result.failures[0].startswith("hit_at_5 0.940 dropped")


def test_drop_of_exactly_003_passes_and_gains_pass(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"accuracy": 0.5}, _summary(hit_at_5=0.97))
    assert check(_summary(hit_at_5=0.94), floor, base).ok
    assert check(_summary(hit_at_5=1.0, accuracy=0.99), floor, base).ok


def test_every_gated_metric_is_compared(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {}, _summary())
    for key in GATED:
        assert not check(_summary(**{key: 0.9}), floor, base).ok, key
        assert not check(_summary(**{key: None}), floor, base).ok, key


def test_missing_files_fail_and_a_changed_dataset_is_noted(tmp_path: Path) -> None:
    floor, base = _files(tmp_path, {"accuracy": 0.5}, _summary())
    assert not check(_summary(), None, base).ok
    assert not check(_summary(), floor, None).ok
    assert read_json(tmp_path / "nope.json") is None
    result = check(_summary(), floor, base, dataset_sha256="other")
    assert result.ok and result.notes == ["the dataset changed since the baseline was written"]


def test_baseline_record_keeps_only_gated_metrics() -> None:
    rec = baseline_record(_summary(p50_ms=12.0), "sha", date(2025, 1, 2))
    assert set(rec["metrics"]) == set(GATED)
    assert rec["date"] == "2025-01-02" and rec["n"] == 259 and rec["dataset_sha256"] == "sha"
