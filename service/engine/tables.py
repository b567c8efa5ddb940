"""Tables inside a section's text: runs of lines whose cells are split by "|", the first line
of a run its header. Pure over a chunk's spans and the page text; the corpus parses each
document's tables once (Corpus.table_rows) and the handlers read them (handlers/rows.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.models import Section, Span


@dataclass(frozen=True)
class Row:
    document: str
    holder: Section  # the section whose text holds the table
    header: tuple[str, ...]
    cells: tuple[str, ...]
    span: Span


def rows_of(
    document: str, holder: Section, spans: Sequence[Span], text_at: Callable[[Span], str]
) -> list[Row]:
    """The rows below a header in one chunk's text, each with the span of its line."""
    out: list[Row] = []
    header: tuple[str, ...] | None = None
    for span in spans:
        text, at = text_at(span), 0
        for line in text.split("\n"):
            start, at = at, at + len(line) + 1
            if line.count("|") < 2:
                header = None
                continue
            cells = tuple(c.strip() for c in line.split("|"))
            if header is None or len(cells) != len(header):
                header = cells
                continue
            where = Span(span.page, span.start + start, span.start + start + len(line))
            out.append(Row(document, holder, header, cells, where))
    return out
