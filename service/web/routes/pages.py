"""The chat page, the widget script, and the health endpoints."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from ingest.errors import IndexMismatchError, NoIndexError

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


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(st: State) -> HTMLResponse:
    return HTMLResponse(_index_html(st), headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/widget.js", include_in_schema=False)
def widget() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/healthz", summary="Processen lever", tags=["drift"])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Ett index är inläst och svarar", tags=["drift"])
def readyz(st: State) -> JSONResponse:
    try:
        snap = st.engines.get().snapshot
    except (NoIndexError, IndexMismatchError):
        return JSONResponse(
            {"status": "not_ready", "message": st.text("not_ready")}, status_code=503
        )
    return JSONResponse(
        {"status": "ready", "version": snap.version, "documents": len(snap.documents)}
    )
