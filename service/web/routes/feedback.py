"""POST /api/feedback: the user rates an answer, on purpose, into SQLite.

Only for an answer this server issued within STYRDOK_FEEDBACK_WINDOW_HOURS (the id verifies,
`answer_ids`), once per answer, and bounded in size: a client cannot fill the database
faster than it gets answers.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ..state import State

router = APIRouter(tags=["återkoppling"])
MAX_ANSWER_KB = 32


class FeedbackIn(BaseModel):
    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="`id` of the answer")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)
    question: str | None = Field(default=None, max_length=20_000)
    answer: dict[str, Any] | None = Field(
        default=None,
        description=f"the answer JSON the feedback is about (at most {MAX_ANSWER_KB} kB)",
    )


@router.post(
    "/api/feedback",
    status_code=201,
    summary="Återkoppling på ett svar",
    description="En gång per svar, för svar som tjänsten gav nyligen; svarets JSON högst "
    f"{MAX_ANSWER_KB} kB.",
)
def feedback(body: FeedbackIn, request: Request, st: State) -> dict[str, Any]:
    st.rate_limit(request, "feedback")
    if not st.answer_ids.valid(body.answer_id):
        raise st.error(422, "unknown_answer", answer_id=body.answer_id)
    if body.answer is not None:
        size = len(json.dumps(body.answer, ensure_ascii=False).encode())
        if size > MAX_ANSWER_KB * 1024:
            raise st.error(413, "feedback_too_large", limit=MAX_ANSWER_KB)
    question = body.question
    if question is not None:
        question = question.strip()[: st.settings.max_question_chars] or None
    row = st.feedback.add_once(
        body.answer_id,
        body.rating,
        (body.comment or "").strip() or None,
        question,
        body.answer,
    )
    if row is None:
        raise st.error(409, "feedback_exists")
    return {"id": row, "message": st.text("feedback_saved")}
