"""The documents as the UI shows them: each one's kind, period, heading tree and owners.

Pure functions over a Snapshot. Fields the data model may not have yet (a document's `default`,
a section's `label`) are read defensively, so the page works on older indexes too.
"""

from __future__ import annotations

from typing import Any

from ingest.index import DocumentRecord, Snapshot
from ingest.messages import Messages
from ingest.models import Program, Section

from . import program_view


def _meta(record: DocumentRecord, key: str) -> Any:
    value = getattr(record, key, None)
    if value is None:
        value = (record.meta or {}).get(key)
    return value


def default_document(snapshot: Snapshot) -> str | None:
    """The manifest's `default: true` document; else the first program; else the first one."""
    for record in snapshot.documents.values():
        if _meta(record, "default") is True:
            return record.id
    for record in snapshot.documents.values():
        if record.id in snapshot.programs and record.is_program:
            return record.id
    return next(iter(snapshot.documents), None)


def ordered_documents(snapshot: Snapshot) -> list[DocumentRecord]:
    """Every document, the default one first, the others in manifest (index) order."""
    first = default_document(snapshot)
    records = list(snapshot.documents.values())
    return sorted(records, key=lambda r: r.id != first)


def period_text(record: DocumentRecord, program: Program | None) -> str | None:
    """'2024–2025' from the manifest's valid_from/valid_to, else as the text writes it."""
    start, end = _meta(record, "valid_from"), _meta(record, "valid_to")
    if start and end:
        return f"{start}–{end}" if str(start) != str(end) else str(start)
    if start:
        return f"{start}–"
    if end:
        return f"–{end}"
    return program.period if program else None


def owned_sections(program: Program | None) -> list[Section]:
    return [s for s in program.sections if s.owners] if program else []


def section_name(section: Section, msgs: Messages) -> str:
    """How a heading is shown: 'Fokusområde 3: …', '3.2 …', 'Åtgärd 2.1 …' or the title."""
    label = getattr(section, "label", None)
    if section.kind == "focus_area":
        return msgs.render("ui.about.focus_area", id=section.id, title=section.title)
    if label and section.id[:1].isdigit() and section.id not in str(label):
        return msgs.render("ui.about.labelled", label=label, id=section.id, title=section.title)
    if section.kind == "sub_goal" or section.id[:1].isdigit():
        return msgs.render("ui.about.sub_goal", id=section.id, title=section.title)
    return section.title or section.id


def document_summary(snapshot: Snapshot, record: DocumentRecord, msgs: Messages) -> dict[str, Any]:
    program = snapshot.programs.get(record.id)
    sections = program.sections if program else []
    return {
        "id": record.id,
        "title": record.title,
        "kind": record.kind,
        "pages": len(record.pages),
        "is_program": record.is_program,
        "default": record.id == default_document(snapshot),
        "period": period_text(record, program),
        "valid_from": _meta(record, "valid_from"),
        "valid_to": _meta(record, "valid_to"),
        "adopted_by": _meta(record, "adopted_by"),
        "sections": len(sections),
        "owned_sections": len(owned_sections(program)),
        "file": f"/documents/{record.id}",
        "matrix_csv": f"/api/documents/{record.id}/matrix.csv" if owned_sections(program) else None,
    }


def documents_payload(snapshot: Snapshot, msgs: Messages) -> dict[str, Any]:
    return {
        "version": snapshot.version,
        "default": default_document(snapshot),
        "documents": [document_summary(snapshot, r, msgs) for r in ordered_documents(snapshot)],
    }


def document_sections(snapshot: Snapshot, document: str, msgs: Messages) -> list[dict[str, Any]]:
    """The document's sections in order, each with its display name and owners."""
    program = snapshot.programs.get(document)
    if program is None:
        return []
    lookup = program_view.glossary_lookup(snapshot.glossary)
    return [
        {
            **program_view.section_summary(s, lookup, msgs),
            "name": section_name(s, msgs),
            "label": getattr(s, "label", None),
            "level": getattr(s, "level", None),
        }
        for s in program.sections
    ]


def section_tree(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest the flat list by `parent`; a parent that is not there makes a section a root."""
    nodes = {s["id"]: {**s, "children": []} for s in sections}
    roots: list[dict[str, Any]] = []
    for s in sections:
        node = nodes[s["id"]]
        parent = s.get("parent")
        if parent and parent in nodes and parent != s["id"]:
            nodes[parent]["children"].append(node)
        else:
            roots.append(node)
    return roots


def document_detail(snapshot: Snapshot, record: DocumentRecord, msgs: Messages) -> dict[str, Any]:
    sections = document_sections(snapshot, record.id, msgs)
    return {
        **document_summary(snapshot, record, msgs),
        "tree": section_tree(sections),
    }
