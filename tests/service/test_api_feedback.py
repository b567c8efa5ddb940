"""Feedback: POST /api/feedback into SQLite under the data dir, `styrdok feedback export`,
and the retention period."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.web.feedback import DAY, FeedbackStore, feedback_path
from styrdok.app import create_app
from styrdok.cli import main
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def settings(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The corpus index, with its own data dir for feedback (the index is linked in)."""
    data = tmp_path_factory.mktemp("feedback-data")
    source = corpus_settings.resolved_data_dir()
    for name in ("CURRENT", "versions", "chroma"):
        (data / name).symlink_to(source / name)
    return corpus_settings.model_copy(update={"data_dir": data, "rate_limit_per_minute": 0})


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def _rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT answer_id, rating, comment, question, answer FROM feedback ORDER BY id"
        ).fetchall()


def test_feedback_is_stored_in_sqlite_and_exported(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    question = "Vilka har huvudansvar för 3.2?"
    answer = client.post("/api/ask", json={"question": question}).json()
    sent = {
        "answer_id": answer["id"],
        "rating": "down",
        "comment": "PN saknas",
        "question": question,
        "answer": {k: answer[k] for k in ("answer", "abstained", "mode", "citations")},
    }
    r = client.post("/api/feedback", json=sent)
    assert r.status_code == 201 and r.json()["id"] >= 1
    db = feedback_path(settings.resolved_data_dir())
    stored = [row for row in _rows(db) if row[0] == answer["id"]]
    assert stored == [
        (
            answer["id"],
            "down",
            "PN saknas",
            question,
            json.dumps(sent["answer"], ensure_ascii=False),
        )
    ]

    out = tmp_path / "feedback.jsonl"
    data_dir = str(settings.resolved_data_dir())
    assert main(["--data-dir", data_dir, "feedback", "export", "--out", str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [row] = [x for x in exported if x["answer_id"] == answer["id"]]
    assert row["rating"] == "down" and row["comment"] == "PN saknas"
    assert row["question"] == question and row["answer"] == sent["answer"]
    assert row["created"].endswith("Z")

    candidates = tmp_path / "candidates.jsonl"
    args = ["--data-dir", data_dir, "feedback", "candidates", str(out), "--out", str(candidates)]
    assert main(args) == 0
    rows = [json.loads(line) for line in candidates.read_text(encoding="utf-8").splitlines()]
    [cand] = [c for c in rows if c["feedback"]["answer_id"] == answer["id"]]
    assert cand["question"] == question and cand["needs_review"] is True


def test_invalid_feedback_is_refused(client: TestClient) -> None:
    ok_id = "0" * 32
    for body in (
        {"answer_id": ok_id, "rating": "meh"},
        {"answer_id": "../../x", "rating": "up"},
        {"answer_id": ok_id, "rating": "up", "comment": "x" * 2001},
        {"rating": "up"},
    ):
        r = client.post("/api/feedback", json=body)
        assert r.status_code == 422 and r.json()["code"] == "invalid_request", body


def test_asking_stores_no_question(client: TestClient, settings: Settings) -> None:
    question = "Vilka har huvudansvar för 5.2 och sparas detta?"
    client.post("/api/ask", json={"question": question})
    data = settings.resolved_data_dir()
    for db in data.glob("*.sqlite"):
        with sqlite3.connect(db) as conn:
            tables = [
                t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                rows = conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
                assert question not in repr(rows)


def test_old_feedback_is_purged_at_start_and_on_write(tmp_path: Path) -> None:
    now = [1_000_000_000.0]
    store = FeedbackStore(tmp_path / "fb.sqlite", retention_days=30, clock=lambda: now[0])
    store.add("a" * 32, "up", question="gammal fråga")
    now[0] += 10 * DAY
    store.add("b" * 32, "down")
    now[0] += 25 * DAY  # the first row is now 35 days old, the second 25
    store.add("c" * 32, "up")
    assert [r["answer_id"][0] for r in store.rows()] == ["b", "c"]
    now[0] += 40 * DAY
    reopened = FeedbackStore(tmp_path / "fb.sqlite", retention_days=30, clock=lambda: now[0])
    assert reopened.count() == 0
    keep = FeedbackStore(tmp_path / "keep.sqlite", retention_days=0, clock=lambda: now[0])
    keep.add("d" * 32, "up")
    now[0] += 1000 * DAY
    assert keep.purge() == 0 and keep.count() == 1


def test_feedback_export_to_stdout(
    settings: Settings, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    answer_id = client.post("/api/ask", json={"question": "Vad är 1.1?"}).json()["id"]
    assert (
        client.post("/api/feedback", json={"answer_id": answer_id, "rating": "up"}).status_code
        == 201
    )
    assert main(["--data-dir", str(settings.resolved_data_dir()), "feedback", "export"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert any(x["answer_id"] == answer_id and x["rating"] == "up" for x in lines)


def test_feedback_only_for_answers_the_server_gave(client: TestClient) -> None:
    """Item 8: any id was taken, and 256 KB of JSON; now only issued ids, once, bounded."""
    r = client.post("/api/feedback", json={"answer_id": "e" * 32, "rating": "up"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_answer"
    answer = client.post("/api/ask", json={"question": "Vilka har huvudansvar för 2.1?"}).json()
    forged = answer["id"][:16] + ("0" if answer["id"][16] != "0" else "1") + answer["id"][17:]
    r = client.post("/api/feedback", json={"answer_id": forged, "rating": "up"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_answer"
    big = {"answer_id": answer["id"], "rating": "down", "answer": {"answer": "x" * 40_000}}
    r = client.post("/api/feedback", json=big)
    assert r.status_code == 413 and r.json()["code"] == "feedback_too_large"
    ok = {"answer_id": answer["id"], "rating": "down"}
    assert client.post("/api/feedback", json=ok).status_code == 201
    r = client.post("/api/feedback", json=ok)
    assert r.status_code == 409 and r.json()["code"] == "feedback_exists"


def test_answer_ids_expire_and_every_worker_knows_them(tmp_path: Path) -> None:
    from service.web.answer_ids import AnswerIds

    now = [1_700_000_000.0]
    one = AnswerIds(tmp_path, window_s=3600, clock=lambda: now[0])
    other = AnswerIds(tmp_path, window_s=3600, clock=lambda: now[0])  # another worker
    issued = one.issue()
    assert other.valid(issued) and one.valid(issued)
    assert not AnswerIds(tmp_path / "elsewhere", 3600).valid(issued)
    now[0] += 3601
    assert not one.valid(issued)
