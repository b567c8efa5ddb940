from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_DATASET
from evals.feedback import candidates, to_jsonl, write_candidates

pytestmark = pytest.mark.unit

CIT = [
    {"document": "d", "section": "3.2", "page": 2, "quote": "Huvudansvar: IFN"},
    {"document": "d", "section": "3.2", "page": 2, "quote": "Motverka barnfattigdom"},
    {"document": "d", "section": "3", "page": 2, "quote": "Barns uppväxtvillkor"},
]


def _export(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "feedback.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_thumbs_up_prefills_reference_and_gold(tmp_path: Path) -> None:
    row = {
        "answer_id": "a1",
        "rating": "up",
        "comment": "",
        "question": "Vem ansvarar för 3.2?",
        "answer": "IFN, GVN, PN …",
        "citations": CIT,
        "created_at": "2025-03-01T10:00:00Z",
    }
    [c] = candidates(_export(tmp_path, [row]))
    assert c["needs_review"] is True
    assert c["id"] == "feedback-a1"
    assert c["question"] == "Vem ansvarar för 3.2?"
    assert c["reference"] == "IFN, GVN, PN …"
    assert c["gold_sections"] == ["3.2", "3"] and c["gold_pages"] == [2]
    assert c["answerable"] is True
    assert "review_note" not in c and "question_missing" not in c
    assert c["feedback"]["rating"] == "up" and c["feedback"]["created_at"] == "2025-03-01T10:00:00Z"


def test_thumbs_down_keeps_the_comment_and_no_reference(tmp_path: Path) -> None:
    row = {
        "answer_id": "a2",
        "rating": "down",
        "comment": "PN saknas i svaret",
        "question": "Vem ansvarar för 3.2?",
        "answer": "IFN och GVN",
        "citations": CIT,
        "created_at": "2025-03-01T10:00:00Z",
    }
    [c] = candidates(_export(tmp_path, [row]))
    assert c["reference"] == ""
    assert c["review_note"] == "PN saknas i svaret"
    assert c["gold_sections"] == [] and c["gold_pages"] == []
    assert c["answerable"] is None and c["needs_review"] is True
    assert c["feedback"]["answer"] == "IFN och GVN"


def test_the_service_export_shape_with_answer_json(tmp_path: Path) -> None:
    """service/feedback.py exports "answer" as the Answer JSON and the time as "created"."""
    rows: list[dict] = [
        {
            "id": 1,
            "answer_id": "b1",
            "rating": "up",
            "comment": None,
            "question": "Vem ansvarar för 3.2?",
            "created": "2025-03-01T10:00:00Z",
            "answer": {
                "answer": "IFN, GVN …",
                "abstained": False,
                "mode": "structured",
                "citations": CIT,
            },
        },
        {
            "id": 2,
            "answer_id": "b2",
            "rating": "up",
            "comment": None,
            "question": "Vad kostar ett busskort?",
            "created": "2025-03-01T10:01:00Z",
            "answer": {
                "answer": "Programmet anger inte det.",
                "abstained": True,
                "mode": "abstain",
                "citations": [],
            },
        },
        {
            "id": 3,
            "answer_id": "b3",
            "rating": "down",
            "comment": None,
            "question": None,
            "answer": None,
            "created": "2025-03-01T10:02:00Z",
        },
    ]
    up, abstain, down = candidates(_export(tmp_path, rows))
    assert up["reference"] == "IFN, GVN …" and up["gold_sections"] == ["3.2", "3"]
    assert up["answerable"] is True and up["feedback"]["created_at"] == "2025-03-01T10:00:00Z"
    assert abstain["answerable"] is False and abstain["gold_sections"] == []
    assert down["question_missing"] is True and down["review_note"] == ""
    assert down["reference"] == "" and down["needs_review"] is True


def test_missing_question_other_ratings_and_repeated_answers(tmp_path: Path) -> None:
    rows: list[dict] = [
        {"answer_id": "a3", "rating": "up", "answer": "x", "citations": [], "created_at": "t1"},
        {"answer_id": "a4", "rating": "meh", "question": "q", "answer": "x", "created_at": "t"},
        {"answer_id": "a5", "rating": "up", "question": "q5", "answer": "y", "created_at": "t1"},
        {
            "answer_id": "a5",
            "rating": "down",
            "question": "q5",
            "comment": "fel",
            "answer": "y",
            "created_at": "t2",
        },
    ]
    out = candidates(_export(tmp_path, rows))
    assert [c["id"] for c in out] == ["feedback-a3", "feedback-a5"]
    assert out[0]["question"] == "" and out[0]["question_missing"] is True
    assert out[0]["answerable"] is False  # a liked answer without citations was an abstention
    assert out[1]["feedback"]["rating"] == "down" and out[1]["review_note"] == "fel"


def test_duplicates_of_dataset_questions_are_flagged(tmp_path: Path) -> None:
    first = json.loads(DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()[0])
    row = {
        "answer_id": "a6",
        "rating": "up",
        "question": first["question"].upper(),
        "answer": "x",
        "citations": CIT,
        "created_at": "t",
    }
    [c] = candidates(_export(tmp_path, [row]), dataset=DEFAULT_DATASET)
    assert c["duplicate_of"] == first["id"]


def test_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text('{"answer_id": "a", "rating": "up"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"f.jsonl:2"):
        candidates(path)


def test_candidates_never_go_into_the_dataset(tmp_path: Path) -> None:
    before = hashlib.sha256(DEFAULT_DATASET.read_bytes()).hexdigest()
    row = {
        "answer_id": "a7",
        "rating": "up",
        "question": "q",
        "answer": "x",
        "citations": CIT,
        "created_at": "t",
    }
    rows = candidates(_export(tmp_path, [row]))
    with pytest.raises(ValueError):
        write_candidates(rows, DEFAULT_DATASET)
    with pytest.raises(ValueError):
        write_candidates(rows, tmp_path / "dataset.jsonl")
    assert hashlib.sha256(DEFAULT_DATASET.read_bytes()).hexdigest() == before
    out = tmp_path / "candidates.jsonl"
    write_candidates(rows, out)
    assert out.read_text(encoding="utf-8") == to_jsonl(rows)
    assert json.loads(out.read_text(encoding="utf-8"))["needs_review"] is True
