from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from evals.dataset import DEFAULT_DATASET, load_cases
from evals.metrics import missing_facts

pytestmark = pytest.mark.unit

SCHEMA = DEFAULT_DATASET.parent / "dataset.schema.json"


def _rows() -> list[dict]:
    return [
        json.loads(line)
        for line in DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_every_row_matches_the_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = [
        f"{row.get('id')}: {e.message}" for row in _rows() for e in validator.iter_errors(row)
    ]
    assert errors == []


def test_schema_rejects_a_broken_row() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    row = dict(_rows()[0])
    row["answerable"] = False  # unanswerable rows may not carry gold or owners
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(row, schema, cls=jsonschema.Draft202012Validator)


def test_dataset_loads_with_unique_ids_and_the_documented_shape() -> None:
    cases = load_cases(DEFAULT_DATASET)
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    unanswerable = sum(1 for c in cases if not c.answerable)
    assert unanswerable / len(cases) >= 0.15
    counts = Counter(c.category for c in cases)
    assert set(counts) == {
        "owners",
        "reverse_lookup",
        "list",
        "numbers_dates",
        "open",
        "follow_up",
        "unanswerable",
        "glossary",
        "english",
    }


def test_every_required_fact_is_in_the_reference() -> None:
    """DATASET.md: every fact also appears in `reference` (after the scoring normalisation)."""
    bad = [
        (c.id, f)
        for c in load_cases(DEFAULT_DATASET)
        for f in missing_facts(c.reference, c.required_facts)
    ]
    assert bad == []


def test_load_cases_names_the_bad_line(tmp_path: Path) -> None:
    good = DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "d.jsonl"
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"d.jsonl:2: duplicate id"):
        load_cases(path)
    path.write_text(good + '\n{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"d.jsonl:2: missing fields"):
        load_cases(path)
