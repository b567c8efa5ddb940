"""Section-aware chunking. Pure: a Program and its pages in, Chunks out.

The section is the unit: one chunk per focus-area intro, per sub-goal and per other section,
one per list group (related documents per focus area) and per footnote. Only a section longer
than `chunk_size` is split, with langchain's RecursiveCharacterTextSplitter and a small overlap.
Every chunk keeps the page spans its text comes from, so a quote can be located later.
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import Chunk, Page, Program, Section, Span

TITLE_SEPARATOR = " › "


def title_path(program: Program, section: Section) -> str:
    """'Fokusområde 3: Barns uppväxtvillkor › 3.2 Motverka barnfattigdom'."""
    parts: list[str] = []
    if section.parent:
        parent = program.section(section.parent)
        if parent is not None:
            parts.append(_label(parent))
    parts.append(_label(section))
    return TITLE_SEPARATOR.join(parts)


def _label(section: Section) -> str:
    if section.kind == "focus_area":
        return f"Fokusområde {section.id}: {section.title}"
    if section.kind == "sub_goal":
        return f"{section.id} {section.title}"
    return section.title or section.id


def _section_spans(section: Section) -> list[Span]:
    """Heading, body and owners line of a section, merged per page, in reading order."""
    spans = [s for s in [section.heading_span, *section.body_spans, section.owners_span] if s]
    spans.sort(key=lambda s: (s.page, s.start))
    merged: list[Span] = []
    for s in spans:
        if merged and merged[-1].page == s.page and s.start <= merged[-1].end + 1:
            merged[-1] = Span(s.page, merged[-1].start, max(s.end, merged[-1].end))
        else:
            merged.append(s)
    return merged


def _join_adjacent(spans: list[Span], pages: Mapping[int, str]) -> list[Span]:
    """Merge spans on the same page that only whitespace separates."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.page, s.start)):
        if out and out[-1].page == s.page and not pages[s.page][out[-1].end : s.start].strip():
            out[-1] = Span(s.page, out[-1].start, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


def _subtract(spans: list[Span], holes: list[Span], pages: Mapping[int, str]) -> list[Span]:
    """The parts of `spans` that no span in `holes` covers, trimmed, without blank parts."""
    out: list[Span] = []
    for s in spans:
        parts = [(s.start, s.end)]
        for h in holes:
            if h.page != s.page:
                continue
            cut: list[tuple[int, int]] = []
            for a, b in parts:
                if h.end <= a or b <= h.start:
                    cut.append((a, b))
                    continue
                if a < h.start:
                    cut.append((a, h.start))
                if h.end < b:
                    cut.append((h.end, b))
            parts = cut
        for a, b in parts:
            text = pages[s.page][a:b]
            if text.strip():
                lead = len(text) - len(text.lstrip())
                out.append(Span(s.page, a + lead, a + len(text.rstrip())))
    return out


def _text(spans: list[Span], pages: Mapping[int, str]) -> str:
    return "\n".join(pages[s.page][s.start : s.end] for s in spans)


def _split(
    spans: list[Span], pages: Mapping[int, str], size: int, overlap: int
) -> list[list[Span]]:
    """Split a long run of spans into pieces of about `size` characters, keeping page offsets."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    text = _text(spans, pages)
    if len(text) <= size:
        return [spans]
    # offsets of each span inside the joined text
    starts: list[int] = []
    pos = 0
    for s in spans:
        starts.append(pos)
        pos += (s.end - s.start) + 1
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, add_start_index=True, strip_whitespace=True
    )
    pieces: list[list[Span]] = []
    for doc in splitter.create_documents([text]):
        a = int(doc.metadata["start_index"])
        b = a + len(doc.page_content)
        piece: list[Span] = []
        for s, off in zip(spans, starts, strict=True):
            lo, hi = max(a, off), min(b, off + (s.end - s.start))
            if lo < hi:
                piece.append(Span(s.page, s.start + (lo - off), s.start + (hi - off)))
        if piece:
            pieces.append(piece)
    return pieces


def chunk_program(
    program: Program, pages: list[Page], chunk_size: int = 1200, overlap: int = 120
) -> list[Chunk]:
    page_text = {p.number: p.text for p in pages}
    chunks: list[Chunk] = []

    def emit(section: Section | None, path: str, spans: list[Span], kind: str) -> None:
        for piece in _split(_join_adjacent(spans, page_text), page_text, chunk_size, overlap):
            text = _text(piece, page_text)
            if not text.strip():
                continue
            sid = section.id if section else None
            chunks.append(
                Chunk(
                    id=f"{program.document}#{sid or '-'}#{len(chunks)}",
                    document=program.document,
                    section=sid,
                    title_path=path,
                    text=text,
                    spans=piece,
                    kind=kind,
                )
            )

    for section in program.sections:
        path = title_path(program, section)
        if section.groups:
            # one chunk per list group, and one for the rest of the section (its lead-in and
            # any text between the lists), unless that rest is only the heading
            grouped = [s for spans in section.group_spans.values() for s in spans]
            rest = _subtract(_section_spans(section), grouped, page_text)
            if rest and _text(rest, page_text).strip() != section.title.strip():
                emit(section, path, rest, "section")
            for name, spans in section.group_spans.items():
                emit(section, f"{path}{TITLE_SEPARATOR}{name}", list(spans), "group")
        else:
            emit(section, path, _section_spans(section), "section")
    for fn in program.footnotes:
        owner = program.section(fn.section) if fn.section else None
        emit(owner, f"Fotnot {fn.number}", [fn.span], "footnote")
    return chunks
