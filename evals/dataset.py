"""Read evals/dataset.jsonl into Cases. The full JSON Schema check lives in the tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DATASET = Path(__file__).resolve().parent / "dataset.jsonl"

_FIELDS = (
    "id",
    "question",
    "history",
    "reference",
    "gold_sections",
    "gold_pages",
    "expected_owners",
    "expected_sections",
    "required_facts",
    "answerable",
    "category",
    "variant",
)


@dataclass(frozen=True)
class Case:
    """One dataset row (see evals/DATASET.md)."""

    id: str
    question: str
    history: tuple[str, ...]
    reference: str
    gold_sections: tuple[str, ...]
    gold_pages: tuple[int, ...]
    expected_owners: frozenset[str] | None
    expected_sections: frozenset[str] | None
    required_facts: tuple[str, ...]
    answerable: bool
    category: str
    variant: str

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Case:
        missing = [f for f in _FIELDS if f not in d]
        if missing:
            raise ValueError(f"missing fields {missing}")
        owners = d["expected_owners"]
        sections = d["expected_sections"]
        return Case(
            id=str(d["id"]),
            question=str(d["question"]),
            history=tuple(str(h) for h in d["history"]),
            reference=str(d["reference"]),
            gold_sections=tuple(str(s) for s in d["gold_sections"]),
            gold_pages=tuple(int(p) for p in d["gold_pages"]),
            expected_owners=None if owners is None else frozenset(str(o) for o in owners),
            expected_sections=None if sections is None else frozenset(str(s) for s in sections),
            required_facts=tuple(str(f) for f in d["required_facts"]),
            answerable=bool(d["answerable"]),
            category=str(d["category"]),
            variant=str(d["variant"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "history": list(self.history),
            "reference": self.reference,
            "gold_sections": list(self.gold_sections),
            "gold_pages": list(self.gold_pages),
            "expected_owners": None
            if self.expected_owners is None
            else sorted(self.expected_owners),
            "expected_sections": None
            if self.expected_sections is None
            else sorted(self.expected_sections),
            "required_facts": list(self.required_facts),
            "answerable": self.answerable,
            "category": self.category,
            "variant": self.variant,
        }


def load_cases(path: Path) -> list[Case]:
    """Every non-blank line of a JSONL file as a Case; ValueError names the bad line."""
    cases: list[Case] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                case = Case.from_dict(json.loads(line))
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(f"{path}:{n}: {exc}") from exc
            if case.id in seen:
                raise ValueError(f"{path}:{n}: duplicate id {case.id!r}")
            seen.add(case.id)
            cases.append(case)
    return cases
