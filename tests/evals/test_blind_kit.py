"""The blind writer's folder: the texts and the format, no owners, and a validator that works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.blind_kit.__main__ import build

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit


def _validate(folder: Path, cases: list[dict], prefix: str) -> subprocess.CompletedProcess[str]:
    path = folder / "batch.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    return subprocess.run(
        [sys.executable, str(folder / "validate.py"), str(path), prefix],
        capture_output=True,
        text=True,
        check=False,
    )


def _first_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8").splitlines()[0])


def test_the_kit_holds_texts_and_format_but_no_code_cases_or_owners(tmp_path: Path) -> None:
    build(tmp_path)
    multi = {p.relative_to(tmp_path / "multi").as_posix() for p in (tmp_path / "multi").rglob("*")}
    assert {"CASE_FORMAT.md", "manifest.json", "SECTIONS.md", "validate.py"} <= multi
    assert not any(name.endswith(".jsonl") for name in multi)
    sections = (tmp_path / "multi" / "SECTIONS.md").read_text(encoding="utf-8")
    assert "| `3.2` | 3.2 Fler personer med funktionsnedsättning i arbete | 6 |" in sections
    assert "GVN, IFN, PN" not in sections  # the owners column is gone


def test_the_validator_passes_a_stored_batch_and_names_each_problem(tmp_path: Path) -> None:
    build(tmp_path)
    good = _first_case(ROOT / "evals" / "multi" / "blind-b15.jsonl")
    assert _validate(tmp_path / "multi", [good], "mb15").returncode == 0
    bad = dict(good, id="x-1", gold_sections=["program-tillganglighet#9.9"])
    out = _validate(tmp_path / "multi", [bad, bad], "mb15")
    assert out.returncode == 1
    assert "must start with mb15-" in out.stdout
    assert "duplicate id x-1" in out.stdout
    assert "unknown gold section 'program-tillganglighet#9.9'" in out.stdout
    case = _first_case(ROOT / "evals" / "blind" / "program-b18.jsonl")
    assert _validate(tmp_path / "program", [case], "b18").returncode == 0
    broken = dict(case, required_facts=["inte i referensen"], gold_pages=[])
    out = _validate(tmp_path / "program", [broken], "b18")
    assert "not in reference" in out.stdout and "gold_pages must be []" in out.stdout
