"""Set operations read against the conversation and over named sections: the sub-goals two bodies
share or only one has, the owners common to several sections, the owners besides the body asked
about, a body or an ordinal carried over from the answers before, and filters of an earlier
list by a body alone or a title word. On the real index of corpus/; expected values come from
the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program, Section
from service.engine.answer import AnswerEngine
from tests.engine.conversation import ask as _ask

pytestmark = pytest.mark.integration


def _keys(s: Section) -> set[str]:
    return {o.abbreviation for o in s.owners}


def _of(program: Program, body: str) -> list[str]:
    return [s.id for s in program.sub_goals if body in _keys(s)]


def _bodies(program: Program) -> list[str]:
    return sorted({k for s in program.sub_goals for k in _keys(s)})


def test_two_bodies_sub_goals_in_common_and_apart(engine: AnswerEngine, program: Program) -> None:
    bodies = _bodies(program)
    x, y = next(
        (x, y)
        for x in bodies
        for y in bodies
        if x < y
        and set(_of(program, x)) & set(_of(program, y)) != set(_of(program, x))
        and set(_of(program, x)) & set(_of(program, y))
    )
    both = [i for i in _of(program, x) if i in _of(program, y)]
    a = engine.answer(f"Vilka delmål har {x} och {y} gemensamt?")
    assert a.operation == "compare_bodies" and a.sections == both
    # the same asked over the conversation: the body of the last answer and the one named
    a = _ask(engine, f"Vilka delmål har {x} huvudansvar för?", f"Har de något gemensamt med {y}?")
    assert a.sections == both and a.text.startswith("Ja")
    # the differences, from the last two answers
    a = _ask(
        engine,
        f"Vilka delmål har {x} huvudansvar för?",
        f"Och {y}?",
        "Finns det något delmål där den ena är med men inte den andra?",
    )
    apart = set(_of(program, x)) ^ set(_of(program, y))
    assert set(a.sections) == apart and a.text.startswith("Ja")


def test_two_bodies_with_the_same_sub_goals_are_said_to_be_the_same(
    engine: AnswerEngine, program: Program
) -> None:
    bodies = _bodies(program)
    pair = next(
        ((x, y) for x in bodies for y in bodies if x < y and _of(program, x) == _of(program, y)),
        None,
    )
    if pair is None:
        pytest.skip("no two bodies with the same sub-goals in this program")
    x, y = pair
    a = _ask(
        engine,
        f"Vilka delmål har {x} huvudansvar för?",
        f"Och {y}?",
        "Finns det något delmål där den ena är med men inte den andra?",
    )
    assert a.text.startswith("Nej") and a.sections == _of(program, x)


def test_owners_common_to_named_sections_and_to_a_focus_area(
    engine: AnswerEngine, program: Program
) -> None:
    subs = [s for s in program.sub_goals if s.owners]
    x, y = next((x, y) for x in subs for y in subs if x is not y and _keys(x) & _keys(y))
    a = engine.answer(f"Vilka nämnder är huvudansvariga för både {x.id} och {y.id}?")
    assert set(a.owners or []) == _keys(x) & _keys(y)
    focus = next(f for f in program.focus_areas if len(program.children(f.id)) >= 2)
    kids = [s for s in program.children(focus.id) if s.kind == "sub_goal"]
    shared = set.intersection(*(_keys(s) for s in kids))
    a = engine.answer(
        f"Vilka organ är huvudansvariga i samtliga delmål inom fokusområde {focus.id}?"
    )
    assert set(a.owners or []) == shared
    # "räknas ihop" asks for all of them together, not those in every one
    a = engine.answer(
        f"Vilka organ står som huvudansvariga i fokusområde {focus.id} om alla delmålen räknas ihop?"
    )
    assert set(a.owners or []) == set().union(*(_keys(s) for s in kids))


def test_owners_of_one_section_not_in_another_in_other_words(
    engine: AnswerEngine, program: Program
) -> None:
    subs = [s for s in program.sub_goals if s.owners]
    x, y = next((x, y) for x in subs for y in subs if _keys(x) - _keys(y))
    a = engine.answer(
        f"Vilka av de huvudansvariga i {x.id} finns inte med som huvudansvariga i {y.id}?"
    )
    assert set(a.owners or []) == _keys(x) - _keys(y)


def test_owners_besides_the_body_asked_about(engine: AnswerEngine, program: Program) -> None:
    body = next(b for b in _bodies(program) if len(_of(program, b)) == 1)
    sec = program.section(_of(program, body)[0])
    assert sec is not None
    a = _ask(engine, f"Vilka delmål har {body} ansvar för?", "Vilka andra delar det ansvaret?")
    assert set(a.owners or []) == _keys(sec) - {body}


def test_owners_of_the_section_talked_about(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if s.owners)
    a = _ask(engine, f"What is sub-goal {sec.id} about?", "And who is responsible?")
    assert set(a.owners or []) == _keys(sec)


def test_a_body_carried_over_from_the_glossary_answer(
    engine: AnswerEngine, program: Program
) -> None:
    body = next(b for b in _bodies(program) if len(_of(program, b)) >= 2)
    a = _ask(engine, f"Vad betyder {body}?", "Vilka delmål har de ansvar för?")
    assert a.sections == _of(program, body)
    # "något annat": besides the sub-goal the conversation began with
    first = _of(program, body)[0]
    a = _ask(
        engine,
        f"Vilka är huvudansvariga för {first}?",
        f"Vad står {body} för?",
        "Är den nämnden med i något annat delmål?",
    )
    assert a.sections == _of(program, body)[1:]


def test_the_other_item_of_a_two_item_list(engine: AnswerEngine, program: Program) -> None:
    focus = next(
        f
        for f in program.focus_areas
        if len([s for s in program.children(f.id) if s.kind == "sub_goal"]) == 2
    )
    one, two = [s for s in program.children(focus.id) if s.kind == "sub_goal"]
    a = _ask(
        engine,
        f"Vilka delmål finns i fokusområde {focus.id}?",
        f"Vem ansvarar för {two.id}?",
        "och för det andra delmålet?",
    )
    assert a.sections == [one.id] and set(a.owners or []) == _keys(one)


def test_filters_of_an_earlier_list(engine: AnswerEngine, program: Program) -> None:
    body = next(
        b
        for b in _bodies(program)
        if any(_keys(program.section(i)) == {b} for i in _of(program, b))  # type: ignore[union-attr]
        and len(_of(program, b)) >= 2
    )
    alone = [i for i in _of(program, body) if _keys(program.section(i)) == {body}]  # type: ignore[union-attr]
    a = _ask(
        engine, f"Vilka delmål har {body} huvudansvar för?", f"Vilket av dem har {body} ensamt?"
    )
    assert a.sections == alone
    # two single-section answers: "vilket av dem" is over both
    subs = [s for s in program.sub_goals if s.owners]
    x, y, b = next(
        (x, y, b) for x in subs for y in subs for b in _keys(x) if x is not y and b not in _keys(y)
    )
    a = _ask(
        engine,
        f"Vem har huvudansvar för {x.id}?",
        f"Och för {y.id}?",
        f"Vilket av dem har {b} med?",
    )
    assert a.sections == [x.id]


def test_a_count_and_list_of_the_focus_area_talked_about(
    engine: AnswerEngine, program: Program
) -> None:
    focus = program.focus_areas[-1]
    kids = [s.id for s in program.children(focus.id) if s.kind == "sub_goal"]
    a = _ask(
        engine, f"Vad handlar fokusområde {focus.id} om?", "hur många delmål har det och vilka?"
    )
    assert a.sections == kids
    # a misspelled section word still names the focus area
    a = engine.answer(f"hur många delmål har fokusomårde {focus.id} och vilka nummer har de")
    assert a.sections == kids and not a.abstained


def test_a_company_alone_and_without_another(engine: AnswerEngine, program: Program) -> None:
    # "genom Bostaden, utan Ultra": the negation after a company negates what follows it
    owned = [(s, o) for s in program.sub_goals for o in s.owners if len(o.via) >= 1]
    companies = sorted({v for _, o in owned for v in o.via})
    if len(companies) < 2:
        pytest.skip("the program names fewer than two companies")
    parent = owned[0][1].abbreviation
    one, other = companies[0], companies[1]
    only = [s.id for s, o in owned if set(o.via) == {one}]
    a = engine.answer(f"Vilka delmål har {parent} ansvar för enbart genom {one}, utan {other}?")
    assert a.sections == only
    a = _ask(
        engine,
        f"Vilka delmål har {parent} huvudansvar i?",
        f"I vilka av dem är det bara genom {one}?",
    )
    assert a.sections == only


def test_a_body_carried_by_then_and_by_a_negation(engine: AnswerEngine, program: Program) -> None:
    body = next(b for b in _bodies(program) if 2 <= len(_of(program, b)) < 10)
    a = _ask(engine, f"Är {body} med i programmet?", "I vilka delmål då?")
    assert a.sections == _of(program, body)
    a = _ask(engine, f"Vilka delmål har {body} huvudansvar för?", "och vilka har de inte?")
    assert a.sections == [s.id for s in program.sub_goals if s.owners and body not in _keys(s)]


def test_which_of_them_after_a_list_and_one_of_its_items(
    engine: AnswerEngine, program: Program
) -> None:
    body = next(b for b in _bodies(program) if len(_of(program, b)) >= 3)
    listed = _of(program, body)
    first = program.section(listed[0])
    assert first is not None
    other = next(k for k in _keys(first) if k != body)
    a = _ask(
        engine,
        f"Vilka delmål ansvarar {body} för?",
        f"Vem mer har ansvar för {first.id}?",
        f"i vilka av dem är {other} med?",
    )
    assert a.sections == [i for i in listed if other in _keys(program.section(i))]  # type: ignore[arg-type]


def test_the_companies_of_the_section_talked_about(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if any(o.via for o in s.owners))
    parent = next(o for o in sec.owners if o.via)
    a = _ask(
        engine,
        f"Vad handlar {sec.id} om?",
        "Vem ansvarar för det?",
        f"och genom vilka bolag deltar {parent.abbreviation}?",
    )
    assert a.sections == [sec.id]
    for company in parent.via:
        assert company in a.text
