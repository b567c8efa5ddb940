"""Readings found in blind batches b28 and mb24 (and the dev cases they led to), over the real
index of corpus/: a body read in a section and then asked about ("PN i 3.2 – är det
Personalnämnden?"); the body that turns up most often; "share responsibility for both"; the
focus areas of the sub-goals listed just before; a question for a telephone number the program
does not give. Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.models import Turn
from tests.engine.answer_parts import owners_of

pytestmark = pytest.mark.integration


def test_a_body_read_in_a_section_then_asked_what_it_is(
    engine: AnswerEngine, program: Program
) -> None:
    sec = next(s for s in program.sub_goals if s.owners)
    body = sec.owners[-1].abbreviation
    r = engine.respond(f"{body} i {sec.id} – är det en nämnd?", ())
    assert r.kind == "glossary" and not r.answer.abstained
    assert body in r.answer.text
    # "är det samma delmål?" after a list is no question of what a body is
    r = engine.respond(
        f"Och {body} – är det samma delmål?", (f"Vilka delmål har {body} huvudansvar för?",)
    )
    assert r.kind != "glossary"


def test_the_body_that_turns_up_most_often(engine: AnswerEngine, program: Program) -> None:
    counts: dict[str, int] = {}
    for s in program.sub_goals:
        for o in s.owners:
            counts[o.abbreviation] = counts.get(o.abbreviation, 0) + 1
    top = max(counts.values())
    busiest = {k for k, v in counts.items() if v == top}
    a = engine.answer(
        "Om man räknar igenom alla delmål, vilken nämnd dyker oftast upp som huvudansvarig?"
    )
    assert not a.abstained and set(a.owners or []) <= busiest and a.owners
    # the sub-goal with most owners is still a sub-goal's extreme
    b = engine.answer("Vilket delmål har flest huvudansvariga?")
    assert not b.owners or set(b.owners) != busiest


def test_committees_that_share_two_sub_goals(engine: AnswerEngine, program: Program) -> None:
    a_id, b_id = program.sub_goals[0].id, program.sub_goals[-1].id
    both = owners_of(program, a_id) & owners_of(program, b_id)
    a = engine.answer(f"Which committees share responsibility for both {a_id} and {b_id}?")
    assert not a.abstained and set(a.owners or []) == both


def test_focus_areas_of_the_sub_goals_listed_before(engine: AnswerEngine, program: Program) -> None:
    owned: dict[str, list[str]] = {}
    for s in program.sub_goals:
        for o in s.owners:
            owned.setdefault(o.abbreviation, []).append(s.id)
    body, subs = min(owned.items(), key=lambda kv: (len(kv[1]) < 2, len(kv[1])))
    history = [Turn("user", f"Vilka delmål har {body} huvudansvar för?")]
    a = engine.answer("och vilka fokusområden hör de till?", history)
    parents = {sid.split(".")[0] for sid in subs}
    cited = {c.section for c in a.citations}
    assert not a.abstained and parents <= cited


def test_a_telephone_number_the_program_does_not_give(engine: AnswerEngine) -> None:
    a = engine.answer("Vilket telefonnummer har den som ansvarar för uppföljningen av programmet?")
    assert a.abstained


def test_the_municipal_companies_as_owners(engine: AnswerEngine, program: Program) -> None:
    companies = {
        k
        for s in program.sub_goals
        for o in s.owners
        for k in (o.abbreviation, *o.via)
        if (b := engine.corpus.glossary.get(k)) is not None and b.is_company
    }
    held = {s.id for s in program.sub_goals if any(o.abbreviation in companies for o in s.owners)}
    a = engine.answer("Var i programmet har de kommunala bolagen ett huvudansvar?")
    assert companies and not a.abstained and set(a.sections) == held


def test_the_nth_sub_goal_of_a_focus_area(engine: AnswerEngine, program: Program) -> None:
    focus = program.focus_areas[-2]
    first = program.sub_goals_of(focus.id)[0]
    a = engine.answer(f"Vem har ansvar för det första delmålet i fokusområde {focus.id}?")
    assert set(a.owners or []) == owners_of(program, first.id)
    history = [
        Turn("user", "Vilka fokusområden finns i programmet?"),
        Turn("assistant", "…"),
        Turn("user", f"Berätta om fokusområde {focus.id}"),
    ]
    b = engine.answer("vem har ansvar för det första delmålet där?", history)
    assert set(b.owners or []) == owners_of(program, first.id)


def test_all_three_owners_of_the_sub_goal_before(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if len(s.owners) == 3)
    keys = owners_of(program, sec.id)
    every = {s.id for s in program.sub_goals if keys <= {o.abbreviation for o in s.owners}}
    history = [Turn("user", f"Vem har huvudansvar för {sec.id}?")]
    a = engine.answer("I vilka delmål finns alla tre med som ansvariga?", history)
    assert set(a.sections) == every


def test_same_or_different_after_a_bodys_sub_goals(engine: AnswerEngine, program: Program) -> None:
    history = [Turn("user", "Vilka delmål har Fritidsnämnden huvudansvar för?")]
    a = engine.answer("har kulturnamden samma eller skiljer det sig?", history)
    kn = {s.id for s in program.sub_goals if "KN" in {o.abbreviation for o in s.owners}}
    assert set(a.sections) == kn


def test_same_set_of_owners_and_list_them(engine: AnswerEngine, program: Program) -> None:
    sets: dict[frozenset[str], list[str]] = {}
    for s in program.sub_goals:
        sets.setdefault(frozenset(o.abbreviation for o in s.owners), []).append(s.id)
    pair = next(ids for ids in sets.values() if len(ids) == 2)
    a = engine.answer(
        f"Vilket annat delmål har precis samma uppsättning huvudansvariga som {pair[0]}?"
    )
    assert pair[1] in a.sections
    most = max(program.sub_goals, key=lambda s: len(s.owners))
    b = engine.answer("Räkna upp dem.", [Turn("user", "Vilket delmål har flest huvudansvariga?")])
    assert set(b.owners or []) == owners_of(program, most.id)


def test_the_grant_split_between_committees_is_not_given(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Hur ska utvecklingsanslaget för social hållbarhet fördelas mellan nämnderna?"
    )
    assert a.abstained and "nämnd" in a.text
