"""The HTTP app: `build_app(settings, engine_factory)` builds a FastAPI app over the answer engine.

No app exists at import time. The composition root (`styrdok.app.create_app`, used by
`styrdok serve`, the tests and the HTTP bench) passes the Settings and how to build the engine;
the engine is rebuilt whenever the index switches version.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.recovery import describe, sweep
from service.engine.answer import AnswerEngine

from . import openapi_doc
from .answer_ids import AnswerIds
from .asgi import networks
from .bodylimit import BodyLimitMiddleware
from .engine_holder import EngineHolder
from .feedback import FeedbackStore, feedback_path
from .guards import AdminGuard, Admission, AnswerGate
from .lanes import AnswerThreads, RetrievalLane
from .logging import RequestContextMiddleware
from .ratelimit import RateLimiter
from .routes import admin, ask, documents, feedback, openai_compat, pages, program
from .state import STATIC_DIR, ApiError, AppState
from .ui_text import load_messages

if TYPE_CHECKING:
    from styrdok.settings import Settings

log = logging.getLogger("styrdok")
KB = 1024
JSON_BODY_LIMIT = 256 * KB
MULTIPART_OVERHEAD = 64 * KB
# requests that run the answer engine: a bounded pool, with a queue limit (guards.Admission)
ANSWER_PATHS = frozenset({"/api/ask", "/api/ask/stream", "/v1/chat/completions"})


def build_app(
    settings: Settings,
    engine_factory: Callable[[], AnswerEngine],
    lane: RetrievalLane | None = None,
) -> FastAPI:
    """A new app serving the chat page, the widget and the API over `settings`. `lane`: the
    retrieval lane the engine's embedder goes through (lanes.LaneEmbedder), when it does."""
    data_dir = settings.resolved_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    msgs = load_messages(settings.prompts_dir)
    state = AppState(
        settings=settings,
        msgs=msgs,
        engines=EngineHolder(engine_factory, data_dir),
        feedback=FeedbackStore(feedback_path(data_dir), settings.feedback_retention_days),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        data_dir=data_dir,
        admin_limiter=RateLimiter(settings.admin_rate_limit_per_minute),
        answer_ids=AnswerIds(data_dir, settings.feedback_window_hours * 3600.0),
        trusted_proxies=networks(settings.trusted_proxies),
        lane=lane or RetrievalLane(settings.answer_threads, settings.answer_queue),
        # enough for both lanes and the retrieval queue, so the limiter itself never queues
        answer_threads=AnswerThreads(3 * settings.answer_threads + settings.answer_queue),
    )
    gate = AnswerGate(settings.answer_threads, settings.answer_queue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.feedback.purge()
        try:
            engine = state.engines.get()  # load the index before the first question
        except Exception:  # noqa: BLE001 - no index yet: /readyz says so until one appears
            log.warning("no index to answer from yet", exc_info=True)
            engine = None
        snap = engine.snapshot if engine is not None else None
        indexed = {d.path: d.id for d in snap.documents.values()} if snap else {}
        for item in sweep(data_dir, snap.store if snap else None, indexed):
            log.warning(describe(msgs, item), extra={"swept": item.kind, "item": item.name})
        yield

    # FastAPIOffline: /docs and /redoc from bundled files, not a CDN (the machine is offline)
    app = FastAPIOffline(
        static_url="/docs-static",
        title="Styrdok",
        summary="Frågor och svar med källor om kommunens styrdokument.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.styrdok = state

    upload_limit = settings.max_upload_mb * 1024 * KB + MULTIPART_OVERHEAD

    def limit_for(path: str) -> tuple[int, str]:
        if path.startswith("/api/admin/"):
            return upload_limit, msgs.render(
                "ui.api.upload_too_large", limit=settings.max_upload_mb
            )
        return JSON_BODY_LIMIT, msgs.render("ui.api.too_large", limit=JSON_BODY_LIMIT // KB)

    # outermost last: request id + access log, then CORS, then body limits
    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    # before any body is read: the admin key and rate limit, and the answer queue's limit
    app.add_middleware(AdminGuard, state=state)
    app.add_middleware(
        Admission,
        gate=gate,
        paths=ANSWER_PATHS,
        busy=lambda seconds: msgs.render("ui.api.busy", seconds=seconds),
        body_limit=JSON_BODY_LIMIT,
    )
    app.state.answer_gate = gate
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["X-Request-ID"],
        max_age=600,
    )
    app.add_middleware(RequestContextMiddleware)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            {"code": exc.code, "message": exc.message}, status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', '')}"
            for e in exc.errors()[:5]
        )
        return JSONResponse(
            {
                "code": "invalid_request",
                "message": msgs.render("ui.api.invalid_request", detail=detail),
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        if status == 400:  # the body could not be parsed: say why, in Swedish
            body = await request.body()
            try:
                body.decode("utf-8")
                why = msgs.render("ui.api.not_json")
            except UnicodeDecodeError:
                why = msgs.render("ui.api.not_utf8")
            code, message = "bad_request", msgs.render("ui.api.bad_request", detail=why)
        elif status == 405:
            code = "method_not_allowed"
            message = msgs.render("ui.api.method_not_allowed", method=request.method)
        elif status == 404:
            code, message = "not_found", msgs.render("ui.api.not_found")
        else:
            code, message = "internal", msgs.render("ui.api.internal")
        return JSONResponse(
            {"code": code, "message": message}, status_code=status, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return JSONResponse(
            {"code": "internal", "message": msgs.render("ui.api.internal")}, status_code=500
        )

    for module in (ask, openai_compat, program, documents, feedback, admin, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    openapi_doc.install(app, settings, JSON_BODY_LIMIT // KB)
    return app
