"""Layout cleaning: pages as the reader sees them, before parsing. Pure functions over pages.

Driven by what the pages show, never by one municipality's strings:
- running headers and footers: lines at the top or bottom of pages that repeat (digits aside)
  on many pages; page numbers ("Sida 3 av 7", "3/7", a bare number) at the top or bottom;
- the table of contents: a page of lines ending in dot leaders and a page number; its entries
  are kept, to check the headings found against;
- the cover's metadata block ("Dokumentnamn: …", "Fastställd av: …") lifted out of the text;
- ligature characters normalised, soft hyphens removed, words hyphenated at a line end joined
  ("program-" / "ansvarig" -> "programansvarig", while "Individ-" / "och" stays);
- a wrapped responsibility line joined into one ("Huvudansvar:" / "KS, IFN …").
Page numbers stay the document's own: a page may become empty, it is never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .conventions import Conventions, conventions
from .layout import TextLine
from .text import fold

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }  # fmt: skip
)
SOFT_HYPHEN = "\u00ad"
_COVER_REST_LINES = 4  # a cover page holds little besides its metadata block
_EDGE_LINES = 2  # lines at the top and at the bottom of a page where headers/footers live
_LEADER_RE = re.compile(r"^(.*?\S)\s*(?:(?:\.\s*){4,}|…+|_{4,})\s*(\d{1,4})$")
_HYPHEN_END_RE = re.compile(r"(\w)-$")
_WORD_RE = re.compile(r"^(\S+)\s*(.*)$")
_OWNER_TOKEN_RE = re.compile(r"^[A-ZÅÄÖ][\wÅÄÖåäö.\-()]*,?$|^(?:och|genom|samt|&|,)$")
_ABBREV_RE = re.compile(r"^[A-ZÅÄÖ]{2,6}$")
_JOINERS_END = (",", "&", " och", " genom", " samt", ":")


@dataclass
class ContentsEntry:
    text: str
    page: int  # the page number the contents gives
    on_page: int  # the page the entry is printed on


@dataclass
class Cleaned:
    pages: list[list[TextLine]]
    cover: dict[str, str] = field(default_factory=dict)
    cover_page: int | None = None
    contents: list[ContentsEntry] = field(default_factory=list)
    contents_pages: list[int] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.removed[what] = self.removed.get(what, 0) + n


def normalise_chars(text: str) -> str:
    """Ligatures to letters, soft hyphens out (one at the end stays, as a line-end hyphen)."""
    text = text.translate(_LIGATURES)
    if text.endswith(SOFT_HYPHEN):
        return text[:-1].replace(SOFT_HYPHEN, "") + "-"
    return text.replace(SOFT_HYPHEN, "")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def _edges(lines: list[TextLine]) -> list[int]:
    idx = [i for i, ln in enumerate(lines) if ln.text.strip()]
    return sorted(set(idx[:_EDGE_LINES] + idx[-_EDGE_LINES:]))


def is_page_number(text: str, conv: Conventions | None = None) -> bool:
    conv = conv or conventions()
    t = " ".join(text.split())
    return any(p.match(t) for p in conv.page_number_res)


def remove_running(pages: list[list[TextLine]], out: Cleaned, conv: Conventions) -> None:
    """Headers, footers and page numbers, found from repetition across pages."""
    n = len(pages)
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i].text) for i in _edges(lines)})
    # on most pages, and never on fewer than three ("Mål 1" / "Mål 2" atop two pages stay)
    threshold = max(3, -(-n * 3 // 5))
    repeated = {k for k, c in seen.items() if c >= threshold}
    for p, lines in enumerate(pages):
        drop: set[int] = set()
        for i in _edges(lines):
            text = lines[i].text.strip()
            if is_page_number(text, conv):
                # a bare number is a page number only at the very top or bottom
                bare = text.strip("()–- ").isdigit()
                edge = [j for j, ln in enumerate(lines) if ln.text.strip()]
                if not bare or i in (edge[0], edge[-1]):
                    drop.add(i)
                    out.count("page_numbers")
            elif _key(text) in repeated and len(_edges(lines)) >= 3:
                drop.add(i)
                out.count("headers_footers")
        pages[p] = [ln for i, ln in enumerate(lines) if i not in drop]


def lift_cover(pages: list[list[TextLine]], out: Cleaned, conv: Conventions) -> None:
    """A first page (or second, after a blank one) carrying a metadata block is the cover."""
    for p in range(min(2, len(pages))):
        found: dict[str, str] = {}
        for ln in pages[p]:
            for label, _ in conv.cover_keys:
                m = re.match(rf"^{re.escape(label)}\s*:\s*(.+)$", ln.text.strip(), re.IGNORECASE)
                if m:
                    found.setdefault(label, m.group(1).strip())
                    break
        if len(found) >= conv.cover_min_keys:
            out.cover, out.cover_page = found, p + 1
            rest = [ln for ln in pages[p] if ln.text.strip() and not _cover_line(ln.text, conv)]
            # a cover page (title, logo, the block) goes whole; a block on a page of body
            # text (a Word file's first page) goes alone
            keep = (
                [ln for ln in pages[p] if not _cover_line(ln.text, conv)]
                if len(rest) > _COVER_REST_LINES
                else []
            )
            out.count("cover_lines", len(pages[p]) - len(keep))
            pages[p] = keep
            return
        if any(ln.text.strip() for ln in pages[p]):
            return


def _cover_line(text: str, conv: Conventions) -> bool:
    """A line of the metadata block, or the rule that closes it ("---")."""
    if re.match(r"^\s*[-–—_]{3,}\s*$", text):
        return True
    return any(
        re.match(rf"^{re.escape(label)}\s*:", text.strip(), re.IGNORECASE)
        for label, _ in conv.cover_keys
    )


def remove_contents(pages: list[list[TextLine]], out: Cleaned, conv: Conventions) -> None:
    """Pages whose lines mostly end in dot leaders and a page number; entries are kept."""
    for p, lines in enumerate(pages):
        leaders = [i for i, ln in enumerate(lines) if _LEADER_RE.match(ln.text.strip())]
        if len(leaders) < 3:
            continue
        keep: list[TextLine] = []
        pending: list[str] = []
        first = leaders[0]
        for i, ln in enumerate(lines):
            text = ln.text.strip()
            m = _LEADER_RE.match(text)
            if m:
                entry = " ".join([*pending, m.group(1)])
                out.contents.append(ContentsEntry(entry, int(m.group(2)), p + 1))
                pending = []
                out.count("contents_lines")
            elif i < first and fold(text).rstrip(":") in conv.contents_titles:
                out.count("contents_lines")
            elif first <= i < leaders[-1]:
                pending.append(text)  # the first line of an entry that wraps
                out.count("contents_lines")
            elif i < first and not keep and i + 1 == first and len(text.split()) <= 8:
                keep.append(ln)
            else:
                keep.append(ln)
        pages[p] = keep
        out.contents_pages.append(p + 1)


def dehyphenate(pages: list[list[TextLine]], out: Cleaned, conv: Conventions) -> None:
    """Join a word hyphenated at a line end with its rest on the next line (or page)."""
    flat = [(p, i) for p, lines in enumerate(pages) for i in range(len(lines))]
    emptied: set[tuple[int, int]] = set()
    for k, (p, i) in enumerate(flat[:-1]):
        line = pages[p][i]
        m = _HYPHEN_END_RE.search(line.text.rstrip())
        if not m or line.heading:
            continue
        q, j = flat[k + 1]
        nxt = pages[q][j]
        w = _WORD_RE.match(nxt.text.strip())
        if not w or nxt.heading or not w.group(1)[0].islower():
            continue
        word, rest = w.group(1), w.group(2)
        if fold(word.rstrip(",.;:")) in conv.hyphen_keepers:
            continue
        head = line.text.rstrip()
        # "LSS-" / "boende" keeps its hyphen; "program-" / "ansvarig" loses it
        joined = head + word if m.group(1).isupper() or m.group(1).isdigit() else head[:-1] + word
        pages[p][i] = TextLine(joined, line.heading)
        pages[q][j] = TextLine(rest, nxt.heading)
        if not rest:
            emptied.add((q, j))
        out.count("hyphenations")
    for p, lines in enumerate(pages):
        pages[p] = [ln for i, ln in enumerate(lines) if (p, i) not in emptied]


def _responsibility(text: str, conv: Conventions) -> str | None:
    """The label when the line opens a responsibility line ("Huvudansvar:", "Ansvarig:")."""
    for label in conv.responsibility_labels:
        if re.match(rf"^{re.escape(label)}\b[^:]{{0,40}}:", text, re.IGNORECASE):
            return label
    return None


def _owner_like(text: str) -> bool:
    """'genom Bostaden och Ultra', 'TN, KN': bodies, not a heading word such as 'Bakgrund'."""
    words = text.replace(",", " , ").split()
    return (
        0 < len(words) <= 12
        and not text.rstrip().endswith(".")
        and all(_OWNER_TOKEN_RE.match(w) for w in words)
        and any(w in ("och", "genom", "samt", "&", ",") or _ABBREV_RE.match(w) for w in words)
    )


def join_responsibility(pages: list[list[TextLine]], out: Cleaned, conv: Conventions) -> None:
    """A responsibility line that wraps: the label alone, or bodies running onto the next line."""
    for p, lines in enumerate(pages):
        merged: list[TextLine] = []
        for ln in lines:
            prev = merged[-1] if merged else None
            text = ln.text.strip()
            if (
                prev is not None
                and _responsibility(prev.text.strip(), conv)
                and not ln.heading
                and not _responsibility(text, conv)
                and not text.startswith(("•", "●", "-", "–"))
                and (
                    prev.text.rstrip().endswith(_JOINERS_END)
                    or text[:1].islower()
                    or _owner_like(text)
                )
            ):
                merged[-1] = TextLine(prev.text.rstrip() + " " + text, prev.heading)
                out.count("joined_lines")
                continue
            merged.append(ln)
        pages[p] = merged


def clean_pages(pages: list[list[TextLine]], conv: Conventions | None = None) -> Cleaned:
    """All the steps, in order. The input is not changed."""
    conv = conv or conventions()
    work = [[TextLine(normalise_chars(ln.text), ln.heading) for ln in lines] for lines in pages]
    out = Cleaned(pages=work)
    before = sum(ln.text.count(SOFT_HYPHEN) for lines in pages for ln in lines)
    if before:
        out.count("soft_hyphens", before)
    remove_running(work, out, conv)
    lift_cover(work, out, conv)
    remove_contents(work, out, conv)
    dehyphenate(work, out, conv)
    join_responsibility(work, out, conv)
    return out
