"""GET /documents/{id} (the file, strictly by document id) and the source view pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse

from .. import program_view
from ..html import Safe, render, tag
from ..matrix import build_matrix
from ..matrix_page import matrix_page
from ..source_page import SourcePage, document_page, section_page
from ..state import STATIC_DIR, AppState, State
from .program import snapshot

router = APIRouter(tags=["källor"])

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# HTML pages may run only our own scripts and styles
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
MAX_QUOTE = 2000
MAX_QUOTES = 20


def _quotes(q: list[str]) -> list[str]:
    """The quotes to highlight: each shortened to MAX_QUOTE, duplicates once, at most MAX_QUOTES."""
    out: list[str] = []
    for quote in q:
        quote = quote[:MAX_QUOTE]
        if quote.strip() and quote not in out:
            out.append(quote)
    return out[:MAX_QUOTES]


@router.get(
    "/documents/{document_id}",
    summary="Dokumentets fil (PDF: länka med #page=N)",
    response_class=FileResponse,
)
def document_file(document_id: str, st: State) -> FileResponse:
    snap = snapshot(st)
    record = snap.documents.get(document_id)
    path = Path(record.path) if record else None
    if record is None or path is None or not path.is_file():
        raise st.error(404, "document_not_found", document=document_id)
    suffix = path.suffix.lower()
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    if suffix != ".pdf":
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return FileResponse(
        path,
        media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
        filename=f"{document_id}{suffix}",
        content_disposition_type="inline",
        headers=headers,
    )


def _html(st: AppState, page: SourcePage, status: int = 200) -> HTMLResponse:
    template = st.cache.get("view.html")
    if template is None:
        template = st.cache["view.html"] = (STATIC_DIR / "view.html").read_text(encoding="utf-8")
    body = render(
        template,
        {
            "title": page.title,
            "back": st.msgs.get("ui.view.back"),
            "heading": page.heading,
            "meta": page.meta,
            "status": page.status,
            "body": page.body,
        },
    )
    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": PAGE_CSP})


def _not_found(st: AppState) -> HTMLResponse:
    page = SourcePage(
        title=st.msgs.get("ui.view.not_found_title"),
        heading=st.msgs.get("ui.view.not_found_title"),
        meta=Safe(""),
        status="",
        body=tag("p", st.msgs.get("ui.view.not_found")),
    )
    return _html(st, page, 404)


@router.get(
    "/view/{document_id}/{section_id}",
    summary="Ett avsnitts text med citatet markerat",
    response_class=HTMLResponse,
)
def view_section(
    document_id: str,
    section_id: str,
    st: State,
    q: Annotated[
        list[str], Query(description="the quoted sentences to highlight (repeatable)")
    ] = [],  # noqa: B006 - FastAPI copies the default
    page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> HTMLResponse:
    snap = snapshot(st)
    found = program_view.find_section(snap, section_id, document_id)
    if found is None or document_id not in snap.documents:
        return _not_found(st)
    _, section = found
    return _html(st, section_page(snap, st.msgs, document_id, section, _quotes(q), page))


@router.get(
    "/view/{document_id}",
    summary="En sidas text med citatet markerat",
    response_class=HTMLResponse,
)
def view_page(
    document_id: str,
    st: State,
    q: Annotated[
        list[str], Query(description="the quoted sentences to highlight (repeatable)")
    ] = [],  # noqa: B006 - FastAPI copies the default
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    snap = snapshot(st)
    record = snap.documents.get(document_id)
    if record is None or page > len(record.pages):
        return _not_found(st)
    return _html(st, document_page(snap, st.msgs, document_id, page, _quotes(q)))


@router.get(
    "/matrix/{document_id}",
    summary="Ansvarsmatrisen som egen sida: avsnitt med huvudansvar × nämnder och bolag",
    response_class=HTMLResponse,
)
def view_matrix(document_id: str, st: State) -> HTMLResponse:
    snap = snapshot(st)
    matrix = build_matrix(snap, document_id, st.msgs) if document_id in snap.documents else None
    if matrix is None:
        return _not_found(st)
    return _html(st, matrix_page(matrix, st.msgs))
