"""The parsed program as the UI shows it: sections, owners with full names, the glossary.

Pure functions over a Snapshot; the Swedish wording of owner names comes from prompts/ui.toml.
"""

from __future__ import annotations

from typing import Any

from ingest.index import Snapshot
from ingest.messages import Messages
from ingest.models import Owner, Program, Section, Span

# glossary confidences shown without "troligen"
SURE = frozenset({"certain", "high"})


def glossary_lookup(glossary: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Abbreviation and every written variant -> glossary entry."""
    out: dict[str, dict[str, Any]] = {}
    for entry in glossary:
        abbr = entry.get("abbreviation")
        if not abbr:
            continue
        out.setdefault(abbr, entry)
        for v in entry.get("variants") or []:
            out.setdefault(v, entry)
    return out


def name_display(abbr: str, lookup: dict[str, dict[str, Any]], msgs: Messages) -> str:
    """'Individ- och familjenämnden (IFN)', 'troligen Äldrenämnden (ÄN)' or 'Ultra (… okänt)'."""
    entry = lookup.get(abbr)
    expansion = entry.get("expansion") if entry else None
    if not entry or not expansion:
        return msgs.render("ui.owner.unknown", abbreviation=abbr)
    key = "ui.owner.certain" if entry.get("confidence") in SURE else "ui.owner.likely"
    return msgs.render(key, expansion=expansion, abbreviation=entry.get("abbreviation") or abbr)


def owner_display(owner: Owner, lookup: dict[str, dict[str, Any]], msgs: Messages) -> str:
    text = name_display(owner.abbreviation, lookup, msgs)
    if owner.via:
        via = msgs.get("ui.owner.and").join(name_display(v, lookup, msgs) for v in owner.via)
        text = msgs.render("ui.owner.via", owner=text, via=via)
    return text


def owner_json(owner: Owner, lookup: dict[str, dict[str, Any]], msgs: Messages) -> dict[str, Any]:
    entry = lookup.get(owner.abbreviation) or {}
    return {
        "abbreviation": owner.abbreviation,
        "written": owner.written,
        "via": list(owner.via),
        "expansion": entry.get("expansion"),
        "confidence": entry.get("confidence"),
        "display": owner_display(owner, lookup, msgs),
    }


def section_summary(
    section: Section, lookup: dict[str, dict[str, Any]], msgs: Messages
) -> dict[str, Any]:
    return {
        "id": section.id,
        "document": section.document,
        "title": section.title,
        "kind": section.kind,
        "parent": section.parent,
        "pages": list(section.pages),
        "owners": [owner_json(o, lookup, msgs) for o in section.owners],
    }


def sections_payload(snapshot: Snapshot, msgs: Messages) -> dict[str, Any]:
    """Documents and the flat section list of every program, in document order."""
    lookup = glossary_lookup(snapshot.glossary)
    documents = [
        {
            "id": d.id,
            "title": d.title,
            "kind": d.kind,
            "pages": len(d.pages),
            "is_program": d.is_program,
            "period": p.period if (p := snapshot.programs.get(d.id)) else None,
        }
        for d in snapshot.documents.values()
    ]
    sections = [
        section_summary(s, lookup, msgs)
        for program in snapshot.programs.values()
        for s in program.sections
    ]
    return {"version": snapshot.version, "documents": documents, "sections": sections}


def find_section(
    snapshot: Snapshot, section_id: str, document: str | None = None
) -> tuple[Program, Section] | None:
    if document:
        one = snapshot.programs.get(document)
        programs = [one] if one else []
    else:
        programs = list(snapshot.programs.values())
    for program in programs:
        section = program.section(section_id)
        if section is not None:
            return program, section
    return None


def section_spans(section: Section) -> list[Span]:
    spans = [*section.body_spans]
    if section.heading_span:
        spans.append(section.heading_span)
    if section.owners_span:
        spans.append(section.owners_span)
    for group in section.group_spans.values():
        spans.extend(group)
    return spans


def section_excerpt(snapshot: Snapshot, section: Section) -> list[tuple[int, str]]:
    """The section's own text on each of its pages, verbatim from the page text."""
    by_page: dict[int, tuple[int, int]] = {}
    for span in section_spans(section):
        lo, hi = by_page.get(span.page, (span.start, span.end))
        by_page[span.page] = (min(lo, span.start), max(hi, span.end))
    out: list[tuple[int, str]] = []
    for page in sorted(by_page):
        start, end = by_page[page]
        text = snapshot.page_text(section.document, page)[start:end]
        if text.strip():
            out.append((page, text))
    return out


def section_detail(
    snapshot: Snapshot, program: Program, section: Section, msgs: Messages
) -> dict[str, Any]:
    lookup = glossary_lookup(snapshot.glossary)
    return {
        **section_summary(section, lookup, msgs),
        "document_title": snapshot.documents[program.document].title
        if program.document in snapshot.documents
        else program.title,
        "body": section.body,
        "groups": section.groups,
        "children": [c.id for c in program.children(section.id)],
        "text": [{"page": p, "text": t} for p, t in section_excerpt(snapshot, section)],
    }


def glossary_payload(snapshot: Snapshot, msgs: Messages) -> list[dict[str, Any]]:
    lookup = glossary_lookup(snapshot.glossary)
    out = []
    for entry in snapshot.glossary:
        abbr = entry.get("abbreviation")
        out.append(
            {
                **entry,
                "display": name_display(abbr, lookup, msgs) if abbr else entry.get("expansion"),
                "certain": entry.get("confidence") in SURE,
            }
        )
    return out
