"""Questions about the previous answer's items: "Vilka av dem har även KN?", "Vilket av dem har
flest ansvariga?", "Vilka av dem ligger i fokusområde 3?", "Vilka av dem är inte med i 1.2?".

The previous answer (answered again from the conversation) gave sections or the owners of one
section; the question filters those items by a body, a focus area, an extreme, or another
section's owners. A question that does not filter falls back to its own kind's handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.models import Section

from ..models import Answer
from ..operations import Kind
from ..reading import lexicon as lx
from ..reading.asks import asks_alone
from ..structured_base import holds
from ..topics import COUNT_WORDS
from . import lists, reverse, structure

if TYPE_CHECKING:
    from ..turn import Answering, Result

_OWNER_KINDS = {"owners", "owners_count", "companies", "membership"}


def k_among(a: Answering) -> Result:
    from ..registry import HANDLERS

    result = _filtered(a)
    if result is not None:
        return result
    return HANDLERS[Kind(a.p.kind)](a)


def _filtered(a: Answering) -> Result | None:
    p, prev, prog = a.p, a.ctx(), a._program()
    if prev is None or prog is None or prev.answer.abstained or p.ordinal is not None:
        return None
    secs = [s for s in a._sections(prev.sections) if s.kind == "sub_goal"]
    if len(secs) == 1 and prev.kind in _OWNER_KINDS and p.bodies and not p.sub_goals:
        before = a.ctx2()
        earlier = (
            [s for s in a._sections(before.sections) if s.kind == "sub_goal"] if before else []
        )
        if before is not None and before.kind in _OWNER_KINDS:
            # "Vilket av dem har FGN med?" after the owners of 1.1 and then of 1.2: both
            secs = [s for s in earlier if s not in secs] + secs
        elif len(earlier) >= 2 and secs[0] in earlier and set(p.tokens) & lx.PLURAL_ASKS:
            # "i vilka av dem är TN med?" after a list and a question about one of its items:
            # the items of the list
            secs = earlier
    if not secs:
        fas = [s for s in a._sections(prev.sections) if s.kind == "focus_area"]
        if fas and {"most", "fewest"} & p.asks:
            # "Vilket av dem har minst antal delmål?" after the focus areas
            return structure.k_focus_extreme(a)
        return None
    if prev.kind in _OWNER_KINDS and len(secs) == 1:
        return _owners_against(a, secs[0])
    ids = [s.id for s in secs]
    intro = a.r.t("among_intro", items=a.r.join(ids))
    if p.bodies:
        negatives = [k for k in p.body_keys if k in p.negated]
        alone = asks_alone(p.tokens) and len(p.positive_bodies) == 1
        only_via = bool(set(p.tokens) & lx.ONLY_WORDS)
        ans = a.s.reverse(
            prog, p.positive_bodies, negatives, p.any_of, among=ids, alone=alone, only_via=only_via
        )
        return _prefixed(a, ans, intro, "reverse", p.body_keys)
    if {"most", "fewest"} & p.asks or p.exactly is not None:
        return _prefixed(a, reverse.k_extreme(a, among=ids).answer, intro, "extreme", [])
    focus = a._explicit_focus()
    if focus is not None:
        hits = [s for s in secs if s.parent == focus.id]
        label = a.r.label(focus)
        if hits and {"responsibility", "lead"} & p.asks and not p.bodies:
            # "Vilka är huvudansvariga för det av dem som ligger i fokusområde 5?": its owners
            ans = a.s.owners(hits)
            return _prefixed(a, ans, a.r.t("among_in_focus_intro", focus=label), "owners", [])
        if hits:
            text = a.r.t("among_in_focus", count=len(hits), focus=label, items=a.s._items(hits))
        else:
            text = a.r.t("among_in_focus_none", focus=label)
        cites = [a.c.heading_citation(s) for s in hits] or [a.c.heading_citation(focus)]
        return a.result(a.s._answer(text, cites, sections=[s.id for s in hits]), "list_subgoals")
    words = a._topic_words(None, extra_generic=COUNT_WORDS)
    if words and not {"responsibility", "lead"} & p.asks:
        # "Vilket av dem handlar om våld?": those of them whose title holds the topic
        hits = lists.titled_among(a, words, secs)
        if hits:
            text = a.r.t("sub_goals_on", items=a.s._items(hits))
            cites = [a.c.heading_citation(s) for s in hits]
            ans = a.s._answer(text, cites, sections=[s.id for s in hits])
            return _prefixed(a, ans, intro, "list_subgoals", [])
    return None


def _owners_against(a: Answering, prev_sec: Section) -> Result | None:
    """The previous owners (of one section) that are, or are not, owners of the named one."""
    p = a.p
    others = [s for s in a._sections(p.sub_goals) if s.kind == "sub_goal" and s is not prev_sec]
    if not others:
        return None
    other = others[0]
    keys = [o.abbreviation for o in prev_sec.owners]
    negate = bool(set(p.tokens) & lx.NEGATION_WORDS)
    kept = [k for k in keys if holds(other, k) != negate]
    bodies = a.r.join([a.r.body(k) for k in keys])
    name = a.s._name(other)
    key = "owners_among_not" if negate else "owners_among_also"
    if kept:
        text = a.r.t(key, bodies=bodies, kept=a.r.join([a.r.body(k) for k in kept]), name=name)
    else:
        text = a.r.t(f"{key}_none", bodies=bodies, name=name)
    cites = [a.c.owners_citation(prev_sec), a.c.owners_citation(other)]
    ans = a.s._answer(text, cites, owners=kept, sections=[prev_sec.id, other.id])
    return a.result(ans, "owners", kept)


def _prefixed(a: Answering, ans: Answer, intro: str, kind: str, bodies: list[str]) -> Result:
    if not ans.abstained:
        ans.text = f"{intro} {ans.text}"
    return a.result(ans, kind, bodies)
