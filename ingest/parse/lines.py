"""Lines of pages with their positions, spans and footnotes: the parser's raw material."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Page, Span
from ..text import fold

MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
FOOTNOTE_RE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹]+\s*|\d{1,2})([A-ZÅÄÖ].*)$")
_FOOTNOTE_MAX_LINES = 4


@dataclass
class Line:
    page: int
    start: int
    end: int
    text: str
    styled: bool = False  # drawn as a heading (larger or bold type, a Word heading style, "#")

    @property
    def stripped(self) -> str:
        """The line without surrounding space or a Markdown heading marker ("## ")."""
        return MD_HEADING_RE.sub("", self.text.strip())

    @property
    def folded(self) -> str:
        return fold(self.stripped)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def span(self) -> Span:
        """Where the line's words are: no surrounding space, no Markdown heading marker (a
        quote of the heading is its words, never "# …")."""
        body = self.text.lstrip()
        marker = MD_HEADING_RE.match(body)
        lead = len(self.text) - len(body) + (marker.end() if marker else 0)
        trail = len(self.text.rstrip())
        return Span(self.page, self.start + lead, self.start + trail)


def page_lines(pages: list[Page], headings: Mapping[int, set[int]] | None = None) -> list[Line]:
    """Every line of every page; `headings` names the heading lines per page (from layout)."""
    out: list[Line] = []
    for page in pages:
        marked = (headings or {}).get(page.number, set())
        pos = 0
        for k, raw in enumerate(page.text.split("\n")):
            styled = k in marked or bool(MD_HEADING_RE.match(raw.strip()))
            out.append(Line(page.number, pos, pos + len(raw), raw, styled))
            pos += len(raw) + 1
    return out


def footnote_lines(lines: list[Line]) -> set[int]:
    """Indices of the lines of a footnote at the foot of a page.

    A footnote starts with its number ("¹ Se ...", OCR's "1Se ...") within the last few lines of a
    page that has text above it, and runs to the end of the page. Blank lines are not needed:
    PDF text extraction drops them.
    """
    result: set[int] = set()
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.blank:
            by_page.setdefault(ln.page, []).append(i)
    for idxs in by_page.values():
        tail = idxs[-_FOOTNOTE_MAX_LINES:]
        for j, i in enumerate(tail):
            if i != idxs[0] and FOOTNOTE_RE.match(lines[i].stripped) and not lines[i].styled:
                result.update(tail[j:])
                break
    return result


def merge_spans(lines: list[Line]) -> list[Span]:
    """Spans of the non-blank lines; lines that follow each other on a page make one span."""
    spans: list[Span] = []
    prev: Line | None = None
    joined = False  # every line since the last span followed its predecessor
    for ln in lines:
        joined = joined and prev is not None and prev.page == ln.page and ln.start == prev.end + 1
        prev = ln
        if ln.blank:
            continue
        s = ln.span()
        if spans and joined:
            spans[-1] = Span(s.page, spans[-1].start, s.end)
        else:
            spans.append(s)
        joined = True
    return spans


def text_of(spans: list[Span], pages: Mapping[int, str]) -> str:
    return "\n".join(pages[s.page][s.start : s.end] for s in spans)


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()
