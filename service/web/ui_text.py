"""The Swedish UI strings (prompts/ui.toml): validated at start, served to the browser."""

from __future__ import annotations

from pathlib import Path

from ingest.messages import Messages

# keys the server itself renders, with the placeholders each may use
REQUIRED: dict[str, dict[str, set[str]]] = {
    "ui.api": {
        "rate_limited": {"seconds"},
        "too_large": {"limit"},
        "upload_too_large": {"limit"},
        "invalid_request": {"detail"},
        "not_found": set(),
        "document_not_found": {"document"},
        "section_not_found": {"section", "document"},
        "no_matrix": {"document"},
        "not_ready": set(),
        "admin_disabled": set(),
        "admin_unauthorized": set(),
        "no_file": set(),
        "id_conflict": {"filename", "document"},
        "indexed": {"filename", "document", "pages", "chunks"},
        "removed": {"document"},
        "ingest_busy": set(),
        "feedback_saved": set(),
        "internal": set(),
        "name_too_long": {"length", "limit"},
        "confirm_required": {"document"},
        "busy": {"seconds"},
        "bad_request": {"detail"},
        "not_utf8": set(),
        "not_json": set(),
        "method_not_allowed": {"method"},
        "unknown_answer": {"answer_id"},
        "feedback_too_large": {"limit"},
        "feedback_exists": set(),
        "default_missing": {"document"},
    },
    "ui.owner": {
        "certain": {"expansion", "abbreviation"},
        "likely": {"expansion", "abbreviation"},
        "unknown": {"abbreviation"},
        "via": {"owner", "via"},
        "and": set(),
    },
    "ui.view": {
        "title": {"section", "document"},
        "back": set(),
        "document": {"document"},
        "pages": {"pages"},
        "page": {"page"},
        "open_pdf": {"page"},
        "quote_found": set(),
        "quote_missing": {"page"},
        "quote_nowhere": set(),
        "quotes_found": {"count"},
        "quotes_some": {"found", "count"},
        "quotes": set(),
        "quote_item": {"quote"},
        "quote_item_missing": {"quote"},
        "whole_page": {"page"},
        "owners": set(),
        "page_view": {"page", "document"},
        "not_found_title": set(),
        "not_found": set(),
    },
    "ui.page": {
        "title": set(),
        "heading": set(),
        "lead": set(),
        "skip_link": set(),
        "question_label": set(),
        "question_hint": set(),
        "send": set(),
        "clear": set(),
        "about_open": set(),
        "about_close": set(),
        "starters_heading": set(),
        "conversation_label": set(),
        "privacy_off": set(),
        "privacy_on": set(),
        "citation_open": {"where", "quotes"},
        "citation_quote": {"quote"},
        "answer_live": {"answer"},
        "citation_section_page": {"section", "page"},
        "citation_pdf": {"page"},
        "citation_pdf_label": {"page"},
    },
    "ui.about": {
        "heading": set(),
        "intro": {"focus", "subgoals"},
        "focus_area": {"id", "title"},
        "sub_goal": {"id", "title"},
        "labelled": {"label", "id", "title"},
        "matrix_section": set(),
        "matrix_yes": set(),
        "matrix_total": set(),
        "matrix_caption": {"document"},
        "matrix_scroll": {"document"},
        "matrix_intro": set(),
        "matrix_csv": set(),
    },
    "ui.matrix": {
        "mark": set(),
        "mark_via": {"via"},
        "csv_section": set(),
        "csv_name": set(),
        "csv_group": set(),
        "csv_filename": {"document"},
        "page_title": {"document"},
    },
    "ui.starters": {
        "owners": {"id"},
        "reverse": {"name"},
        "focus": {"id"},
        "topic": {"title"},
    },
    "ui.widget": {"open": set(), "close": set(), "title": set()},
    "ui.cli": {
        "serving": {"host", "port"},
        "feedback_exported": {"count", "path"},
        "candidates_written": {"count", "path"},
    },
}

# tables that stay on the server
_SERVER_ONLY = ("ui.api.", "ui.cli.")


def load_messages(prompts_dir: Path) -> Messages:
    """All prompts/*.toml, with the UI keys checked as well as the shared ones."""
    msgs = Messages.load(prompts_dir)
    msgs.validate(REQUIRED)
    return msgs


def browser_strings(msgs: Messages) -> dict[str, str]:
    """Every `ui.*` string the page and the widget use, keyed without the `ui.` prefix."""
    out: dict[str, str] = {}
    for key in msgs.keys("ui."):
        if key.startswith(_SERVER_ONLY):
            continue
        out[key[3:]] = msgs.get(key)
    return out
