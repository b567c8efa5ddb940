"""The OpenAI-compatible endpoint, so any chat UI that speaks it (Open WebUI, LibreChat …) can
use styrdok as a model: GET /v1/models and POST /v1/chat/completions (plain and `stream: true`).

A thin adapter over `AnswerEngine.answer()`:
- models: `styrdok` answers over every document; `styrdok-<document id>` over that document only
  (its scope);
- messages: the last one must be the user's question; earlier user and assistant turns are the
  history; system (and developer/tool) messages are ignored, never obeyed as policy;
- the reply's content is the answer text followed by its numbered sources (chat_sources.py);
  the structured answer is in the extra field `styrdok` of the choice's `message` (streamed: of
  the last chunk's `delta`): {answer, abstained, mode, citations[…, url], owners, sections,
  suggestions, scope, answer_id, usage_unit};
- usage counts Unicode characters, not tokens (no language model produces the text; the
  embedder's tokenizer is not exposed): prompt = the question and history the engine was
  given, completion = the content returned. `styrdok.usage_unit` says "characters";
- with STYRDOK_API_KEY set, every /v1 request needs `Authorization: Bearer <key>`;
- errors have OpenAI's shape {"error": {message, type, param, code}} with Swedish messages.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import IndexMismatchError, NoIndexError
from ingest.index import Snapshot
from service.engine.errors import error_text
from service.engine.models import Answer, QuestionError, Turn

from ..chat_sources import REQUIRED, answer_extra, chat_text, document_titles
from ..lanes import RetrievalBusy
from ..state import ApiError, AppState, State, app_state
from .ask import MAX_HISTORY, pieces

log = logging.getLogger("styrdok.openai")

MODEL = "styrdok"
MAX_MESSAGES = 200
USAGE_UNIT = "characters"


def _error_body(status: int, code: str, message: str) -> dict[str, Any]:
    kind = {401: "authentication_error", 404: "invalid_request_error", 429: "rate_limit_error"}
    default = "server_error" if status >= 500 else "invalid_request_error"
    return {
        "error": {
            "message": message,
            "type": kind.get(status, default),
            "param": None,
            "code": code,
        }
    }


class OpenAIRoute(APIRoute):
    """Routes whose errors have OpenAI's error shape, so the clients' SDKs read them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                body = _error_body(exc.status, exc.code, exc.message)
                return JSONResponse(body, status_code=exc.status, headers=exc.headers)
            except RequestValidationError as exc:
                st = app_state(request)
                detail = "; ".join(
                    f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', '')}"
                    for e in exc.errors()[:5]
                )
                message = st.text("invalid_request", detail=detail)
                return JSONResponse(_error_body(400, "invalid_request", message), status_code=400)

        return route


async def require_key(request: Request, st: State) -> None:
    """With STYRDOK_API_KEY set, the request must carry it as a Bearer token."""
    key = st.settings.api_key
    if not key:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), key.encode()):
        raise ApiError(
            401,
            "invalid_api_key",
            st.msgs.get("adapters.openai.unauthorized"),
            {"WWW-Authenticate": "Bearer"},
        )


router = APIRouter(
    prefix="/v1",
    tags=["OpenAI-kompatibelt"],
    route_class=OpenAIRoute,
    dependencies=[Depends(require_key)],
)


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens … are accepted, unused
    model: str = Field(description="`styrdok` or `styrdok-<document id>` (GET /v1/models)")
    messages: list[MessageIn] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    stream_options: dict[str, Any] | None = None


def _engine(st: AppState) -> Any:
    if not st.cache.get("adapters.validated"):
        st.msgs.validate(REQUIRED)
        st.cache["adapters.validated"] = True
    try:
        return st.engines.get()
    except (NoIndexError, IndexMismatchError) as exc:
        raise st.error(503, "not_ready") from exc


def _created(snapshot: Snapshot) -> int:
    try:
        return int(time.mktime(time.strptime(str(snapshot.meta["created"]), "%Y-%m-%dT%H:%M:%S%z")))
    except (KeyError, ValueError):
        return 0


def models_of(snapshot: Snapshot) -> dict[str, str | None]:
    """Model id -> the document it is scoped to (None: every document)."""
    return {MODEL: None, **{f"{MODEL}-{doc_id}": doc_id for doc_id in snapshot.documents}}


@router.get("/models", summary="Modellerna: styrdok (alla dokument) och styrdok-<dokument>")
def list_models(st: State) -> dict[str, Any]:
    snapshot = _engine(st).snapshot
    created = _created(snapshot)
    titles = document_titles(snapshot.documents)
    data = []
    for model_id, doc in models_of(snapshot).items():
        name = (
            st.msgs.render("adapters.openai.model_document", title=titles[doc])
            if doc
            else st.msgs.get("adapters.openai.model_all")
        )
        data.append(
            {"id": model_id, "object": "model", "created": created, "owned_by": MODEL, "name": name}
        )
    return {"object": "list", "data": data}


def text_of(content: str | list[dict[str, Any]] | None) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "\n".join(str(p.get("text", "")) for p in content if p.get("type") == "text")


def conversation(messages: list[MessageIn], st: AppState) -> tuple[str, list[Turn]]:
    """(question, history): the last user message, the user/assistant turns before it."""
    turns = [
        Turn("user" if m.role == "user" else "assistant", text_of(m.content))
        for m in messages
        if m.role in ("user", "assistant")
    ]
    if not turns or turns[-1].role != "user" or not turns[-1].content.strip():
        raise ApiError(400, "no_question", st.msgs.get("adapters.openai.no_question"))
    return turns[-1].content, turns[:-1][-MAX_HISTORY:]


def _answer(st: AppState, request: Request, body: ChatRequest) -> tuple[Any, Answer, int]:
    st.rate_limit(request, "ask")
    engine = _engine(st)
    models = models_of(engine.snapshot)
    if body.model not in models:
        message = st.msgs.render(
            "adapters.openai.unknown_model", model=body.model, models=", ".join(models)
        )
        raise ApiError(404, "model_not_found", message)
    question, history = conversation(body.messages, st)
    doc = models[body.model]
    t0 = time.perf_counter()
    try:
        answer = engine.answer(question, history, scope=[doc] if doc else None)
    except QuestionError as exc:
        raise ApiError(422, exc.code, error_text(st.msgs, exc)) from exc
    except RetrievalBusy as exc:
        raise st.busy(exc) from exc
    fields: dict[str, Any] = {
        "endpoint": "chat.completions",
        "model": body.model,
        "mode": answer.mode,
        "abstained": answer.abstained,
        "citations": len(answer.citations),
        "history": len(history),
        "answer_ms": round((time.perf_counter() - t0) * 1000, 2),
    }
    if st.settings.log_questions:
        fields["question"] = question
    log.info("answered", extra=fields)
    prompt_chars = len(question) + sum(len(t.content) for t in history)
    return engine, answer, prompt_chars


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


@router.post(
    "/chat/completions",
    summary="Chattsvar i OpenAI:s format (även stream: true)",
    description="The answer text with numbered sources as the message content; the structured "
    "answer in `choices[0].message.styrdok` (streamed: the last chunk's `delta.styrdok`). "
    "Usage counts characters, not tokens.",
    response_model=None,
)
async def chat_completions(body: ChatRequest, request: Request, st: State) -> Response:
    return await st.answer_threads.run(_complete, body, request, st)


def _complete(body: ChatRequest, request: Request, st: AppState) -> Response:
    """The completion (or its stream); runs in an answer thread (AppState.answer_threads)."""
    engine, answer, prompt_chars = _answer(st, request, body)
    base_url = str(request.base_url)
    titles = document_titles(engine.snapshot.documents)
    content = chat_text(answer, st.msgs, base_url, titles)
    answer_id = uuid.uuid4().hex
    extra = answer_extra(answer, base_url, titles, answer_id=answer_id, usage_unit=USAGE_UNIT)
    usage = _usage(prompt_chars, len(content))
    head = {
        "id": f"chatcmpl-{answer_id}",
        "created": int(time.time()),
        "model": body.model,
        "system_fingerprint": f"styrdok-{engine.snapshot.version}",
    }
    if not body.stream:
        message = {"role": "assistant", "content": content, "refusal": None, MODEL: extra}
        choice = {"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}
        return JSONResponse(
            {**head, "object": "chat.completion", "choices": [choice], "usage": usage}
        )
    with_usage = bool((body.stream_options or {}).get("include_usage"))
    return StreamingResponse(
        _chunks(head, content, extra, usage if with_usage else None),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _chunks(
    head: dict[str, Any], content: str, extra: dict[str, Any], usage: dict[str, int] | None
) -> Iterator[str]:
    """Server-sent events as OpenAI streams them: role, content pieces, the end, [DONE]."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        data: dict[str, Any] = {**head, "object": "chat.completion.chunk", "choices": [choice]}
        if usage is not None:
            data["usage"] = None
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces(content):
        yield chunk({"content": piece})
    yield chunk({MODEL: extra}, "stop")
    if usage is not None:
        data = {**head, "object": "chat.completion.chunk", "choices": [], "usage": usage}
        yield f"data: {json.dumps(data, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"
