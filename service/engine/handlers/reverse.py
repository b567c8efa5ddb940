"""Reverse lookups: the sections a body is responsible for (with and / or / not), a body
the program does not know, the head of a body, and the extremes (most or exactly N owners)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Program, Section

from ..models import Answer
from ..reading import lexicon as lx
from ..reading.asks import asks_alone, asks_which_body
from ..structured_base import holds
from ..structured_owners import owned_items
from . import passages, structure

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_reverse(a: Answering) -> Result:
    p, prog = a.p, a._program()
    if prog is None:
        return passages.k_open(a)
    positives = p.positive_bodies
    negatives = [k for k in p.body_keys if k in p.negated]
    any_of = p.any_of
    if not p.body_keys and "companies" in p.asks:
        # "Var har de kommunala bolagen huvudansvar?": any of the companies among the owners
        positives, any_of = _companies_owning(a, prog.sub_goals or prog.focus_areas), True
        if not positives:
            return passages.k_open(a)
    focuses = a._explicit_focuses()
    focus = focuses[0] if focuses else None
    alone = asks_alone(p.tokens) and len(positives) == 1
    among = _besides_earlier(a, prog.sub_goals)
    only_via = bool(set(p.tokens) & lx.ONLY_WORDS)
    ans = a.s.reverse(
        prog,
        positives,
        negatives,
        any_of,
        within=focuses if len(focuses) > 1 else focus,
        alone=alone,
        among=among,
        only_via=only_via,
    )
    if among is not None and ans.abstained and len(positives) == 1:
        # "Är PN med på något annat delmål?" and it is not: where it is, said so
        full = a.s.reverse(prog, positives, negatives, p.any_of, within=focus)
        if not full.abstained and full.sections:
            text = a.r.t(
                "reverse_only_these",
                body=a.r.body(positives[0]),
                items=a.s._items(a._sections(full.sections)),
            )
            ans = a.s._answer(text, full.citations, sections=full.sections)
    if "focus_plural" in p.asks and focus is None and not ans.abstained and ans.sections:
        # "Inom vilka fokusområden har GVN huvudansvar?": the focus areas of those sub-goals
        ans = structure.focus_areas_of(a, ans)
    return a.result(ans, "reverse", p.body_keys)


def _companies_owning(a: Answering, sections: list[Section]) -> list[str]:
    """The owners, and the companies they act through, that the glossary calls companies."""
    keys = [k for s in sections for o in s.owners for k in (o.abbreviation, *o.via)]
    return [
        k
        for k in dict.fromkeys(keys)
        if (body := a.c.glossary.get(k)) is not None and body.is_company
    ]


def _besides_earlier(a: Answering, subs: list[Section]) -> list[str] | None:
    """'Är den nämnden med i något annat delmål?': the sub-goals the conversation has not
    yet been about (None: every one)."""
    if not (a.users and set(a.p.tokens) & lx.OTHER_WORDS):
        return None
    earlier = {i for r in (a.ctx(), a.ctx2()) if r is not None for i in r.sections}
    rest = [s.id for s in subs if s.id not in earlier]
    return rest if earlier and rest else None


def k_body_head(a: Answering) -> Result:
    keys = a.p.positive_bodies or a.p.body_keys
    ans = a.s.abstain([a.r.t("abstain_body_head", body=a.r.body(keys[0]))])
    return a.result(ans, "body_head", keys[:1])


def k_reverse_unknown(a: Answering) -> Result:
    body = a.p.unknown_entity or ""
    ans = a.s.abstain([a.r.t("abstain_body", body=body)])
    return a.result(ans, "reverse")


_BODY_EXTREME = re.compile(
    r" (?:flest|farst|minst antal|minst) delmal| (?:most|fewest) (?:sub.?goals|items)"
)


def k_extreme(a: Answering, among: list[str] | None = None) -> Result:
    """Most / fewest / exactly N owners; or the body responsible for most (fewest) sub-goals."""
    prog = a._program()
    if prog is None:
        return passages.k_open(a)
    fewer = bool(set(a.p.tokens) & {"farre", "fewer"})  # "Vilket av 3.1 och 3.2 har färre …?"
    fewest = ("fewest" in a.p.asks or fewer) and "most" not in a.p.asks
    if among is None and len(a.p.sub_goals) >= 2 and a.p.rule == "more-owners-of-named":
        among = list(a.p.sub_goals)  # the named sub-goals compared
    named = list(dict.fromkeys(a.p.positive_bodies))
    if len(named) >= 2 and not a.p.sub_goals and a.p.exactly is None:
        # "Vem har huvudansvar i flest delmål, FGN eller TN?": the named bodies compared
        return a.result(_busiest_of(a, prog, named, fewest), "extreme", named)
    if (
        a.p.exactly is None
        and among is None
        # "Vilken nämnd …": the extreme is a body's, not a sub-goal's
        and (_BODY_EXTREME.search(a.p.folded) or asks_which_body(a.p.tokens, lx.ASKED_BODY_NOUNS))
    ):
        return a.result(a.s.busiest(prog, fewest=fewest), "extreme")
    if a.p.at_least is not None and a.p.exactly is None:
        return a.result(a.s.at_least(prog, a.p.at_least, among=among), "extreme")
    return a.result(a.s.extreme(prog, a.p.exactly, fewest=fewest, among=among), "extreme")


def _busiest_of(a: Answering, prog: Program, bodies: list[str], fewest: bool) -> Answer:
    """Of the named bodies, the one responsible for the most (fewest) sub-goals, with each
    one's count: what was compared is said, not only the winner."""
    owned = [s for s in owned_items(prog) if s.owners]
    held = {b: [s for s in owned if holds(s, b)] for b in bodies}
    n = (min if fewest else max)(len(v) for v in held.values())
    best = [b for b in bodies if len(held[b]) == n]
    r = a.r
    candidates = r.join([r.body(b) for b in bodies])
    if len(best) == len(bodies):
        lines = [r.t("busiest_of_tie", candidates=candidates, count=n)]
    else:
        key = "least_busy_of" if fewest else "busiest_of"
        winners = r.join([r.body(b) for b in best])
        lines = [r.t(key, candidates=candidates, bodies=winners, count=n)]
    for b in bodies:
        items = r.join([s.id for s in held[b]]) if held[b] else "–"
        lines.append(r.t("body_holds_count", body=r.body(b), count=len(held[b]), items=items))
    shown = [s for s in owned if any(s in held[b] for b in bodies)]
    cites = [a.c.owners_citation(s) for s in shown]
    return a.s._answer(" ".join(lines), cites, owners=best, sections=[s.id for s in shown])
