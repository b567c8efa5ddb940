"""Comparing the owner sets of two sections: "Skiljer det sig från 1.3?", "Är det samma gäng
för 3.3?", "Skiljer de sig åt?" after two questions about owners.

The two sections come from the question (two numbers), from the question and the conversation
(one number, the other the section the last answer was about), or from the conversation alone
(the sections of the last two answers, or the first two of the last answer). The answer says
whether the sets are equal and, when not, what both have and what only one has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.models import Owner, Section

if TYPE_CHECKING:
    from ..turn import Answering, Result

_OWNER_KINDS = {"owners", "owners_count", "companies", "membership", "common", "compare_owners"}


def _owning(a: Answering, sec: Section) -> list[Section]:
    """The sections whose responsibility lines give `sec`'s owners: itself, or for a focus area
    without its own line, its sub-goals."""
    if sec.owners or sec.kind != "focus_area" or a.c.program is None:
        return [sec]
    return [s for s in a.c.program.sub_goals if s.parent == sec.id]


def _owners_of(a: Answering, sec: Section) -> list[Owner]:
    """A sub-goal's owners; a focus area's, the union over its sub-goals."""
    seen: dict[str, Owner] = {}
    for s in _owning(a, sec):
        for o in s.owners:
            seen.setdefault(o.abbreviation, o)
    return list(seen.values())


def _first_owned(a: Answering, ids: list[str]) -> Section | None:
    for sec in a._sections(ids):
        if _owners_of(a, sec):
            return sec
    return None


def _pair(a: Answering) -> tuple[Section, Section] | None:
    p = a.p
    named = [s for s in a._sections(p.sub_goals + p.focus_areas) if _owners_of(a, s)]
    if len(named) >= 2:
        return named[0], named[1]
    prev = a.ctx()
    if named and prev is not None:
        other = _first_owned(a, [i for i in prev.sections if i != named[0].id])
        return (other, named[0]) if other is not None else None
    if prev is None:
        return None
    before = a.ctx2()
    if before is not None:
        first, second = _first_owned(a, before.sections), _first_owned(a, prev.sections)
        if first is not None and second is not None and first.id != second.id:
            return first, second
    owned = [s for s in a._sections(prev.sections) if _owners_of(a, s)]
    return (owned[0], owned[1]) if len(owned) >= 2 else None


def _about_owners(a: Answering) -> bool:
    """The question or its conversation is about who is responsible."""
    if {"responsibility", "lead", "who"} & a.p.asks or a.p.bodies:
        return True
    prev = a.ctx()
    return prev is not None and prev.kind in _OWNER_KINDS


def k_compare_owners(a: Answering) -> Result:
    if a.p.positive_bodies and a.p.rule_field is None:
        from . import compare_bodies  # "samma för fritidsnämnden?" after KN's sub-goals

        if compare_bodies.body_pair(a) is not None:
            return compare_bodies.k_compare_bodies(a)
    pair = _pair(a) if _about_owners(a) else None
    if pair is None and a.p.rule_field is None:
        from . import compare_bodies  # "Skiljer de sig åt?" after two bodies' sub-goals

        if compare_bodies.body_pair(a) is not None:
            a.p.rule_field = "differ"
            return compare_bodies.k_compare_bodies(a)
    if pair is None:
        # not a comparison of owner sets after all: the general reading answers it
        return a.read_as_usual("compare_owners")
    first, second = pair
    one, two = _owners_of(a, first), _owners_of(a, second)
    keys_one = [o.abbreviation for o in one]
    keys_two = [o.abbreviation for o in two]
    name_one, name_two = _name(a, first), _lower(_name(a, second))
    if a.p.rule_field == "only_first":
        # "Vilka huvudansvariga finns med i 3.2 men inte i 3.1?": the difference, one way
        only = [o for o in one if o.abbreviation not in keys_two]
        key = "compare_only_first" if only else "compare_only_first_none"
        text = a.r.t(key, first=name_one, second=name_two, owners=_list(a, only))
        cites = [a.c.owners_citation(t) for sec in (first, second) for t in _owning(a, sec)]
        keys = [o.abbreviation for o in only]
        answer = a.s._answer(text, cites, owners=keys, sections=[first.id, second.id])
        return a.result(answer, "compare_owners")
    if set(keys_one) == set(keys_two):
        text = a.r.t("compare_same", first=name_one, second=name_two, owners=_list(a, one))
    else:
        both = [o for o in one if o.abbreviation in keys_two]
        only_one = [o for o in one if o.abbreviation not in keys_two]
        only_two = [o for o in two if o.abbreviation not in keys_one]
        lines = [a.r.t("compare_differ", first=name_one, second=name_two)]
        lines.append(
            a.r.t("compare_both", owners=_list(a, both)) if both else a.r.t("compare_none_common")
        )
        if only_one:
            lines.append(a.r.t("compare_only", name=_lower(name_one), owners=_list(a, only_one)))
        if only_two:
            lines.append(a.r.t("compare_only", name=name_two, owners=_list(a, only_two)))
        text = " ".join(lines)
    cites = [a.c.owners_citation(t) for sec in (first, second) for t in _owning(a, sec)]
    union = list(dict.fromkeys(keys_one + keys_two))
    answer = a.s._answer(text, cites, owners=union, sections=[first.id, second.id])
    return a.result(answer, "compare_owners")


def _name(a: Answering, sec: Section) -> str:
    key = "name_focus_area" if sec.kind == "focus_area" else "name_sub_goal"
    return a.r.t(key, id=sec.id)


def _lower(name: str) -> str:
    """'Delmål 1.3' inside a sentence: 'delmål 1.3'."""
    return name[:1].lower() + name[1:]


def _list(a: Answering, owners: list[Owner]) -> str:
    return a.r.join([o.abbreviation for o in owners])
