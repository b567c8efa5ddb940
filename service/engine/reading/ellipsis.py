"""A bare number in a short follow-up names the level the conversation was about: after a
question about "fokusområde 2", "och för trean?" and "och 3 då?" mean "fokusområde 3"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.text import fold

from . import lexicon as lx

_TOP_RE = re.compile(r"\b(fokusomr\w*|focus area)\s+(\d{1,2})(?![.\d])")
_MAX_WORDS = 5


def bare_number_as_level(question: str, users: Sequence[str]) -> str:
    """The question with its bare number written as the focus area the last turn named."""
    if not users or len(question.split()) > _MAX_WORDS:
        return question
    last = _TOP_RE.search(fold(users[-1]))
    if last is None or _TOP_RE.search(fold(question)):
        return question
    word = last.group(1)
    for tok in re.findall(r"\w+", question):
        f = fold(tok)
        n = f if re.fullmatch(r"\d{1,2}", f) else lx.NUMERAL_NOUNS.get(f)
        if n is not None:
            named = "focus area" if word.startswith("focus") else "fokusområde"
            return re.sub(rf"\b{re.escape(tok)}\b", f"{named} {n}", question, count=1)
    return question


_ID_RE = re.compile(r"(?<![\d.])(\d{1,2})[.,](\d{1,2})(?![\d.])")


def next_item_as_number(question: str, users: Sequence[str], ids: Sequence[str]) -> str:
    """'Och för nästa delmål då?' after a question about delmål 4.1: 'Och för 4.2 då?'
    (`ids` in the document's order; the last turn must name exactly one of them)."""
    if not users or len(question.split()) > _MAX_WORDS + 1 or _ID_RE.search(question):
        return question
    named = {f"{a}.{b}" for a, b in _ID_RE.findall(users[-1])} & set(ids)
    if len(named) != 1:
        return question
    toks = re.findall(r"[\w-]+", question)
    for i, tok in enumerate(toks):
        step = lx.NEXT_ITEM_WORDS.get(fold(tok))
        after = fold(toks[i + 1]) if i + 1 < len(toks) else ""
        noun = after in lx.NEXT_ITEM_NOUNS
        if step is None or not (noun or not after or after in lx.SENTENCE_ADVERBS):
            continue
        at = list(ids).index(next(iter(named))) + int(step)
        if not 0 <= at < len(ids):
            return question
        phrase = rf"\b{re.escape(tok)}\b" + (rf"\s+{re.escape(toks[i + 1])}\b" if noun else "")
        return re.sub(phrase, ids[at], question, count=1)
    return question
