"""An Answer written the way a chat UI shows it: the text, then numbered sources (document
title, section label, page or "avsnitt", the quote, a link to the section view), plus the same
citations as JSON with their absolute links.

Pure functions; the wording comes from prompts/adapters.toml ([adapters.sources] and, for an
answer in English, [adapters.sources_en]). Used by the OpenAI-compatible endpoint and the MCP
server, so both show exactly what answer() returned, nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from ingest.messages import Messages
from service.engine.models import Answer, Citation

_SOURCE_KEYS = {
    "heading": set(),
    "item": {"number", "document", "section", "where", "quote", "url"},
    "item_no_section": {"number", "document", "where", "quote", "url"},
    "page": {"page"},
    "no_page": set(),
    "section": {"section"},
}
REQUIRED: dict[str, dict[str, set[str]]] = {
    "adapters.sources": _SOURCE_KEYS,
    "adapters.sources_en": _SOURCE_KEYS,
}


def view_path(c: Citation) -> str:
    """The section view of a citation, with the quote to highlight: /view/<doc>/<section>?q=…"""
    path = "/view/" + quote(c.document, safe="")
    if c.section:
        path += "/" + quote(c.section, safe="")
    params: dict[str, str | int] = {}
    if c.page is not None:
        params["page"] = c.page
    if c.quote:
        params["q"] = c.quote
    return path + ("?" + urlencode(params) if params else "") + ("#citat" if c.quote else "")


def document_title(c: Citation, titles: Mapping[str, str]) -> str:
    return c.document_title or titles.get(c.document) or c.document


def citation_json(c: Citation, base_url: str, titles: Mapping[str, str]) -> dict[str, Any]:
    """The citation of the Answer contract, its title filled in, and its absolute view link."""
    return {
        **c.to_dict(),
        "document_title": document_title(c, titles),
        "url": base_url.rstrip("/") + view_path(c),
    }


def sources_text(answer: Answer, msgs: Messages, base_url: str, titles: Mapping[str, str]) -> str:
    """The numbered sources of an answer as Markdown; "" when it cites nothing."""
    if not answer.citations:
        return ""
    table = "adapters.sources_en" if answer.language == "en" else "adapters.sources"
    lines = [msgs.get(f"{table}.heading")]
    for n, c in enumerate(answer.citations, start=1):
        where = (
            msgs.render(f"{table}.page", page=c.page)
            if c.page is not None
            else msgs.get(f"{table}.no_page")
        )
        values: dict[str, Any] = {
            "number": n,
            "document": document_title(c, titles),
            "where": where,
            "quote": " ".join(c.quote.split()),  # one line in the list; verbatim in the JSON
            "url": base_url.rstrip("/") + view_path(c),
        }
        if c.section:
            label = c.section_label or msgs.render(f"{table}.section", section=c.section)
            lines.append(msgs.render(f"{table}.item", section=label, **values))
        else:
            lines.append(msgs.render(f"{table}.item_no_section", **values))
    return "\n".join(lines)


def chat_text(answer: Answer, msgs: Messages, base_url: str, titles: Mapping[str, str]) -> str:
    """The answer's own text followed by its numbered sources."""
    sources = sources_text(answer, msgs, base_url, titles)
    return f"{answer.text}\n\n{sources}" if sources else answer.text


def answer_extra(
    answer: Answer, base_url: str, titles: Mapping[str, str], **more: Any
) -> dict[str, Any]:
    """The structured side of an answer, for clients that read more than the text."""
    return {
        "answer": answer.text,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "citations": [citation_json(c, base_url, titles) for c in answer.citations],
        "owners": answer.owners,
        "owners_by_document": answer.owners_by_document,
        "sections": list(answer.sections),
        "suggestions": list(answer.suggestions),
        "scope": list(answer.scope),
        "language": answer.language,
        **more,
    }


def document_titles(documents: Mapping[str, Any]) -> dict[str, str]:
    """Document id -> title, from a snapshot's document records."""
    return {doc_id: str(getattr(rec, "title", "") or doc_id) for doc_id, rec in documents.items()}
