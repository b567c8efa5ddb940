"""The chat page, the widget script, and the health endpoints."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from ingest.errors import IndexMismatchError, NoIndexError
from ingest.pipeline import load_manifest
from ingest.registry import default_document

from ..html import json_script, render
from ..state import STATIC_DIR, AppState, State
from ..ui_text import browser_strings
from .documents import PAGE_CSP

router = APIRouter()


def _index_html(st: AppState) -> str:
    cached = st.cache.get("index.html")
    if cached is None:
        m = st.msgs
        template = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
        privacy = m.get(
            "ui.page.privacy_on" if st.settings.log_questions else "ui.page.privacy_off"
        )
        values: dict[str, Any] = {
            key.replace(".", "_"): value for key, value in browser_strings(m).items()
        }
        values["privacy"] = privacy
        values["config"] = json_script(
            {
                "strings": browser_strings(m),
                "privacy": privacy,
                "max_question_chars": st.settings.max_question_chars,
                "empty_question": m.get("errors.empty_question"),
            }
        )
        cached = st.cache["index.html"] = render(template, values)
    return str(cached)


# async: the page, health and readiness run on the event loop, never waiting for a thread
@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(st: State) -> HTMLResponse:
    return HTMLResponse(_index_html(st), headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/widget.js", include_in_schema=False)
def widget() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/healthz", summary="Processen lever", tags=["drift"])
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _default_document(st: AppState) -> str | None:
    """The manifest's default document, read again when the manifest changes."""
    path = st.settings.corpus_dir / "manifest.json"
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    cached = st.cache.get("default_document")
    if cached is None or cached[0] != stamp:
        cached = st.cache["default_document"] = (
            stamp,
            default_document(load_manifest(path.parent)),
        )
    return cached[1]


@router.get(
    "/readyz",
    summary="Ett index är inläst och svarar, med standarddokumentet",
    tags=["drift"],
)
async def readyz(st: State) -> JSONResponse:
    engine = st.engines.engine
    try:
        if engine is None or time.monotonic() - st.engines.checked > 1.0:
            engine = await run_in_threadpool(st.engines.get)
        snap = engine.snapshot
    except (NoIndexError, IndexMismatchError):
        return JSONResponse(
            {"status": "not_ready", "code": "not_ready", "message": st.text("not_ready")},
            status_code=503,
        )
    default = _default_document(st)
    if default is not None and default not in snap.documents:
        return JSONResponse(
            {
                "status": "not_ready",
                "code": "default_missing",
                "message": st.text("default_missing", document=default),
                "version": snap.version,
            },
            status_code=503,
        )
    return JSONResponse(
        {
            "status": "ready",
            "version": snap.version,
            "documents": len(snap.documents),
            "default": default,
        }
    )
