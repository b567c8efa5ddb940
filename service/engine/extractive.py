"""Sentences with exact page offsets, and choosing the ones that answer a question.

A chunk's text is cut into units: headings, the *Huvudansvar* line, list items and sentences.
Each unit keeps the page spans it comes from, so every quote is a verbatim substring of one
page's text (a sentence running over a page break becomes two parts, two citations).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.models import Chunk, Section, Span
from ingest.text import fold, tokenize

from .search import Searcher, features, stem

_SENTENCE_END = re.compile(r"(?<=[.!?])[¹²³⁴⁵⁶⁷⁸⁹]?\s+(?=[A-ZÅÄÖ0-9•\"”])|(?<=:)\n")
_BULLET = re.compile(r"^\s*(?:[•●▪‣◦*]|e(?=\s)|-(?=\s))")
_TERMINAL = (".", "!", "?", ":", ";")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_DIGIT_RE = re.compile(r"\d")
_DATE_RE = re.compile(
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"(?<=\w )[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+")
_NUMBER_RE = re.compile(r"\d+(?:[ \u00a0\u2009]\d{3})*(?::\d+)?")
_AMOUNT_RE = re.compile(
    r"\d[\d \u00a0\u2009]*(?:[.,]\d+)?\s*(?:kr\b|kronor|tkr|mkr|mnkr|sek\b|miljon|miljard|€|euro|%)",
    re.IGNORECASE,
)
_MIN_WEIGHT = 1.0


@dataclass
class Unit:
    document: str
    section: str | None
    chunk: int
    parts: list[Span]
    text: str  # the parts joined, whitespace collapsed (for display and scoring)
    kind: str  # "sentence" | "heading" | "owners" | "item"

    @property
    def page(self) -> int:
        return self.parts[0].page


def _overlaps(a: Span, b: Span | None) -> bool:
    return b is not None and a.page == b.page and a.start < b.end and b.start < a.end


def _lines(page_text: str, span: Span) -> list[Span]:
    out: list[Span] = []
    pos = span.start
    for raw in page_text[span.start : span.end].split("\n"):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            out.append(Span(span.page, pos + lead, pos + lead + len(body)))
        pos += len(raw) + 1
    return out


def _sentences(page_text: str, block: list[Span]) -> list[Span]:
    """Split a run of lines on one page into sentence spans."""
    start, end = block[0].start, block[-1].end
    text = page_text[start:end]
    out: list[Span] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[pos : m.start()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(block[0].page, start + pos + lead, start + pos + len(piece.rstrip())))
        pos = m.end()
    piece = text[pos:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Span(block[0].page, start + pos + lead, start + pos + len(piece.rstrip())))
    return out


def build_units(
    chunk_index: int, chunk: Chunk, section: Section | None, page_text: dict[int, str]
) -> list[Unit]:
    """Units of one chunk, in reading order."""
    heading = section.heading_span if section else None
    owners = section.owners_span if section else None
    items: list[Span] = []
    if section is not None and chunk.kind == "group":
        for spans in section.group_spans.values():
            items.extend(spans)
    segs: list[tuple[str, Span]] = []
    for span in chunk.spans:
        text = page_text.get(span.page, "")
        lines = _lines(text, span)
        block: list[Span] = []

        k = 0
        while k < len(lines):
            ln = lines[k]
            item = next(
                (it for it in items if it.page == ln.page and it.start <= ln.start < it.end), None
            )
            if item is not None:
                _flush(segs, text, block)
                end = item.end
                while k + 1 < len(lines) and lines[k + 1].start < end:
                    k += 1
                kind = "heading" if not _BULLET.match(text[ln.start : ln.end]) else "item"
                segs.append((kind, Span(ln.page, ln.start, min(end, span.end))))
            elif _overlaps(ln, heading):
                _flush(segs, text, block)
                segs.append(("heading", ln))
            elif _overlaps(ln, owners):
                _flush(segs, text, block)
                segs.append(("owners", ln))
            elif _BULLET.match(text[ln.start : ln.end]):
                _flush(segs, text, block)
                segs.append(("item", ln))
            elif _lone_heading(text, lines, k, block):
                _flush(segs, text, block)
                segs.append(("heading", ln))
            else:
                block.append(ln)
            k += 1
        _flush(segs, text, block)
    # merge consecutive heading lines of the section heading; join sentences split by a page break
    units: list[Unit] = []
    for kind, sp in segs:
        prev = units[-1] if units else None
        piece = page_text.get(sp.page, "")[sp.start : sp.end]
        if (
            prev is not None
            and kind == "sentence"
            and prev.kind == "sentence"
            and prev.parts[-1].page != sp.page
            and not prev.text.rstrip().endswith(_TERMINAL)
            and piece[:1].islower()
        ):
            prev.parts.append(sp)
            prev.text = _norm(prev.text + " " + piece)
            continue
        if prev is not None and kind == "heading" == prev.kind and _overlaps(sp, heading):
            if prev.parts[-1].page == sp.page:
                prev.parts[-1] = Span(sp.page, prev.parts[-1].start, sp.end)
            else:
                prev.parts.append(sp)
            prev.text = _norm(prev.text + " " + piece)
            continue
        units.append(Unit(chunk.document, chunk.section, chunk_index, [sp], _norm(piece), kind))
    return units


def _flush(segs: list[tuple[str, Span]], text: str, block: list[Span]) -> None:
    if block:
        segs.extend(("sentence", s) for s in _sentences(text, block))
        block.clear()


def _lone_heading(text: str, lines: list[Span], k: int, block: list[Span]) -> bool:
    """A short line standing alone between sentences ('Tilläggsuppdrag')."""
    ln = lines[k]
    s = text[ln.start : ln.end]
    if s.endswith(_TERMINAL) or len(s.split()) > 6 or not s[:1].isupper():
        return False
    prev_done = not block or text[block[-1].start : block[-1].end].endswith(_TERMINAL)
    nxt = text[lines[k + 1].start : lines[k + 1].end] if k + 1 < len(lines) else ""
    return prev_done and (not nxt or nxt[:1].isupper())


def _norm(text: str) -> str:
    return " ".join(text.split())


def unit_quotes(unit: Unit, page_text: dict[int, str]) -> list[tuple[Span, str]]:
    return [(p, page_text[p.page][p.start : p.end]) for p in unit.parts]


# --- scoring ----------------------------------------------------------------------------------
@dataclass
class Scored:
    unit: Unit
    score: float  # share of the question's topic weight this unit matches (0..1)


def word_weights(words: Iterable[str], searcher: Searcher) -> dict[str, float]:
    """Topic words weighted by rarity in the index (unknown words weigh most).

    The weight never drops below 1: in a small index a word found in every chunk still
    carries the question's topic.
    """
    out: dict[str, float] = {}
    top = max(_MIN_WEIGHT, searcher.idf("\x00"))  # a word that occurs nowhere
    for slot in words:
        best = 0.0
        for w in slot.split("|"):
            toks = tokenize(w, keep_stopwords=True)
            if toks and searcher.df.get(toks[0]):
                idf = searcher.idf(toks[0])
            else:
                # a word the index lacks weighs as its forms in the index do, if it has any
                forms = [stem(x) for x in searcher.partners(searcher.correct(w))]
                known = [searcher.idf(f) for f in forms if searcher.df.get(f)]
                idf = min(known) if known else top
            best = max(best, _MIN_WEIGHT, idf)
        out[slot] = best
    return out


def match_score(text: str, weights: dict[str, float], searcher: Searcher) -> float:
    if not weights:
        return 0.0
    words, stems = features(text)
    total = sum(weights.values())
    got = sum(
        wt
        for slot, wt in weights.items()
        if any(searcher.word_in(w, words, stems) for w in slot.split("|") if w)
    )
    return got / total if total else 0.0


def score_units(
    units: Sequence[Unit], weights: dict[str, float], searcher: Searcher
) -> list[Scored]:
    return [Scored(u, match_score(u.text, weights, searcher)) for u in units]


# --- what a question needs from its evidence ---------------------------------------------------
def has_year(text: str) -> bool:
    return bool(_YEAR_RE.search(text))


def has_date(text: str) -> bool:
    return bool(_DATE_RE.search(text))


_FREQUENCY_RE = re.compile(r"\b(?:årligen|årlig\w*|varje år|månad\w*|kvartal\w*|veckovis)\b", re.I)


def has_frequency(text: str) -> bool:
    return bool(_FREQUENCY_RE.search(text))


def has_amount(text: str) -> bool:
    """A sum of money (or a share) written with its unit: '20 kronor', '6 tkr', '5 %'."""
    return bool(_AMOUNT_RE.search(text))


def has_number(text: str) -> bool:
    """A count: digits that are not a year ("200 000", "12"), or a number word ("tolv")."""
    from .reading import lexicon as lx

    counts = [
        n for n in re.findall(r"\d[\d\s\u00a0\u2009]*", text) if not _YEAR_RE.fullmatch(n.strip())
    ]
    return bool(counts) or bool(set(fold(text).split()) & set(lx.NUMBER_WORDS))


_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def has_person_name(text: str) -> bool:
    return bool(_NAME_RE.search(text))


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, in digits or words ("inriktningsmål två och tre": 2, 3);
    not the articles "en" and "ett"."""
    from .reading import lexicon as lx

    spelled = {
        str(lx.NUMBER_WORDS[w])
        for w in fold(text).split()
        if w in lx.NUMBER_WORDS and w not in lx.TEXT_ARTICLE_NUMBERS
    }
    return {re.sub(r"[\s\u00a0\u2009]", "", n) for n in _NUMBER_RE.findall(text)} | spelled
