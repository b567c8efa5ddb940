"""answer(question, history) -> Answer. PLACEHOLDER: the answer engine is being written (issue 3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.messages import Messages

from .models import Answer, QuestionError, Turn


class AnswerEngine:
    def __init__(
        self,
        snapshot: Snapshot,
        embedder: Embedder,
        messages: Messages,
        *,
        chat_model: Any = None,
        max_question_chars: int = 2000,
    ) -> None:
        snapshot.check_embedder(embedder.name)
        self.snapshot = snapshot
        self.embedder = embedder
        self.messages = messages
        self.chat_model = chat_model
        self.max_question_chars = max_question_chars

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        q = question.strip()
        if not q:
            raise QuestionError("empty_question")
        if len(q) > self.max_question_chars:
            raise QuestionError("question_too_long", length=len(q), limit=self.max_question_chars)
        return Answer(text="", citations=[], abstained=True, mode="abstain")
