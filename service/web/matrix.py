"""The responsibility matrix of a document: its sections with owners × the bodies named.

Built from the parsed structure only (the sections' responsibility lines and the glossary);
served as JSON for the chat page and as CSV for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ingest.index import Snapshot
from ingest.messages import Messages
from ingest.models import Owner

from . import program_view
from .catalog import owned_sections, section_name


@dataclass
class Body:
    abbreviation: str
    display: str  # "Individ- och familjenämnden (IFN)"
    expansion: str | None


@dataclass
class Row:
    section: str
    name: str
    group: str | None  # the parent section's name
    cells: dict[str, Owner] = field(default_factory=dict)  # abbreviation -> the owner as written


@dataclass
class Matrix:
    document: str
    title: str
    bodies: list[Body]
    rows: list[Row]

    def to_json(self, msgs: Messages) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "bodies": [vars(b) for b in self.bodies],
            "rows": [
                {
                    "section": r.section,
                    "name": r.name,
                    "group": r.group,
                    "cells": {
                        a: {"written": o.written, "via": list(o.via), "text": cell_text(o, msgs)}
                        for a, o in r.cells.items()
                    },
                }
                for r in self.rows
            ],
            "counts": {b.abbreviation: self.count(b.abbreviation) for b in self.bodies},
        }

    def count(self, abbreviation: str) -> int:
        return sum(1 for r in self.rows if abbreviation in r.cells)


def cell_text(owner: Owner, msgs: Messages) -> str:
    if owner.via:
        via = msgs.get("ui.owner.and").join(owner.via)
        return msgs.render("ui.matrix.mark_via", via=via)
    return msgs.get("ui.matrix.mark")


def build_matrix(snapshot: Snapshot, document: str, msgs: Messages) -> Matrix | None:
    """None when the document has no section with a responsibility line."""
    program = snapshot.programs.get(document)
    sections = owned_sections(program)
    if program is None or not sections:
        return None
    lookup = program_view.glossary_lookup(snapshot.glossary)
    by_id = {s.id: s for s in program.sections}
    bodies: dict[str, Body] = {}
    rows: list[Row] = []
    for s in sections:
        parent = by_id.get(s.parent) if s.parent else None
        row = Row(s.id, section_name(s, msgs), section_name(parent, msgs) if parent else None)
        for owner in s.owners:
            abbr = owner.abbreviation
            if abbr not in bodies:
                entry = lookup.get(abbr) or {}
                bodies[abbr] = Body(
                    abbr, program_view.name_display(abbr, lookup, msgs), entry.get("expansion")
                )
            row.cells.setdefault(abbr, owner)
        rows.append(row)
    record = snapshot.documents.get(document)
    title = record.title if record else program.title
    return Matrix(document, title, list(bodies.values()), rows)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A spreadsheet never runs a cell as a formula: such text gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA) else value


def matrix_csv(matrix: Matrix, msgs: Messages) -> str:
    """One row per section, one column per body; ';'-separated with a BOM, as Excel in
    Swedish opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            msgs.get("ui.matrix.csv_section"),
            msgs.get("ui.matrix.csv_name"),
            msgs.get("ui.matrix.csv_group"),
            *[_cell(b.display) for b in matrix.bodies],
        ]
    )
    for row in matrix.rows:
        cells = [
            cell_text(row.cells[b.abbreviation], msgs) if b.abbreviation in row.cells else ""
            for b in matrix.bodies
        ]
        writer.writerow([_cell(c) for c in (row.section, row.name, row.group or "", *cells)])
    return "\ufeff" + out.getvalue()
