"""Headings of governing documents, from the text itself (and the layout's heading marks).

- numbered, with any label of the conventions data or none: "Fokusområde 3 – Titel",
  "Mål 2: Titel", "Åtgärd 2.3 Titel", "Strategiskt mål 1 – …", "3.2 Titel", "3.2.1 Titel";
  OCR may mangle a label's letters ("Fokusomrdde"), which is tolerated at the same length;
- an appendix: "Bilaga 2 – Titel" (id "bilaga-2");
- a known unnumbered heading ("Inledning", "Uppföljning", "Relaterade dokument" …);
- any other unnumbered heading: a short line without a final period that the layout marks as a
  heading (larger or bold type, a Word heading style, "#"), or, in plain text, a one-line
  paragraph followed by body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..conventions import Conventions, Label
from ..text import fold
from .lines import Line

_FUZZY = 0.85
_MAX_HEADING_WORDS = 8
_MAX_PLAIN_WORDS = 12
_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})(\.?)(?=[\s:–—-]|$)\s*([-–—:.]?)\s*(.*)$")
_BULLET_START = ("•", "●", "▪", "‣", "◦", "- ", "– ", "* ")


@dataclass(frozen=True)
class Numbered:
    number: str
    title: str
    label: str  # as written ("Åtgärd"), "" when the heading has none
    known: Label | None
    separator: bool  # "–", ":" or "." after the number

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


def _label_prefix(text: str, conv: Conventions) -> tuple[str, Label | None, str]:
    """(label as written, its conventions entry, the rest) or ("", None, text)."""
    if not text[:1].isupper():
        return "", None, text  # "delmål 3.2 i programmet" inside a sentence
    folded = fold(text)
    for lb in conv.labels:
        n = len(lb.folded)
        if folded.startswith(lb.folded) and len(text) > n and text[n] in " \t":
            return text[:n], lb, text[n:].lstrip()
    m = re.match(r"^(\S+)\s+(?=\d)", text)
    if m:  # OCR: a one-word label with a wrong letter or two, same length
        word = fold(m.group(1))
        for lb in conv.labels:
            if " " in lb.folded or len(word) != len(lb.folded) or len(word) < 6:
                continue
            if SequenceMatcher(None, word, lb.folded).ratio() >= _FUZZY:
                return m.group(1), lb, text[m.end() :]
    return "", None, text


def numbered_heading(line: Line, conv: Conventions) -> Numbered | None:
    """A numbered heading, labelled or not; None for sentences ("Mål 3 handlar om ...")."""
    text = line.stripped
    label, known, rest = _label_prefix(text, conv)
    m = _NUMBER_RE.match(rest)
    if not m:
        return None
    number, dot, sep, title = m.group(1), m.group(2), m.group(3), m.group(4).strip()
    separator = bool(sep or dot)
    if label:
        if title and not separator and not title[0].isupper():
            return None  # "Fokusområde 3 handlar om ..." is a sentence, not a heading
        if title.endswith(".") and not line.styled and len(title.split()) > _MAX_PLAIN_WORDS:
            return None
        return Numbered(number, title, label, known, separator)
    if not title or not title[0].isupper():
        return None
    if "." not in number and not line.styled:
        return None  # "3 Titel" only where the layout marks it as a heading
    return Numbered(number, title, "", None, separator)


def similar(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b).ratio() >= _FUZZY


def known_heading(line: Line, conv: Conventions) -> str | None:
    """The id of the known heading this line is, if it is one (tolerating OCR letter errors)."""
    words = line.folded.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return None
    if line.stripped.endswith(".") or not line.stripped[0].isupper():
        return None
    for sid, heading, more in conv.known_headings:
        hw = heading.split()
        if len(words) < len(hw) or (len(words) > len(hw) and not more):
            continue
        if all(similar(a, b) for a, b in zip(words, hw, strict=False)):
            return sid
    return None


def looks_like_heading(text: str) -> bool:
    """Short, starting with a capital, no final period/colon, not a list item."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_PLAIN_WORDS
        and len(text) <= 100
        and text[0].isupper()
        and not text.endswith((".", ":", ";", ","))
        and not text.startswith(_BULLET_START)
        and " | " not in text
    )


def plain_heading(lines: list[Line], i: int, paragraphs: bool) -> bool:
    """Line i is an unnumbered heading: marked by the layout, or (in text with paragraphs,
    `paragraphs`) a one-line paragraph followed by a paragraph of body text."""
    ln = lines[i]
    if not looks_like_heading(ln.stripped):
        return False
    if ln.styled:
        return True
    if not paragraphs:
        return False
    before = i == 0 or lines[i - 1].blank or lines[i - 1].page != ln.page
    after = i + 1 < len(lines) and lines[i + 1].blank
    if not (before and after):
        return False
    j = i + 1
    while j < len(lines) and lines[j].blank:
        j += 1
    if j >= len(lines):
        return False
    body = [lines[j]]
    while j + 1 < len(lines) and not lines[j + 1].blank and lines[j + 1].page == lines[j].page:
        j += 1
        body.append(lines[j])
    first = body[0].stripped
    if looks_like_heading(first) or sum(w.isdigit() for w in ln.stripped.split()) >= 2:
        return False  # two headings in a row, or a table row: not this rule's business
    return len(body) > 1 or first.endswith((".", "!", "?")) or first.startswith(_BULLET_START)
