"""User feedback on answers, in SQLite under the data dir, kept for a retention period.

A row holds what the user chose to send: the answer id, up/down, an optional comment, and the
question and answer the feedback is about. Rows older than `retention_days` are purged when
the store opens and on every write (`retention_days <= 0` keeps rows until deleted by hand).

Export format (one JSON object per line, `styrdok feedback export`):
    {"id": int, "answer_id": str, "rating": "up"|"down", "comment": str|null,
     "question": str|null, "answer": {Answer JSON}|null, "created": "YYYY-MM-DDTHH:MM:SSZ"}
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

Rating = Literal["up", "down"]
DAY = 86400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    question TEXT,
    answer TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback (answer_id);
"""


def feedback_path(data_dir: Path) -> Path:
    return data_dir / "feedback.sqlite"


class FeedbackStore:
    def __init__(
        self, path: Path, retention_days: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self.retention_days = retention_days
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(_SCHEMA)
        self.purge()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def purge(self) -> int:
        """Delete rows past the retention period; returns how many went."""
        if self.retention_days <= 0:
            return 0
        cutoff = self._clock() - self.retention_days * DAY
        with closing(self._connect()) as db, db:
            cur = db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,))
            return cur.rowcount

    def add(
        self,
        answer_id: str,
        rating: Rating,
        comment: str | None = None,
        question: str | None = None,
        answer: dict[str, Any] | None = None,
    ) -> int:
        self.purge()
        with closing(self._connect()) as db, db:
            cur = db.execute(
                "INSERT INTO feedback (answer_id, rating, comment, question, answer, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    rating,
                    comment or None,
                    question or None,
                    json.dumps(answer, ensure_ascii=False) if answer is not None else None,
                    self._clock(),
                ),
            )
            return int(cur.lastrowid or 0)

    def add_once(
        self,
        answer_id: str,
        rating: Rating,
        comment: str | None = None,
        question: str | None = None,
        answer: dict[str, Any] | None = None,
    ) -> int | None:
        """`add`, unless this answer has feedback already (then None)."""
        with closing(self._connect()) as db:
            seen = db.execute(
                "SELECT 1 FROM feedback WHERE answer_id = ? LIMIT 1", (answer_id,)
            ).fetchone()
        if seen:
            return None
        return self.add(answer_id, rating, comment, question, answer)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every kept row, oldest first, in the export format."""
        with closing(self._connect()) as db:
            cur = db.execute(
                "SELECT id, answer_id, rating, comment, question, answer, created"
                " FROM feedback ORDER BY created, id"
            )
            for rid, answer_id, rating, comment, question, answer, created in cur:
                yield {
                    "id": rid,
                    "answer_id": answer_id,
                    "rating": rating,
                    "comment": comment,
                    "question": question,
                    "answer": json.loads(answer) if answer else None,
                    "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created)),
                }

    def count(self) -> int:
        with closing(self._connect()) as db:
            return int(db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])
