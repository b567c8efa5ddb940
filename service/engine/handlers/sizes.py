"""Top-level sections by their number of items: "Vilka fokusområden har tre delmål var?",
"Vilket fokusområde har bara två delmål?". The count comes from the question (a digit or a
number word); the answer names those with exactly that many and what the others have."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reading import lexicon as lx

if TYPE_CHECKING:
    from ..turn import Answering, Result


def _count(a: Answering) -> int | None:
    for t in a.p.tokens:
        if t.isdigit() and len(t) <= 2:
            return int(t)
        if t in lx.NUMBER_WORDS:
            return int(lx.NUMBER_WORDS[t])
    return a.p.exactly


def k_sized(a: Answering) -> Result:
    prog = a.c.program
    n = _count(a)
    if prog is None or n is None or not prog.focus_areas:
        return a.read_as_usual("sized")
    kids = {f.id: prog.sub_goals_of(f.id) for f in prog.focus_areas}
    hits = [f for f in prog.focus_areas if len(kids[f.id]) == n]
    others = [f for f in prog.focus_areas if f not in hits]
    name = a.r.name
    if hits:
        key = "sized_one" if len(hits) == 1 else "sized"
        text = a.r.t(key, count=n, items=a.r.join([a.r.label(f) for f in hits]))  # with titles
    else:
        text = a.r.t("sized_none", count=n)
    if others:
        rest = [a.r.t("count_item", name=name(f), count=len(kids[f.id])) for f in others]
        text += " " + a.r.t("sized_others", items=a.r.join(rest))
    cites = [a.c.heading_citation(f) for f in prog.focus_areas]
    return a.result(a.s._answer(text, cites, sections=[f.id for f in hits]), "count_compare")
