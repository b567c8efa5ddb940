"""POST /api/feedback: the user rates an answer, on purpose, into SQLite."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ..state import State

router = APIRouter(tags=["återkoppling"])


class FeedbackIn(BaseModel):
    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="`id` of the answer")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)
    question: str | None = Field(default=None, max_length=20_000)
    answer: dict[str, Any] | None = Field(
        default=None, description="the answer JSON the feedback is about"
    )


@router.post("/api/feedback", status_code=201, summary="Återkoppling på ett svar")
def feedback(body: FeedbackIn, request: Request, st: State) -> dict[str, Any]:
    st.rate_limit(request, "feedback")
    question = body.question
    if question is not None:
        question = question.strip()[: st.settings.max_question_chars] or None
    row = st.feedback.add(
        body.answer_id,
        body.rating,
        (body.comment or "").strip() or None,
        question,
        body.answer,
    )
    return {"id": row, "message": st.text("feedback_saved")}
