"""Recover a program's structure from its pages of text. Pure: text in, Program out.

Conventions of Swedish municipal programs, not facts of one program:
- "Fokusområde N – titel" opens focus area N (the title may run onto lowercase lines);
- "N.M titel" opens sub-goal N.M; OCR may drop the dot ("33 titel"), which is read as N.M
  when it is the next expected sub-goal of the current focus area;
- "Huvudansvar: A, B, C genom X och Y" names the bodies with main responsibility;
- a few common headings (Inledning, Uppföljning, Relaterade dokument, ...) open other sections;
- a short block at the foot of a page starting with a number is a footnote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .documents import slugify
from .models import Footnote, Owner, Page, Program, Section, Span
from .text import fold

# headings that open an "other" section: (section id, folded heading words, may more words follow)
OTHER_HEADINGS: tuple[tuple[str, str, bool], ...] = (
    ("inledning", "inledning", False),
    ("bakgrund", "bakgrund", False),
    ("syfte", "syfte", True),
    ("genomforande", "genomforande", False),
    ("uppfoljning", "uppfoljning", True),
    ("riktade-utvecklingsanslag", "riktade utvecklingsanslag", True),
    ("relaterade-dokument", "relaterade dokument", False),
    ("tillaggsuppdrag", "tillaggsuppdrag inom", True),
    ("definitioner", "definitioner", False),
)
# OCR mangles letters ("Tilldggsuppdrag"): a heading word matches at this similarity
_FUZZY = 0.85
_MAX_HEADING_WORDS = 8

# "Fokusområde 3 – Titel"; the word itself may be OCR-mangled ("Fokusomrdde")
_FOCUS_RE = re.compile(r"^(\S+)\s+(\d+)\s*([-–—:.]?)\s*(.*)$")
_FOCUS_WORD = "fokusomrade"
_SUBGOAL_RE = re.compile(r"^(\d+)\.(\d+)\.?\s+(\S.*)$")
_SUBGOAL_NODOT_RE = re.compile(r"^(\d)(\d)\s+(\S.*)$")
# "Huvudansvar: ..."; a mangled word is accepted when the colon is there
_OWNERS_RE = re.compile(r"^(\w+)\s*(:?)\s*(.*)$")
# an owners line ending like this continues on the next line
_OWNERS_CONTINUES_RE = re.compile(r"(?:,|&|\bgenom|\boch|\bsamt)$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_FOOTNOTE_RE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹]+\s*|\d{1,2})([A-ZÅÄÖ].*)$")
_FOOTNOTE_MAX_LINES = 4
_BULLET_RE = re.compile(r"^(?:[•●▪‣◦\-–*]|e|o)\s+(\S.*)$")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789")
_ABBREV_RE = re.compile(r"^[A-ZÅÄÖ]{2,6}$")
_LIST_JOINERS = frozenset({"och", "samt", "&"})
_PERIOD_RE = re.compile(r"(?:perioden|period|prioriteringar)\s+(\d{4})\s*[-–—]\s*(\d{4})")


@dataclass
class _Line:
    page: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        """The line without surrounding space or a Markdown heading marker ("## ")."""
        return _MD_HEADING_RE.sub("", self.text.strip())

    @property
    def folded(self) -> str:
        return fold(self.stripped)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def span(self) -> Span:
        lead = len(self.text) - len(self.text.lstrip())
        trail = len(self.text.rstrip())
        return Span(self.page, self.start + lead, self.start + trail)


@dataclass
class _Open:
    section: Section
    lines: list[_Line] = field(default_factory=list)
    heading_lines: list[_Line] = field(default_factory=list)
    owner_lines: list[_Line] = field(default_factory=list)
    title_open: bool = True  # heading may still continue on a lowercase line


def _lines(pages: list[Page]) -> list[_Line]:
    out: list[_Line] = []
    for page in pages:
        pos = 0
        for raw in page.text.split("\n"):
            out.append(_Line(page.number, pos, pos + len(raw), raw))
            pos += len(raw) + 1
    return out


def _footnote_lines(lines: list[_Line]) -> set[int]:
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
            if i != idxs[0] and _FOOTNOTE_RE.match(lines[i].stripped):
                result.update(tail[j:])
                break
    return result


def is_abbreviation(word: str) -> bool:
    return bool(_ABBREV_RE.match(word))


def parse_owners(raw: str, aliases: Mapping[str, str] | None = None) -> list[Owner]:
    """Split a Huvudansvar list into bodies.

    "KS, IFN, UKF genom Bostaden och Ultra" -> KS, IFN, UKF (via Bostaden, Ultra).
    A missing comma between abbreviations ("TN, ÄN UKF genom ...") is tolerated, and so is
    "och" between abbreviations ("KS, BN och TN"); a name such as "Individ- och
    familjenämnden" stays whole.
    `aliases` maps a written form to its canonical abbreviation (e.g. OCR's "AN" -> "ÄN").
    """
    aliases = aliases or {}
    owners: list[Owner] = []

    def add(written: str, via: list[str] | None = None) -> None:
        canonical = aliases.get(written, written)
        owners.append(Owner(abbreviation=canonical, written=written, via=via or []))

    def abbreviations(words: list[str]) -> list[str] | None:
        """The abbreviations in 'ÄN UKF' or 'BN och TN'; None when the words are a name."""
        found = [w for w in words if w not in _LIST_JOINERS]
        return found if found and all(is_abbreviation(w) for w in found) else None

    for part in (p.strip(" .;") for p in raw.split(",")):
        words = part.split()
        while words and words[0] in _LIST_JOINERS:  # "KS, och TN"
            words = words[1:]
        if not words:
            continue
        part = " ".join(words)
        if "genom" in words:
            i = words.index("genom")
            head, tail = words[:i], " ".join(words[i + 1 :])
            via = [v.strip() for v in re.split(r"\s+och\s+|\s*&\s*", tail) if v.strip()]
            names = abbreviations(head) or ([" ".join(head)] if head else [])
            for w in names[:-1]:
                add(w)
            if names:
                add(names[-1], via)
        elif len(words) > 1 and (listed := abbreviations(words)):
            for w in listed:
                add(w)
        else:
            add(part)
    return owners


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return a == b or SequenceMatcher(None, a, b).ratio() >= _FUZZY


def _other_heading(line: _Line) -> str | None:
    """The id of the common heading this line is, if it is one (tolerating OCR letter errors)."""
    words = line.folded.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return None
    if line.stripped.endswith(".") or not line.stripped[0].isupper():
        return None
    for sid, heading, more in OTHER_HEADINGS:
        hw = heading.split()
        if len(words) < len(hw) or (len(words) > len(hw) and not more):
            continue
        if all(_similar(a, b) for a, b in zip(words, hw, strict=False)):
            return sid
    return None


def _focus_heading(line: _Line) -> tuple[str, str] | None:
    """(number, title) when the line opens a focus area ("Fokusområde 3 – Titel")."""
    m = _FOCUS_RE.match(line.stripped)
    # OCR swaps letters but keeps the length; "Fokusområdena 1–3" is another word
    word = fold(m.group(1)) if m else ""
    if not m or len(word) != len(_FOCUS_WORD) or not _similar(word, _FOCUS_WORD):
        return None
    number, separator, title = m.group(2), m.group(3), m.group(4)
    if title and not separator and not title[0].isupper():
        return None  # "Fokusområde 3 handlar om ..." is a sentence, not a heading
    return number, title


def _is_owners_line(line: _Line) -> bool:
    """'Huvudansvar: KS, IFN' (also 'Huvudansvar KS, IFN' and OCR's 'Huvudanswar: KS')."""
    m = _OWNERS_RE.match(line.stripped)
    if not m:
        return False
    word, colon, rest = fold(m.group(1)), m.group(2), m.group(3)
    if colon:
        return _similar(word, "huvudansvar")
    return word == "huvudansvar" and rest[:1].isupper()


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _merge_spans(lines: list[_Line]) -> list[Span]:
    """Spans of the non-blank lines; lines that follow each other on a page make one span."""
    spans: list[Span] = []
    prev: _Line | None = None
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


def _text_of(spans: list[Span], pages: Mapping[int, str]) -> str:
    return "\n".join(pages[s.page][s.start : s.end] for s in spans)


def parse_program(
    doc_id: str,
    pages: list[Page],
    title: str = "",
    aliases: Mapping[str, str] | None = None,
) -> Program:
    """Parse pages into a Program: focus areas, sub-goals, owners, other sections, footnotes."""
    lines = _lines(pages)
    foot_idx = _footnote_lines(lines)
    page_text = {p.number: p.text for p in pages}

    opened: list[_Open] = []
    current: _Open | None = None
    focus: str | None = None
    last_minor = 0
    footnotes: list[Footnote] = []

    def open_section(sec: Section, heading: _Line) -> _Open:
        nonlocal current
        current = _Open(section=sec, heading_lines=[heading])
        opened.append(current)
        return current

    for i, ln in enumerate(lines):
        if i in foot_idx:
            m = _FOOTNOTE_RE.match(ln.stripped)
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

        heading = _focus_heading(ln)
        if heading:
            focus, raw_title = heading
            last_minor = 0
            open_section(Section(id=focus, title=raw_title, kind="focus_area", document=doc_id), ln)
            continue

        sub = _SUBGOAL_RE.match(text)
        if sub is None and focus is not None:
            nodot = _SUBGOAL_NODOT_RE.match(text)
            if (
                nodot
                and nodot.group(1) == focus
                and int(nodot.group(2)) == last_minor + 1
                and nodot.group(3)[0].isupper()
            ):
                sub = nodot
        if sub and sub.group(3)[0].isupper() and (focus is None or sub.group(1) == focus):
            major, minor = sub.group(1), sub.group(2)
            last_minor = int(minor)
            sid = f"{major}.{minor}"
            open_section(
                Section(
                    id=sid,
                    title=sub.group(3).strip(),
                    kind="sub_goal",
                    document=doc_id,
                    parent=focus if focus == major else None,
                ),
                ln,
            )
            continue

        if current is not None and _is_owners_line(ln):
            current.owner_lines.append(ln)
            current.title_open = False
            continue
        if (
            current
            and current.owner_lines
            and _OWNERS_CONTINUES_RE.search(current.owner_lines[-1].stripped)
            and lines[i - 1] is current.owner_lines[-1]
        ):
            current.owner_lines.append(ln)
            continue

        other = _other_heading(ln)
        if other and current and current.section.id == other and not current.section.title:
            # "Inledning" after a few untitled lines (the document's title): name the intro
            current.section.title = text
            current.heading_lines.append(ln)
            continue
        if other and not (current and current.section.id == other):
            focus = None
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

        if current.title_open and _starts_lower(text) and current.section.kind != "other":
            current.heading_lines.append(ln)
            current.section.title += " " + text
            continue
        current.title_open = False
        current.lines.append(ln)

    sections = [_finish(o, page_text, aliases) for o in opened]
    sections = _dedupe_ids(sections)
    for fn in footnotes:
        on_page = [s for s in sections if fn.page in s.pages]
        fn.section = on_page[0].id if on_page else None
    period = _find_period(sections, page_text, title)
    return Program(
        document=doc_id,
        title=title or (sections[0].title if sections else doc_id),
        period=period,
        sections=sections,
        footnotes=footnotes,
    )


def _finish(o: _Open, page_text: Mapping[int, str], aliases: Mapping[str, str] | None) -> Section:
    sec = o.section
    sec.title = re.sub(r"\s+", " ", sec.title).strip()
    heading_spans = _merge_spans(o.heading_lines)
    sec.heading_span = heading_spans[0] if heading_spans else None
    sec.body_spans = _merge_spans(o.lines)
    sec.body = _text_of(sec.body_spans, page_text)
    if o.owner_lines:
        owner_spans = _merge_spans(o.owner_lines)
        sec.owners_span = owner_spans[0]
        raw = " ".join(ln.stripped for ln in o.owner_lines)
        raw = re.sub(r"^\w+\s*:?\s*", "", raw)  # drop "Huvudansvar:"
        sec.owners = parse_owners(raw, aliases)
    all_lines = o.heading_lines + o.lines + o.owner_lines
    sec.pages = sorted({ln.page for ln in all_lines if not ln.blank})
    if sec.kind == "other":
        sec.groups, sec.group_spans = _groups(o.lines, sec.title)
    return sec


def _groups(lines: list[_Line], title: str) -> tuple[dict[str, list[str]], dict[str, list[Span]]]:
    """Bulleted lists inside an other-section, grouped under their sub-headings."""
    groups: dict[str, list[str]] = {}
    spans: dict[str, list[Span]] = {}
    body = [ln for ln in lines if not ln.blank]
    if not any(_BULLET_RE.match(ln.stripped) for ln in body):
        return groups, spans
    key_word = fold(title).split()[0] if title.strip() else ""
    name = title
    bulleted: dict[str, bool] = {}
    prev_was_item = False
    for k, ln in enumerate(body):
        text = ln.stripped
        bullet = _BULLET_RE.match(text)
        if bullet:
            item = bullet.group(1).strip()
            groups.setdefault(name, []).append(item)
            spans.setdefault(name, []).append(ln.span())
            bulleted[name] = True
            prev_was_item = True
            continue
        nxt = body[k + 1].stripped if k + 1 < len(body) else ""
        names_section = bool(key_word) and any(_similar(key_word, w) for w in fold(text).split())
        # blank lines are not relied on: PDF extraction drops them
        wraps = (
            prev_was_item
            and not names_section
            and (_starts_lower(text) or bulleted.get(name, False))
        )
        is_heading = not text.endswith(".") and (
            names_section or (not prev_was_item and bool(_BULLET_RE.match(nxt)))
        )
        if wraps and groups.get(name):
            groups[name][-1] += " " + text  # a list item wrapped onto the next line
            last = spans[name][-1]
            spans[name][-1] = Span(last.page, last.start, ln.span().end)
        elif is_heading:
            name = text
            groups.setdefault(name, [])
            spans.setdefault(name, []).append(ln.span())
            prev_was_item = False
        elif name in groups and not text.endswith("."):
            groups[name].append(text)  # an unbulleted list item
            spans.setdefault(name, []).append(ln.span())
            prev_was_item = True
        else:
            prev_was_item = False
    groups = {k: v for k, v in groups.items() if v}
    spans = {k: spans[k] for k in groups}
    return groups, spans


def _dedupe_ids(sections: list[Section]) -> list[Section]:
    """Unique ids: a repeated other-heading takes its title's slug, failing that a number."""
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


def _find_period(sections: list[Section], page_text: Mapping[int, str], title: str) -> str | None:
    candidates = [fold(title)] + [fold(s.title + "\n" + s.body) for s in sections[:3]]
    for text in candidates:
        m = _PERIOD_RE.search(text)
        if m:
            return f"{m.group(1)}–{m.group(2)}"
    m = re.search(r"(\d{4})\s*[-–—]\s*(\d{4})", fold(title))
    return f"{m.group(1)}–{m.group(2)}" if m else None
