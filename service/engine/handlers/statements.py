"""Parallel statements: "Vad lovar kommunen i medborgarlöftena?" asks for every sentence of the
document that opens with the question's subject and verb ("Kommunen lovar …"), wherever they
stand, not for the one passage that matches best.

The subject and verb are two adjacent words of the question, in either order ("lovar kommunen",
"det kommunen lovar"), that open sentences in at least two sections of the one document in
scope. A question with other topic words (what is promised about lighting) is no such question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.text import STOPWORDS, fold

from ..extractive import Unit
from ..quote_render import render_extract
from ..reading import lexicon as lx

if TYPE_CHECKING:
    from ..turn import Answering, Result

# the most sentences one answer quotes
MAX_STATEMENTS = 8


def parallel_statements(a: Answering) -> Result | None:
    p = a.p
    doc = a.c.document
    if doc is None or p.sub_goals or p.focus_areas or p.bodies or a.users:
        return None
    asked = p.tokens[p.intro :]
    denied = {asked[i + 1] for i, t in enumerate(asked[:-1]) if t in lx.NEGATION_WORDS}
    # "det kommunen (alltså inte polisen) lovar": the aside denied is read away
    words = [
        t
        for t in asked
        if t not in denied and t not in lx.NEGATION_WORDS and t not in lx.SENTENCE_ADVERBS
    ]
    pairs = [
        (x, y)
        for x, y in zip(words, words[1:], strict=False)
        if not (x in STOPWORDS or y in STOPWORDS or x in lx.QUESTION_WORDS)
        and len(x) >= 4
        and len(y) >= 4
    ]
    if not pairs:
        return None
    opening = [
        (fold(u.text), u) for u in a.c.find_units(_OPENING, doc) if u.kind in ("sentence", "item")
    ]
    best: tuple[list[Unit], str] | None = None
    for x, y in pairs:
        for phrase in (f"{x} {y}", f"{y} {x}"):
            units = [u for text, u in opening if text.startswith(phrase + " ")]
            if len({u.section for u in units}) >= 2 and (best is None or len(units) > len(best[0])):
                best = (units, phrase)
    if best is None:
        return None
    units, phrase = best
    said = set(phrase.split())
    rest = [
        w
        for w in a._topic_words(None)
        if not any(a._same(alt, s) for alt in w.split("|") for s in said | denied)
    ]
    if rest:
        return None  # "Vad lovar kommunen om belysning?": a topic beyond the statements
    units = units[:MAX_STATEMENTS]
    answer = render_extract(a.c, a.r, p.language, units, 1.0, "extractive_intro")
    return a.result(answer, "open")


_OPENING = re.compile(r"^\s*\w")
