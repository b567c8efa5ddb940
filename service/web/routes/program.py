"""The program's structure, the glossary and the UI strings, as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import PlainTextResponse

from ingest.errors import IndexMismatchError, NoIndexError
from ingest.index import Snapshot

from .. import catalog, program_view
from ..matrix import build_matrix, matrix_csv
from ..state import AppState, State
from ..ui_text import browser_strings

router = APIRouter(tags=["programmet"])


def snapshot(st: AppState) -> Snapshot:
    try:
        return st.engines.get().snapshot
    except (NoIndexError, IndexMismatchError) as exc:
        raise st.error(503, "not_ready") from exc


def _cached(st: AppState, key: str, build: Any) -> Any:
    if key not in st.cache:
        st.cache[key] = build()
    return st.cache[key]


@router.get(
    "/api/sections",
    summary="Alla dokument och standarddokumentets avsnitt med huvudansvar",
)
def sections(st: State) -> dict[str, Any]:
    snap = snapshot(st)

    def build() -> dict[str, Any]:
        payload = program_view.sections_payload(snap, st.msgs)
        default = catalog.default_document(snap)
        payload["default"] = default
        payload["sections"] = [s for s in payload["sections"] if s["document"] == default]
        return payload

    result: dict[str, Any] = _cached(st, f"sections:{snap.version}", build)
    return result


def _record(st: AppState, document_id: str) -> Any:
    snap = snapshot(st)
    record = snap.documents.get(document_id)
    if record is None:
        raise st.error(404, "document_not_found", document=document_id)
    return snap, record


@router.get("/api/documents", summary="Dokumenten med slag, giltighetstid och standarddokument")
def documents(st: State) -> dict[str, Any]:
    snap = snapshot(st)
    result: dict[str, Any] = _cached(
        st, f"documents:{snap.version}", lambda: catalog.documents_payload(snap, st.msgs)
    )
    return result


@router.get("/api/documents/{document_id}", summary="Ett dokument med dess rubrikträd")
def document(document_id: str, st: State) -> dict[str, Any]:
    snap, record = _record(st, document_id)
    return catalog.document_detail(snap, record, st.msgs)


@router.get("/api/documents/{document_id}/sections", summary="Ett dokuments avsnitt")
def document_sections(document_id: str, st: State) -> dict[str, Any]:
    snap, record = _record(st, document_id)
    return {
        "document": record.id,
        "sections": _cached(
            st,
            f"document-sections:{snap.version}:{record.id}",
            lambda: catalog.document_sections(snap, record.id, st.msgs),
        ),
    }


@router.get(
    "/api/documents/{document_id}/sections/{section_id}",
    summary="Ett avsnitt i ett dokument, med dess text",
)
def document_section(document_id: str, section_id: str, st: State) -> dict[str, Any]:
    snap, record = _record(st, document_id)
    found = program_view.find_section(snap, section_id, record.id)
    if found is None:
        raise st.error(404, "section_not_found", section=section_id, document=record.title)
    program, sec = found
    return program_view.section_detail(snap, program, sec, st.msgs)


def _matrix(st: AppState, document_id: str) -> Any:
    snap, record = _record(st, document_id)
    matrix = build_matrix(snap, record.id, st.msgs)
    if matrix is None:
        raise st.error(404, "no_matrix", document=record.title)
    return matrix


@router.get(
    "/api/documents/{document_id}/matrix",
    summary="Ansvarsmatrisen: avsnitt med huvudansvar × nämnder och bolag",
)
def matrix(document_id: str, st: State) -> dict[str, Any]:
    result: dict[str, Any] = _matrix(st, document_id).to_json(st.msgs)
    return result


@router.get(
    "/api/documents/{document_id}/matrix.csv",
    summary="Ansvarsmatrisen som CSV (semikolonseparerad, UTF-8)",
    response_class=PlainTextResponse,
)
def matrix_file(document_id: str, st: State) -> PlainTextResponse:
    m = _matrix(st, document_id)
    name = st.msgs.render("ui.matrix.csv_filename", document=m.document)
    return PlainTextResponse(
        matrix_csv(m, st.msgs),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/api/sections/{section_id}",
    summary="Ett avsnitt (i standarddokumentet om inget dokument anges) med dess text",
)
def section(section_id: str, st: State, document: str | None = None) -> dict[str, Any]:
    snap = snapshot(st)
    document = document or catalog.default_document(snap)
    found = program_view.find_section(snap, section_id, document)
    if found is None:
        raise st.error(404, "section_not_found", section=section_id, document=document or "–")
    program, sec = found
    return program_view.section_detail(snap, program, sec, st.msgs)


@router.get("/api/glossary", summary="Förkortningar med fullständiga namn och säkerhet")
def glossary(st: State) -> list[dict[str, Any]]:
    return program_view.glossary_payload(snapshot(st), st.msgs)


@router.get("/api/ui-strings", summary="Gränssnittets svenska texter")
def ui_strings(response: Response, st: State) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return {
        "strings": browser_strings(st.msgs),
        "privacy": st.msgs.get(
            "ui.page.privacy_on" if st.settings.log_questions else "ui.page.privacy_off"
        ),
        "max_question_chars": st.settings.max_question_chars,
        "empty_question": st.msgs.get("errors.empty_question"),
    }
