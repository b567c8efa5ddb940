"""Comparing the sub-goals of two bodies: "Vilka delmål har FN och KN gemensamt?", "Har dom nåt
gemensamt med FGN:s delmål?" after GVN's sub-goals, "Finns det något delmål där den ena är med
men inte den andra?" after FN's and then KN's.

The two bodies come from the question (two names), from the question and the conversation (one
name, the other the body the last answer was about), or from the last two answers. The rule's
field says what is asked: `common` the sub-goals both have, `differ` those only one has; without
a field, both. A question that names no two bodies is a comparison of two sections' owners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..structured_base import holds
from . import compare

if TYPE_CHECKING:
    from ..turn import Answering, Result
    from ..turn import Result as _R

_BODY_KINDS = {"reverse", "glossary", "membership", "body_head", "compare_bodies"}


def _one_body(res: _R | None) -> str | None:
    if res is None or res.kind not in _BODY_KINDS or len(set(res.bodies)) != 1:
        return None
    return res.bodies[0]


def body_pair(a: Answering) -> tuple[str, str] | None:
    named = a.p.positive_bodies
    if len(named) >= 2:
        return named[0], named[1]
    prev = _one_body(a.ctx()) if a.users else None
    if len(named) == 1:
        return (prev, named[0]) if prev is not None and prev != named[0] else None
    before = _one_body(a.ctx2()) if a.users else None
    if prev is not None and before is not None and prev != before:
        return before, prev
    return None


def k_compare_bodies(a: Answering) -> Result:
    pair = body_pair(a)
    prog = a._program()
    if pair is None or prog is None:
        # no two bodies to compare: two sections' owners, or the general reading
        return compare.k_compare_owners(a)
    first, second = pair
    subs = [s for s in prog.sub_goals if s.owners]
    one = [s for s in subs if holds(s, first)]
    two = [s for s in subs if holds(s, second)]
    both = [s for s in one if s in two]
    only_one = [s for s in one if s not in two]
    only_two = [s for s in two if s not in one]
    r, field = a.r, a.p.rule_field
    b1, b2 = r.body(first), r.body(second)
    yes_no = "yes_no" in a.p.asks
    lines: list[str] = []
    if field == "common":
        shown = both
        if both:
            lines.append(r.t("bodies_common", first=b1, second=b2, items=a.s._items(both)))
        else:
            lines.append(r.t("bodies_common_none", first=b1, second=b2))
        if yes_no:
            lines.insert(0, r.t("yes" if both else "no"))
    elif not only_one and not only_two:
        shown = both
        lines.append(r.t("bodies_same", first=b1, second=b2, items=a.s._items(both)))
        if yes_no and field == "differ":
            lines.insert(0, r.t("no"))
        elif field is None and set(a.p.tokens) & {"samma", "same", "likadant", "lika"}:
            lines.insert(0, r.t("yes"))  # "samma för fritidsnämnden?": yes
    else:
        shown = only_one + only_two if field == "differ" else one + only_two
        if yes_no and field == "differ":
            lines.append(r.t("yes"))
        if field != "differ" and both:
            lines.append(r.t("bodies_common", first=b1, second=b2, items=a.s._items(both)))
        for body, items in ((b1, only_one), (b2, only_two)):
            if items:
                lines.append(r.t("bodies_only", body=body, items=a.s._items(items)))
    # the citations back what the answer names: the sections shown (all of both when none is)
    either = [s for s in subs if s in one or s in two]
    cites = [a.c.owners_citation(s) for s in (shown or either)]
    answer = a.s._answer(" ".join(lines), cites, sections=[s.id for s in shown])
    return a.result(answer, "compare_bodies", [first, second])
