"""Exported user feedback -> candidate dataset rows for a person to confirm.

A candidate is never a dataset row yet: it carries "needs_review": true and only what the
feedback tells. A thumbs-up answer becomes the draft reference and its citations the draft gold;
a thumbs-down leaves the reference empty and keeps the user's comment as "review_note". Nothing
here writes into evals/dataset.jsonl.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .dataset import DEFAULT_DATASET, load_cases
from .facts import normalize
from .metrics import dedupe

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _citations(raw: Any) -> list[dict[str, Any]]:
    return [c for c in raw or () if isinstance(c, dict)]


def _answer_parts(row: dict[str, Any]) -> tuple[str, list[dict[str, Any]], bool | None]:
    """(text, citations, abstained) from either export shape: "answer" as the Answer JSON of
    `styrdok ask --json` ({"answer", "abstained", "mode", "citations"}), or as plain text with
    "citations" beside it."""
    raw = row.get("answer")
    if isinstance(raw, dict):
        abstained = raw.get("abstained")
        return (
            str(raw.get("answer") or ""),
            _citations(raw.get("citations")),
            abstained if isinstance(abstained, bool) else None,
        )
    return str(raw or ""), _citations(row.get("citations")), None


def candidate(row: dict[str, Any]) -> dict[str, Any] | None:
    """One feedback row as a candidate; None when it is not a thumbs-up or thumbs-down."""
    rating = row.get("rating")
    if rating not in ("up", "down"):
        return None
    answer_id = str(row.get("answer_id") or "")
    question = (row.get("question") or "").strip()
    text, citations, abstained = _answer_parts(row)
    if abstained is None:
        abstained = not citations  # an answer is always cited; an abstention need not be
    up = rating == "up"
    sections = dedupe(c.get("section") for c in citations) if up else []
    pages = sorted({int(c["page"]) for c in citations if c.get("page") is not None}) if up else []
    out: dict[str, Any] = {
        "id": "feedback-" + (_ID_UNSAFE.sub("-", answer_id).strip("-") or "unknown"),
        "question": question,
        "history": [],
        "reference": text if up else "",
        "gold_sections": sections,
        "gold_pages": pages,
        "expected_owners": None,
        "expected_sections": None,
        "required_facts": [],
        # a liked abstention says the program does not answer; a disliked answer is open
        "answerable": (not abstained) if up else None,
        "category": None,
        "variant": None,
        "needs_review": True,
        "feedback": {
            "answer_id": answer_id,
            "rating": rating,
            "created_at": row.get("created_at") or row.get("created"),
            "answer": text,
            "abstained": abstained,
            "citations": citations,
        },
    }
    comment = (row.get("comment") or "").strip()
    if not up or comment:
        out["review_note"] = comment
    if not question:
        out["question_missing"] = True  # question logging was off; recover it from the answer
    return out


def candidates(path: Path, dataset: Path | None = None) -> list[dict[str, Any]]:
    """Candidates from a feedback JSONL export, one per answer_id (the last rating wins).
    With `dataset`, a candidate whose question is already there gets "duplicate_of": <id>."""
    by_answer: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{n}: expected a JSON object")
            cand = candidate(row)
            if cand is not None:
                key = cand["feedback"]["answer_id"] or f"line-{n}"
                by_answer.pop(key, None)
                by_answer[key] = cand
    out = list(by_answer.values())
    if dataset is not None:
        known = {normalize(c.question): c.id for c in load_cases(dataset)}
        for cand in out:
            dup = known.get(normalize(cand["question"])) if cand["question"] else None
            if dup:
                cand["duplicate_of"] = dup
    return out


def to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_candidates(rows: Sequence[dict[str, Any]], out: Path) -> None:
    """Write candidates to their own file; refuses the dataset itself."""
    if out.name == DEFAULT_DATASET.name or out.resolve() == DEFAULT_DATASET.resolve():
        raise ValueError(f"{out}: candidates are never written into the dataset")
    out.write_text(to_jsonl(rows), encoding="utf-8")
