"""The program's structure, the glossary and the UI strings, as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ingest.errors import IndexMismatchError, NoIndexError
from ingest.index import Snapshot

from .. import program_view
from ..state import AppState, State
from ..ui_text import browser_strings

router = APIRouter(tags=["programmet"])


def snapshot(st: AppState) -> Snapshot:
    try:
        return st.engines.get().snapshot
    except (NoIndexError, IndexMismatchError) as exc:
        raise st.error(503, "not_ready") from exc


@router.get("/api/sections", summary="Dokumenten och alla avsnitt med huvudansvar")
def sections(st: State) -> dict[str, Any]:
    snap = snapshot(st)
    key = f"sections:{snap.version}"
    if key not in st.cache:
        st.cache[key] = program_view.sections_payload(snap, st.msgs)
    payload: dict[str, Any] = st.cache[key]
    return payload


@router.get("/api/sections/{section_id}", summary="Ett avsnitt med dess text")
def section(section_id: str, st: State, document: str | None = None) -> dict[str, Any]:
    snap = snapshot(st)
    found = program_view.find_section(snap, section_id, document)
    if found is None:
        raise st.error(
            404,
            "section_not_found",
            section=section_id,
            document=document or ", ".join(snap.programs),
        )
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
