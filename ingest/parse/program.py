"""Recover a governing document's structure from its pages. Pure: text in, Program out.

The heading tree comes from numbered headings with any label or none (N, N.M, N.M.K), from
appendices, from known and from layout-marked unnumbered headings; a new heading ends the
section before it. Responsibility lines (several labels) give each section its owners, and so
does a table's "Ansvarig" column where a section has no line of its own. The document records
what its levels are called. Umeå's program convention (Fokusområde N / N.M / Huvudansvar) is
one case of this; OCR's "33 Titel" for "3.3 Titel" is read when it is the next expected number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..conventions import Conventions, conventions
from ..documents import slugify
from ..models import Footnote, Page, Program, Section, SectionKind, Span
from ..text import fold
from .headings import Numbered, known_heading, numbered_heading, plain_heading, similar
from .lines import FOOTNOTE_RE, Line, footnote_lines, merge_spans, page_lines, starts_lower, text_of
from .lists import groups
from .responsibility import (
    OWNERS_CONTINUES_RE,
    parse_owners,
    responsibility_label,
    strip_label,
    table_owners,
)

_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789")
_NODOT_RE = re.compile(r"^(\d)(\d)\s+(\S.*)$")
_PERIOD_RE = re.compile(r"(?:perioden|period|prioriteringar)\s+(\d{4})\s*[-–—]\s*(\d{4})")


@dataclass
class _Open:
    section: Section
    lines: list[Line] = field(default_factory=list)
    heading_lines: list[Line] = field(default_factory=list)
    owner_lines: list[Line] = field(default_factory=list)
    title_open: bool = True  # heading may still continue on a lowercase line


def _kind(depth: int, appendix: bool) -> SectionKind:
    if appendix:
        return "other"
    return "focus_area" if depth == 1 else "sub_goal" if depth == 2 else "other"


def parse_program(
    doc_id: str,
    pages: list[Page],
    title: str = "",
    aliases: Mapping[str, str] | None = None,
    headings: Mapping[int, set[int]] | None = None,
    contents: Sequence[Mapping[str, Any]] = (),
    conv: Conventions | None = None,
) -> Program:
    """Parse pages into a Program. `headings`: heading lines per page from the layout;
    `contents`: the entries of a removed table of contents, checked against what is found."""
    conv = conv or conventions()
    lines = page_lines(pages, headings)
    foot_idx = footnote_lines(lines)
    page_text = {p.number: p.text for p in pages}
    # plain text keeps blank lines between paragraphs; PDF text does not
    paragraphs = any(ln.blank for ln in lines) and not headings

    opened: list[_Open] = []
    current: _Open | None = None
    path: dict[int, str] = {}  # depth -> id of the open numbered section at that depth
    last_minor = 0
    footnotes: list[Footnote] = []
    labels_at: dict[int, Counter[str]] = {}

    def open_section(sec: Section, heading: Line) -> _Open:
        nonlocal current
        current = _Open(section=sec, heading_lines=[heading])
        opened.append(current)
        return current

    def in_list_section() -> bool:
        return current is not None and any(
            fold(current.section.title).startswith(w) for w in conv.list_sections
        )

    for i, ln in enumerate(lines):
        if i in foot_idx:
            m = FOOTNOTE_RE.match(ln.stripped)
            if m and (not footnotes or footnotes[-1].page != ln.page):
                number = m.group(1).strip().translate(_SUPERSCRIPTS)
                footnotes.append(Footnote(number, ln.stripped, ln.page, ln.span()))
            elif footnotes:
                fn = footnotes[-1]
                fn.text += "\n" + ln.stripped
                fn.span = Span(fn.span.page, fn.span.start, ln.span().end)
            continue
        if ln.blank:
            if current:
                current.title_open = False
                current.lines.append(ln)
            continue
        text = ln.stripped

        num = numbered_heading(ln, conv)
        nd = _NODOT_RE.match(text) if num is None and path.get(1) is not None else None
        if nd and nd[1] == path[1] and int(nd[2]) == last_minor + 1 and nd[3][0].isupper():
            # OCR's "33 Titel" for the next sub-goal "3.3 Titel"
            num = numbered_heading(Line(ln.page, 0, 0, f"{nd[1]}.{nd[2]} {nd[3]}"), conv)
        if num is not None and _accepted(num, path):
            appendix = bool(num.known and num.known.id_prefix)
            depth = 1 if appendix else num.depth
            owner_no = num.number.rsplit(".", 1)[0] if depth > 1 else None
            parent = path.get(depth - 1) if depth > 1 else None
            if appendix:
                sid = f"{num.known.id_prefix}-{num.number}"  # type: ignore[union-attr]
                path = {}
            else:
                sid = num.number
                path = {d: v for d, v in path.items() if d < depth}
                path[depth] = sid
                last_minor = int(num.number.split(".")[1]) if depth == 2 else 0
                if depth == 1 or depth == 2:
                    labels_at.setdefault(depth, Counter())[fold(num.label)] += 1
            open_section(
                Section(
                    id=sid,
                    title=num.title,
                    kind=_kind(depth, appendix),
                    document=doc_id,
                    parent=parent if parent is not None and parent == owner_no else None,
                    level=depth,
                    label=num.known.label if num.known else num.label,
                    number=num.number,
                ),
                ln,
            )
            continue

        if current is not None and (rl := responsibility_label(ln, conv)):
            current.owner_lines.append(ln)
            current.section.owners_label = current.section.owners_label or rl
            current.title_open = False
            continue
        if (
            current
            and current.owner_lines
            and OWNERS_CONTINUES_RE.search(current.owner_lines[-1].stripped)
            and lines[i - 1] is current.owner_lines[-1]
        ):
            current.owner_lines.append(ln)
            continue

        other = known_heading(ln, conv)
        if other and current and current.section.id == other and not current.section.title:
            # "Inledning" after a few untitled lines (the document's title): name the intro
            current.section.title = text
            current.heading_lines.append(ln)
            continue
        if (
            other is None
            and not in_list_section()
            and plain_heading(lines, i, paragraphs)
            and not (current and _names_current(text, current.section.title))
        ):
            other = slugify(text)
        if other and not (current and current.section.id == other):
            path = {}
            open_section(Section(id=other, title=text, kind="other", document=doc_id), ln)
            continue

        if current is None:
            # text before any heading: an untitled introduction
            intro = open_section(
                Section(id="inledning", title="", kind="other", document=doc_id), ln
            )
            intro.heading_lines = []
            intro.lines.append(ln)
            intro.title_open = False
            continue

        if (
            current.title_open
            and starts_lower(text)
            and (current.section.kind != "other" or ln.styled)
        ):
            current.heading_lines.append(ln)
            current.section.title += " " + text
            continue
        current.title_open = False
        current.lines.append(ln)

    sections = [_finish(o, page_text, aliases) for o in opened]
    sections = _dedupe_ids(sections)
    _table_owners(sections, lines, conv, aliases)
    for fn in footnotes:
        on_page = [s for s in sections if fn.page in s.pages]
        fn.section = on_page[0].id if on_page else None
    levels = _levels(labels_at, conv)
    for s in sections:
        if s.number and not s.label and 0 < s.level <= len(levels):
            s.label = levels[s.level - 1]
    return Program(
        document=doc_id,
        title=title or (sections[0].title if sections else doc_id),
        period=_find_period(sections, title),
        sections=sections,
        footnotes=footnotes,
        levels=levels,
        warnings=_warnings(sections, contents),
    )


def _names_current(text: str, title: str) -> bool:
    """'Tilläggsuppdrag' (or OCR's 'Tilldaggsuppdrag') under 'Tilläggsuppdrag inom …'."""
    a, b = fold(text), fold(title)
    return b.startswith(a) or (len(a) >= 6 and similar(a, b[: len(a)]))


def _accepted(num: Numbered, path: Mapping[int, str]) -> bool:
    """A labelled heading always opens its section; an unlabelled N.M only under focus N (or
    where no N is open), an unlabelled N.M.K only under N.M ("2.1 …" inside 3 is a reference)."""
    if num.label or num.depth == 1:
        return True
    owner = num.number.rsplit(".", 1)[0]
    if num.depth == 2:
        return path.get(1) in (None, owner)
    return path.get(2) == owner


def _levels(labels_at: Mapping[int, Counter[str]], conv: Conventions) -> list[str]:
    """The most common label at each depth; an unlabelled depth takes its parent's child name."""
    levels: list[str] = []
    for depth in sorted(labels_at):
        folded = labels_at[depth].most_common(1)[0][0]
        entry = conv.label(folded) if folded else None
        if entry is not None:
            levels.append(entry.label)
            continue
        parent = conv.label(levels[-1]) if levels else None
        levels.append(parent.child if parent and parent.child else "")
    return levels


def _finish(o: _Open, page_text: Mapping[int, str], aliases: Mapping[str, str] | None) -> Section:
    sec = o.section
    sec.title = re.sub(r"\s+", " ", sec.title).strip()
    heading_spans = merge_spans(o.heading_lines)
    sec.heading_span = heading_spans[0] if heading_spans else None
    sec.body_spans = merge_spans(o.lines)
    sec.body = text_of(sec.body_spans, page_text)
    if o.owner_lines:
        owner_spans = merge_spans(o.owner_lines)
        sec.owners_span = owner_spans[0]
        raw = " ".join(ln.stripped for ln in o.owner_lines)
        sec.owners = parse_owners(strip_label(raw), aliases)
    all_lines = o.heading_lines + o.lines + o.owner_lines
    sec.pages = sorted({ln.page for ln in all_lines if not ln.blank})
    if sec.kind == "other" and not sec.number:
        sec.groups, sec.group_spans = groups(o.lines, sec.title)
    return sec


def _table_owners(
    sections: list[Section],
    lines: list[Line],
    conv: Conventions,
    aliases: Mapping[str, str] | None,
) -> None:
    """A table's responsibility column gives owners to the sections that have no line."""
    by_id = {s.id: s for s in sections}
    for sid, (cell, ln) in table_owners(lines, conv).items():
        sec = by_id.get(sid)
        if sec is not None and not sec.owners and cell.strip():
            sec.owners = parse_owners(cell, aliases)
            sec.owners_span = ln.span()
            sec.owners_label = "table"


def _dedupe_ids(sections: list[Section]) -> list[Section]:
    """Unique ids: a repeated known heading takes its title's slug, failing that a number."""
    taken: set[str] = set()
    for s in sections:
        if s.id in taken:
            candidates = [slugify(s.title)] if s.kind == "other" and s.title else []
            n = 2
            while not candidates or candidates[-1] in taken:
                candidates.append(f"{s.id}-{n}")
                n += 1
            s.id = candidates[-1]
        taken.add(s.id)
    return sections


def _warnings(
    sections: list[Section], contents: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not any(s.number for s in sections) and len(sections) <= 1:
        out.append({"code": "no_structure", "sections": len(sections)})
    ids = {s.id for s in sections}
    titles = {fold(s.title) for s in sections} | {fold(g) for s in sections for g in s.groups}
    for e in contents:
        text = str(e.get("text", ""))
        ref = _contents_ref(text)
        if ref in ids or fold(text) in titles or slugify(text) in ids:
            continue
        if any(fold(text).endswith(t) for t in titles if t):
            continue
        out.append({"code": "contents_missing", "entry": ref or text, "page": e.get("page")})
    return out


def _contents_ref(text: str) -> str:
    """The section id a contents entry points at: its number, "bilaga-N", or its slug."""
    conv = conventions()
    num = numbered_heading(Line(0, 0, 0, text, styled=True), conv)
    if num is None:
        return slugify(text)
    if num.known and num.known.id_prefix:
        return f"{num.known.id_prefix}-{num.number}"
    return num.number


def _find_period(sections: list[Section], title: str) -> str | None:
    candidates = [fold(title)] + [fold(s.title + "\n" + s.body) for s in sections[:3]]
    for text in candidates:
        m = _PERIOD_RE.search(text)
        if m:
            return f"{m.group(1)}–{m.group(2)}"
    m = re.search(r"(\d{4})\s*[-–—]\s*(\d{4})", fold(title))
    return f"{m.group(1)}–{m.group(2)}" if m else None
