"""The glossary of bodies (committees, companies) from the index, and finding them in questions.

Built once per snapshot. Matching is both ways: an abbreviation ("ÄN", OCR "AN") and the full
name ("Äldrenämnden", "aldrenamnden", misspelled "fritidsnämden", genitive "kommunstyrelsens")
all lead to the same body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ingest.text import STOPWORDS, fold

_WORD_RE = re.compile(r"\w+", re.UNICODE)
# expansions are matched with these tokens left out ("AB Bostaden i Umeå" -> "bostaden i umea")
_NAME_NOISE = frozenset({"ab"})
_FUZZY = 0.88
# confidences that need no "troligen"
CERTAIN = frozenset({"certain", "high"})


@dataclass(frozen=True)
class Body:
    key: str  # the canonical abbreviation, or the full name when there is none
    abbreviation: str | None
    variants: tuple[str, ...]
    expansion: str | None
    kind: str | None
    confidence: str
    note: str | None
    in_program: bool

    @property
    def is_certain(self) -> bool:
        return self.confidence in CERTAIN

    @property
    def is_company(self) -> bool:
        return bool(self.kind) and "bolag" in fold(self.kind or "")


@dataclass(frozen=True)
class Mention:
    key: str
    start: int  # token index in the question
    end: int  # exclusive


def words(text: str) -> list[str]:
    """Word tokens with their original case."""
    return _WORD_RE.findall(text)


def _token_eq(q: str, p: str) -> bool:
    """Does folded question word `q` name folded name word `p` (inflection, typo tolerated)?"""
    if q == p or q == p + "s" or (p.endswith("en") and q == p[:-2] + "ens"):
        return True
    if len(p) < 6 or q[:1] != p[:1] or abs(len(q) - len(p)) > 2:
        return False
    return SequenceMatcher(None, q, p).ratio() >= _FUZZY


def _name_at(folded: Sequence[str], i: int, name: Sequence[str]) -> int | None:
    """Where the name starting at question word i ends, or None. A name word may be typed as
    two ("vuxenutbildnings nämnden" for "vuxenutbildningsnämnden")."""
    j = i
    for part in name:
        if j < len(folded) and _token_eq(folded[j], part):
            j += 1
        elif j + 1 < len(folded) and len(part) >= 8 and _token_eq(folded[j] + folded[j + 1], part):
            j += 2
        else:
            return None
    return j


_JOINERS = frozenset({"och", "i", "av"})  # not "för": in "För- och grund…" it is a word part
# heads of body names that their abbreviation keeps as a letter ("…nämnden" → N)
_HEADS = (("namnden", "N"), ("namnd", "N"), ("styrelsen", "S"), ("styrelse", "S"))


def acronym(name: str) -> str:
    """The abbreviation a Swedish body name is usually given: the initials of its words and of
    a compound's head ("Miljö- och hälsoskyddsnämnden" → MHN, "Kommunstyrelsen" → KS)."""
    parts = [w for w in (fold(t) for t in words(name)) if w not in _JOINERS]
    if not parts:
        return ""
    letters = [w[0].upper() for w in parts]
    last = parts[-1]
    for head, letter in _HEADS:
        if last.endswith(head) and last != head:
            letters.append(letter)
            break
    return "".join(letters)


def link_acronyms(
    entries: Iterable[Mapping[str, Any]], written: Iterable[str]
) -> list[dict[str, Any]]:
    """Glossary entries with a name and no abbreviation get the abbreviation the documents
    write when it is the name's usual acronym and no entry claims it. The link is a guess from
    the letters, so its confidence is "likely" and answers say "troligen"."""
    out = [dict(e) for e in entries]
    claimed = {e.get("abbreviation") for e in out if e.get("abbreviation")}
    claimed |= {v for e in out for v in (e.get("variants") or [])}
    forms = {w for w in written if w.isupper() and 2 <= len(w) <= 6 and w not in claimed}
    for e in out:
        name = e.get("expansion")
        if e.get("abbreviation") or not name:
            continue
        guess = acronym(str(name))
        if guess in forms:
            e["abbreviation"] = guess
            e["variants"] = [guess]
            e["confidence"] = "likely"
            forms.discard(guess)
    return out


class Glossary:
    """Bodies by key, with lookups by written form and by (folded) full name."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self.bodies: dict[str, Body] = {}
        self._exact: dict[str, str] = {}  # written form (exact case) -> key
        self._loose: dict[str, str] = {}  # folded form -> key, for forms safe to match loosely
        self._names: list[tuple[str, tuple[str, ...]]] = []  # key, folded name tokens
        for e in entries:
            abbr = e.get("abbreviation") or None
            expansion = e.get("expansion") or None
            key = abbr or expansion
            if not key:
                continue
            body = Body(
                key=key,
                abbreviation=abbr,
                variants=tuple(e.get("variants") or ([abbr] if abbr else [])),
                expansion=expansion,
                kind=e.get("kind"),
                confidence=str(e.get("confidence") or "unverified"),
                note=e.get("note"),
                in_program=bool(e.get("in_program", False)),
            )
            self.bodies[key] = body
            for form in {*(body.variants), *([abbr] if abbr else [])}:
                self._exact[form] = key
                # short all-caps forms ("AN", "FN") are also ordinary words when folded;
                # longer ones ("JUSK") and names ("Bostaden") are matched regardless of case
                if len(form) >= 3 or not form.isupper():
                    self._loose[fold(form)] = key
            if expansion:
                toks = tuple(t for t in (fold(w) for w in words(expansion)) if t not in _NAME_NOISE)
                if toks and not all(t in STOPWORDS for t in toks):
                    self._names.append((key, toks))
        # longer names first, so "Individ- och familjenämnden" wins over any sub-part
        self._names.sort(key=lambda kv: -len(kv[1]))

    def get(self, key: str) -> Body | None:
        return self.bodies.get(key)

    def as_written(self, mentions: Sequence[Mention], sections: Iterable[Any]) -> list[Mention]:
        """The mentions keyed as a document's lines key them: a document that writes
        "Äldrenämnden" in full, where the glossary's ÄN is only likely that name, keeps the
        name as its key, and "ÄN" asked of it is that name."""
        keys = {o.abbreviation for s in sections for o in s.owners}
        out = []
        for m in mentions:
            b = self.bodies.get(m.key)
            if m.key not in keys and b is not None and b.expansion and b.expansion in keys:
                m = Mention(b.expansion, m.start, m.end)
            out.append(m)
        return out

    def canonical(self, written: str) -> str:
        """The key for a written abbreviation ("AN" -> "ÄN"); unknown forms are returned as is."""
        return self._exact.get(written) or self._loose.get(fold(written)) or written

    def find(self, text: str) -> list[Mention]:
        """Every body named in `text`, by abbreviation or full name, in reading order."""
        toks = words(text)
        folded = [fold(t) for t in toks]
        taken = [False] * len(toks)
        found: list[Mention] = []
        for key, name in self._names:
            for i in range(len(toks)):
                end = _name_at(folded, i, name)
                if end is None or any(taken[i:end]):
                    continue
                found.append(Mention(key, i, end))
                for j in range(i, end):
                    taken[j] = True
        # a question typed all in lower case may write "ks" for KS
        lower_case = not any(ch.isupper() for ch in text)
        for i, tok in enumerate(toks):
            if taken[i]:
                continue
            hit = self._exact.get(tok) or self._loose.get(folded[i])
            if hit is None and lower_case and folded[i] not in STOPWORDS:
                hit = self._exact.get(tok.upper())
            if hit is not None:
                found.append(Mention(hit, i, i + 1))
                taken[i] = True
        found.sort(key=lambda m: m.start)
        return found

    def companies(self, keys: Sequence[str]) -> list[str]:
        return [k for k in keys if (b := self.bodies.get(k)) is not None and b.is_company]

    def name_tokens(self) -> set[str]:
        """Folded words of every known name and abbreviation (they are never a topic)."""
        out: set[str] = set(self._loose)
        out.update(fold(k) for k in self._exact)
        for _, toks in self._names:
            out.update(toks)
        return out
