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
