"""Headings named by their words (the headings under one, the one before or after), several
focus areas in one question, a sub-goal referring to a document "too", and the grant row's
amounts counted and compared. On the real index of corpus/; expected values come from the
parsed program."""

from __future__ import annotations

import re

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from tests.engine.conversation import ask as _ask

pytestmark = pytest.mark.integration


def _tops(program: Program) -> list:  # type: ignore[type-arg]
    return [s for s in program.sections if s.parent is None]


def test_the_sub_headings_of_a_heading_named_by_its_words(
    engine: AnswerEngine, program: Program
) -> None:
    grouped = next(s for s in program.sections if s.kind == "other" and len(s.groups) >= 2)
    a = engine.answer(f"Vilka underrubriker har avsnittet {grouped.title}?")
    assert not a.abstained and a.operation == "children"
    for name in grouped.groups:
        assert name in a.text
    focus = program.focus_areas[0]
    a = engine.answer(f"Vilka underrubriker har fokusområde {focus.id}?")
    assert a.sections == [s.id for s in program.children(focus.id)]


def test_the_heading_before_and_after_an_unnumbered_one(
    engine: AnswerEngine, program: Program
) -> None:
    tops = _tops(program)
    i = next(i for i, s in enumerate(tops) if s.kind == "other" and 0 < i < len(tops) - 1)
    sec = tops[i]
    a = engine.answer(f"Vilket avsnitt kommer närmast före {sec.title}?")
    assert a.sections == [tops[i - 1].id]
    a = engine.answer(f"Vilket avsnitt kommer efter {sec.title}?")
    assert a.sections == [tops[i + 1].id]
    # no heading named: not a question about the order of headings
    a = engine.answer("Vad kommer att hända efter att anslaget har beviljats?")
    assert a.operation != "neighbour"


def test_several_focus_areas_in_one_question(engine: AnswerEngine, program: Program) -> None:
    one, two = program.focus_areas[0], program.focus_areas[1]
    a = engine.answer(f"Vad heter fokusområde {one.id} och {two.id}?")
    assert one.title in a.text and two.title in a.text
    a = engine.answer(f"Vilka delmål finns i fokusområde {one.id} och {two.id}?")
    kids = [s.id for f in (one, two) for s in program.children(f.id) if s.kind == "sub_goal"]
    assert a.sections == kids


def test_another_sub_goal_that_builds_on_a_document_too(
    engine: AnswerEngine, program: Program
) -> None:
    a = engine.answer("Vilka delmål bygger på handlingsplanen mot våld?")
    both = a.sections
    assert len(both) >= 2
    b = _ask(
        engine,
        f"Vad handlar {both[-1]} om?",
        "Vilket annat delmål bygger också på kommunens handlingsplan mot våld?",
    )
    assert b.sections == both[:-1]


def test_the_grant_rows_amounts_counted_and_compared(
    engine: AnswerEngine, program: Program
) -> None:
    grant = next(s for s in program.sections if "anslag" in s.title.lower())
    row = next(
        line
        for line in grant.body.splitlines()
        if len(re.findall(r"\d{1,3}(?: \d{3})+", line)) >= 2
    )
    amounts = re.findall(r"\d{1,3}(?: \d{3})+", row)
    a = engine.answer("Hur många kolumner med belopp har tabellen för utvecklingsanslaget?")
    assert not a.abstained and str(len(amounts)) in a.text and amounts[0] in a.text
    a = engine.answer("Ändras utvecklingsanslaget mellan kolumnerna i tabellen?")
    assert not a.abstained and ("detsamma" in a.text) == (len(set(amounts)) == 1)
    # the amount per column, and how often an amount stands in the row
    a = engine.answer("hur mycket ar anslaget for social hallbarhet per kolumn")
    assert not a.abstained and amounts[0] in a.text
    a = engine.answer(f"Hur många gånger står {amounts[0]} i tabellen över utvecklingsanslag?")
    assert not a.abstained and str(amounts.count(amounts[0])) in a.text
    # what the columns stand for, the program does not say
    a = engine.answer("Vad står kolumnerna för i tabellen för utvecklingsanslaget?")
    assert a.abstained


def test_what_a_named_focus_area_is_for_is_its_own_text(
    engine: AnswerEngine, program: Program
) -> None:
    for focus in program.focus_areas:
        a = engine.answer(f"Vad är målet med fokusområde {focus.id}?")
        assert not a.abstained
        assert {c.section for c in a.citations} == {focus.id}


def test_a_change_of_the_plan_is_read_as_its_revision(engine: AnswerEngine) -> None:
    from service.engine.understand import understand

    p = understand("Hur går det till om handlingsplanen behöver ändras?")
    assert "revidera" in p.residual and "gar" not in p.residual
    a = engine.answer("Hur går det till om handlingsplanen behöver ändras?")
    revising = [c for c in a.citations if "revider" in c.quote.lower()]
    assert revising and not a.abstained


def test_the_number_and_level_of_a_section_named_by_its_title(
    engine: AnswerEngine, program: Program
) -> None:
    for sec in program.sub_goals[:: max(1, len(program.sub_goals) // 4)]:
        a = engine.answer(f"Vilket nummer har '{sec.title}'?")
        assert a.sections == [sec.id] and sec.id in a.text
        # a number that lost its dot in a printout, and the level asked
        printed = sec.id.replace(".", "")
        a = engine.answer(
            f"I min utskrift står det '{printed} {sec.title}' – är det ett eget fokusområde "
            "eller ett delmål?"
        )
        assert a.sections == [sec.id] and f"fokusområde {sec.parent}".lower() in a.text.lower()


def test_related_entries_adopted_by_a_body_in_other_verb_forms(
    engine: AnswerEngine, program: Program
) -> None:
    holder = next(s for s in program.sections if s.groups)
    adopted = [i for items in holder.groups.values() for i in items if "antagen av" in i.lower()]
    if not adopted:
        pytest.skip("no related entry says it was adopted")
    a = engine.answer(
        "Vilka av de relaterade dokumenten står det att kommunfullmäktige har antagit?"
    )
    assert not a.abstained
    for entry in adopted:
        assert entry in a.text
