"""POST /api/ask and POST /api/ask/stream (server-sent events)."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from ingest.errors import IndexMismatchError, NoIndexError
from service.engine.errors import error_text
from service.engine.models import Answer, QuestionError, Turn

from ..lanes import RetrievalBusy
from ..state import ApiError, AppState, State

router = APIRouter(tags=["fråga"])
log = logging.getLogger("styrdok.ask")

MAX_HISTORY = 20


class TurnIn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class AskRequest(BaseModel):
    question: str = Field(description="the question, in Swedish or English")
    history: list[TurnIn] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description="earlier turns of the conversation, oldest first",
    )
    documents: list[str] | None = Field(
        default=None,
        max_length=50,
        description="document ids to answer over (the page's document filter); null: all",
    )


class CitationOut(BaseModel):
    document: str
    section: str | None
    page: int | None
    quote: str = Field(description="verbatim from the cited page's text")
    document_title: str | None = None
    section_label: str | None = None


class AnswerOut(BaseModel):
    """The Answer JSON of `styrdok ask --json`, plus the answer id and what the UI lists."""

    answer: str
    abstained: bool
    mode: Literal["structured", "extractive", "generative", "abstain"]
    citations: list[CitationOut]
    id: str = Field(description="answer id, for POST /api/feedback")
    confidence: float
    owners: list[str] | None
    sections: list[str]
    suggestions: list[str] = Field(description="nearest sections when abstaining")


def answer_payload(answer: Answer, answer_id: str) -> dict[str, Any]:
    """The Answer JSON of `styrdok ask --json`, plus its id and what the UI lists."""
    return {
        **answer.to_json(),
        "id": answer_id,
        "confidence": answer.confidence,
        "owners": answer.owners,
        "sections": list(answer.sections),
        "suggestions": list(answer.suggestions),
    }


def run_answer(st: AppState, request: Request, body: AskRequest) -> tuple[Answer, str]:
    """The answer and its id; runs in an answer thread (AppState.answer_threads)."""
    st.rate_limit(request, "ask")
    question = body.question.strip()
    limit = st.settings.max_question_chars
    try:
        if not question:
            raise QuestionError("empty_question")
        if len(question) > limit:
            raise QuestionError("question_too_long", length=len(question), limit=limit)
        engine = st.engines.get()
        t0 = time.perf_counter()
        answer = engine.answer(
            question, [Turn(t.role, t.content) for t in body.history], scope=body.documents or None
        )
        ms = (time.perf_counter() - t0) * 1000
    except QuestionError as exc:
        raise ApiError(422, exc.code, error_text(st.msgs, exc)) from exc
    except RetrievalBusy as exc:
        raise st.busy(exc) from exc
    except (NoIndexError, IndexMismatchError) as exc:
        log.error("no usable index", extra={"error": error_text(st.msgs, exc)})
        raise st.error(503, "not_ready") from exc
    answer_id = st.answer_ids.issue()  # verifiable later by any worker (feedback)
    fields: dict[str, Any] = {
        "answer_id": answer_id,
        "mode": answer.mode,
        "abstained": answer.abstained,
        "citations": len(answer.citations),
        "history": len(body.history),
        "answer_ms": round(ms, 2),
    }
    if st.settings.log_questions:
        fields["question"] = question
    log.info("answered", extra=fields)
    return answer, answer_id


@router.post(
    "/api/ask",
    summary="Ställ en fråga; svaret med källor",
    response_class=JSONResponse,
    responses={200: {"model": AnswerOut}},
)
async def ask(body: AskRequest, request: Request, st: State) -> JSONResponse:
    answer, answer_id = await st.answer_threads.run(run_answer, st, request, body)
    return JSONResponse(answer_payload(answer, answer_id))


_PIECE = re.compile(r"\S+\s*|\s+")


def pieces(text: str, words: int = 4) -> Iterator[str]:
    """The text in pieces of a few words; joined they give the text back exactly."""
    tokens = _PIECE.findall(text)
    for i in range(0, len(tokens), words):
        yield "".join(tokens[i : i + words])


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/api/ask/stream",
    summary="Ställ en fråga; svaret som server-sent events",
    description="Events: `meta` (id, mode, abstained), `delta` ({text}) repeated, "
    "`citations` ({citations, sections, suggestions}), `done` (the whole answer JSON).",
    response_class=StreamingResponse,
)
async def ask_stream(body: AskRequest, request: Request, st: State) -> StreamingResponse:
    answer, answer_id = await st.answer_threads.run(run_answer, st, request, body)
    payload = answer_payload(answer, answer_id)

    def events() -> Iterator[str]:
        yield sse("meta", {"id": answer_id, "mode": answer.mode, "abstained": answer.abstained})
        for piece in pieces(answer.text):
            yield sse("delta", {"text": piece})
        yield sse(
            "citations",
            {
                "citations": payload["citations"],
                "sections": payload["sections"],
                "suggestions": payload["suggestions"],
            },
        )
        yield sse("done", payload)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
