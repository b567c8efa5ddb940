"""Responsibility lines ("Huvudansvar: KS, IFN genom Bostaden", "Ansvarig: Tekniska nämnden",
"Ansvar för helheten: …") and table columns headed "Ansvarig": the bodies named, as written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher

from ..conventions import Conventions
from ..models import Owner
from ..text import fold
from .lines import Line

_ABBREV_RE = re.compile(r"^[A-ZÅÄÖ]{2,6}$")
_LIST_JOINERS = frozenset({"och", "samt", "&"})
_FUZZY = 0.85
# an owners line ending like this continues on the next line
OWNERS_CONTINUES_RE = re.compile(r"(?:,|&|\bgenom|\boch|\bsamt)$")
_PARENS_RE = re.compile(r"\s*\(([^)]*)\)")
_MARKED_RE = re.compile(r"\s*\u27e8([^\u27e9]*)\u27e9")
_NAME_AND_RE = re.compile(r"(?<!-)\s+och\s+")


def is_abbreviation(word: str) -> bool:
    return bool(_ABBREV_RE.match(word))


def responsibility_label(line: Line, conv: Conventions) -> str | None:
    """The label when the line opens a responsibility line, else None.

    'Huvudansvar: KS, IFN', 'Ansvariga nämnder: …', 'Ansvar för överenskommelsen som helhet: …';
    also 'Huvudansvar KS, IFN' (no colon, a capital after) and OCR's 'Huvudanswar: KS'.
    """
    text = line.stripped
    for label in conv.responsibility_labels:
        if re.match(rf"^{re.escape(label)}(?:\s[^:]{{0,40}})?\s*:", text, re.IGNORECASE):
            return label
    m = re.match(r"^(\w+)\s*(:?)\s*(.*)$", text)
    if not m:
        return None
    word, colon, rest = fold(m.group(1)), m.group(2), m.group(3)
    for label in conv.responsibility_labels:
        f = fold(label)
        if " " in f:
            continue
        if colon and len(word) == len(f) and SequenceMatcher(None, word, f).ratio() >= _FUZZY:
            return label
        if not colon and word == f == "huvudansvar" and rest[:1].isupper():
            return label
    return None


def strip_label(raw: str) -> str:
    """'Huvudansvar: KS, IFN' -> 'KS, IFN' (the label is everything before the first colon)."""
    if ":" in raw.split(",")[0]:
        return raw.split(":", 1)[1].strip()
    return re.sub(r"^\w+\s*", "", raw)


def parse_owners(raw: str, aliases: Mapping[str, str] | None = None) -> list[Owner]:
    """Split a responsibility list into bodies.

    "KS, IFN, UKF genom Bostaden och Ultra" -> KS, IFN, UKF (via Bostaden, Ultra).
    A missing comma between abbreviations ("TN, ÄN UKF genom ...") is tolerated, and so is
    "och" between abbreviations ("KS, BN och TN") or between names ("Kommunstyrelsen (Umeå
    kommun) och lokalpolisområde Umeå"); a name such as "Individ- och familjenämnden" stays
    whole, and a party in parentheses is left out. `aliases` maps a written form to its
    canonical abbreviation (e.g. OCR's "AN" -> "ÄN").
    """
    aliases = aliases or {}
    owners: list[Owner] = []

    def add(written: str, via: list[str] | None = None) -> None:
        written = written.strip(" .;")
        m = _MARKED_RE.search(written)
        abbr = m.group(1) if m else None  # "Individ- och familjenämnden (IFN)"
        written = _MARKED_RE.sub("", written).strip()
        if not written:
            return
        canonical = abbr or aliases.get(written, written)
        owners.append(Owner(abbreviation=canonical, written=written, via=via or []))

    def abbreviations(words: list[str]) -> list[str] | None:
        """The abbreviations in 'ÄN UKF' or 'BN och TN'; None when the words are a name."""
        found = [_MARKED_RE.sub("", w) for w in words if w not in _LIST_JOINERS]
        return found if found and all(is_abbreviation(w) for w in found) else None

    def names(text: str) -> list[str]:
        words = text.split()
        listed = abbreviations(words)
        if listed is not None:
            return listed
        return [n for n in _NAME_AND_RE.split(text) if n.strip()]

    # "(GVN)" after a name is its abbreviation; any other parenthesis (a party) is left out
    raw = _PARENS_RE.sub(
        lambda m: f"\u27e8{m.group(1)}\u27e9" if is_abbreviation(m.group(1)) else "", raw
    )
    for part in (p.strip(" .;") for p in raw.split(",")):
        words = part.split()
        while words and words[0] in _LIST_JOINERS:  # "KS, och TN"
            words = words[1:]
        if not words:
            continue
        part = " ".join(words)
        if "genom" in words:
            i = words.index("genom")
            head, tail = " ".join(words[:i]), " ".join(words[i + 1 :])
            via = [v.strip() for v in re.split(r"\s+och\s+|\s*&\s*", tail) if v.strip()]
            heads = names(head) if head else []
            for w in heads[:-1]:
                add(w)
            if heads:
                add(heads[-1], via)
        else:
            for w in names(part):
                add(w)
    return owners


def table_owners(lines: list[Line], conv: Conventions) -> dict[str, tuple[str, Line]]:
    """Rows of ' | ' tables with a responsibility column: first cell (a number) -> (cell, line)."""
    out: dict[str, tuple[str, Line]] = {}
    col: int | None = None
    for ln in lines:
        text = ln.stripped
        if " | " not in text:
            col = None
            continue
        cells = [c.strip() for c in text.split(" | ")]
        if col is None:
            folded = [fold(c) for c in cells]
            col = next((i for i, c in enumerate(folded) if c in conv.responsibility_columns), -1)
            continue
        if 0 <= col < len(cells) and re.match(r"^\d+(?:\.\d+)*$", cells[0]):
            out.setdefault(cells[0], (cells[col], ln))
    return out
