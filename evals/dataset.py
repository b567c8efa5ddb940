"""Read the eval case files (JSONL) into Cases. The full JSON Schema check lives in the tests.

Two formats (evals/DATASET.md): the program's single-document cases (`dataset.schema.json`) and
the multi-document cases over the fixture corpus (`multi.schema.json`). Each file belongs to one
suite (program | multi) and one split (dev | blind), read from where it lives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVALS_DIR = Path(__file__).resolve().parent
# the program's dev split: the 263 cases the engine was tuned on (the file keeps its old name)
DEFAULT_DATASET = EVALS_DIR / "dataset.jsonl"
BLIND_DIR = EVALS_DIR / "blind"
MULTI_DIR = EVALS_DIR / "multi"
# blind cases that failed at first sight, moved out of blind for a general fix: tuned on like
# dev, reported as their own split until they pass (evals/BLIND_LOG.md)
MOVED_DIR = EVALS_DIR / "moved"

SUITES = ("program", "multi")
SPLITS = ("dev", "blind")

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
_MULTI_FIELDS = ("document", "expected_documents")


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
    # the one document the answer must come from (blind and multi cases), or None
    document: str | None = None
    # multi only: the documents the answer must cite (no others), or None
    expected_documents: frozenset[str] | None = None
    # multi only: each document's owners, when the answer must give them separately
    owners_by_document: Mapping[str, frozenset[str]] | None = None
    # multi only: each document's sections, when the answer must list them per document
    sections_by_document: Mapping[str, frozenset[str]] | None = None
    suite: str = "program"
    split: str = "dev"

    @staticmethod
    def from_dict(d: dict[str, Any], suite: str = "program", split: str = "dev") -> Case:
        required = _FIELDS + (_MULTI_FIELDS if suite == "multi" else ())
        missing = [f for f in required if f not in d]
        if missing:
            raise ValueError(f"missing fields {missing}")
        owners = d["expected_owners"]
        by_doc: dict[str, frozenset[str]] | None = None
        if isinstance(owners, dict):
            if suite != "multi":
                raise ValueError("expected_owners per document only in multi-document cases")
            by_doc = {str(k): frozenset(str(o) for o in v) for k, v in owners.items()}
            owners = None
        sections = d["expected_sections"]
        sections_by_doc: dict[str, frozenset[str]] | None = None
        if isinstance(sections, dict):
            if suite != "multi":
                raise ValueError("expected_sections per document only in multi-document cases")
            sections_by_doc = {str(k): frozenset(str(x) for x in v) for k, v in sections.items()}
            sections = None
        docs = d.get("expected_documents")
        document = d.get("document")
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
            document=None if document is None else str(document),
            expected_documents=None if docs is None else frozenset(str(x) for x in docs),
            owners_by_document=by_doc,
            sections_by_document=sections_by_doc,
            suite=suite,
            split=split,
        )

    def to_dict(self) -> dict[str, Any]:
        owners: Any = None
        if self.owners_by_document is not None:
            owners = {k: sorted(v) for k, v in sorted(self.owners_by_document.items())}
        elif self.expected_owners is not None:
            owners = sorted(self.expected_owners)
        sections: Any = None
        if self.sections_by_document is not None:
            sections = {k: sorted(v) for k, v in sorted(self.sections_by_document.items())}
        elif self.expected_sections is not None:
            sections = sorted(self.expected_sections)
        out: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "history": list(self.history),
            "reference": self.reference,
            "gold_sections": list(self.gold_sections),
            "gold_pages": list(self.gold_pages),
            "expected_owners": owners,
            "expected_sections": sections,
            "required_facts": list(self.required_facts),
            "answerable": self.answerable,
            "category": self.category,
            "variant": self.variant,
        }
        if self.document is not None or self.suite == "multi":
            out["document"] = self.document
        if self.suite == "multi":
            out["expected_documents"] = (
                None if self.expected_documents is None else sorted(self.expected_documents)
            )
        return out


def suite_of(path: Path) -> str:
    """evals/multi/*.jsonl and evals/moved/multi*.jsonl hold multi-document cases; every other
    file the program's."""
    p = path.resolve()
    if p.parent.name == "multi" or (p.parent.name == "moved" and p.name.startswith("multi")):
        return "multi"
    return "program"


def split_of(path: Path) -> str:
    """Blind: files under evals/blind/ and files named blind-*.jsonl; moved: evals/moved/ (blind
    cases that failed at first sight); everything else is dev."""
    p = path.resolve()
    if p.parent.name == "moved":
        return "moved"
    return "blind" if p.parent.name == "blind" or p.name.startswith("blind") else "dev"


def suite_files(suite: str) -> dict[str, list[Path]]:
    """The committed case files of a suite, by split (a split may have none yet)."""
    if suite == "program":
        files = {"dev": [DEFAULT_DATASET], "blind": sorted(BLIND_DIR.glob("program-b*.jsonl"))}
        moved = sorted(MOVED_DIR.glob("program*.jsonl"))
        return {**files, "moved": moved} if moved else files
    if suite == "multi":
        files = {
            "dev": sorted(MULTI_DIR.glob("dev*.jsonl")),
            "blind": sorted(MULTI_DIR.glob("blind-*.jsonl")),
        }
        moved = sorted(MOVED_DIR.glob("multi*.jsonl"))
        return {**files, "moved": moved} if moved else files
    raise ValueError(f"unknown suite {suite!r}")


def load_cases(path: Path, suite: str | None = None, split: str | None = None) -> list[Case]:
    """Every non-blank line of a JSONL file as a Case; ValueError names the bad line."""
    suite = suite or suite_of(path)
    split = split or split_of(path)
    cases: list[Case] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                case = Case.from_dict(json.loads(line), suite, split)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise ValueError(f"{path}:{n}: {exc}") from exc
            if case.id in seen:
                raise ValueError(f"{path}:{n}: duplicate id {case.id!r}")
            seen.add(case.id)
            cases.append(case)
    return cases


def load_files(files: Mapping[str, list[Path]], suite: str) -> list[Case]:
    """The cases of several files, split by split; an id used twice anywhere is an error."""
    cases: list[Case] = []
    where: dict[str, Path] = {}
    for split, paths in files.items():
        for path in paths:
            for c in load_cases(path, suite, split):
                if c.id in where:
                    raise ValueError(f"{path}: id {c.id!r} is also in {where[c.id]}")
                where[c.id] = path
                cases.append(c)
    return cases
