"""Readings found in blind batch b22, over the real index of corpus/: an introduction that
opens with a past participle or with the asker's role and no verb; "Vilka är ansvariga …?"
after an introduction naming the asker's company; "bara X …, eller finns det fler?"; "är FN …
förenta nationerna?"; "vad handlar det delmålet om?" after a one-item list; an English
follow-up about the plan a sub-goal builds on; a share of the grant per committee; the content
of a listed document asked in the perfect tense. Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.models import Turn
from tests.engine.answer_parts import owners_of

pytestmark = pytest.mark.integration


def test_an_introduction_without_a_subject_is_no_topic(
    engine: AnswerEngine, program: Program
) -> None:
    holder = next(s for s in program.sub_goals if "mötesplatser" in s.title.lower())
    a = engine.answer(
        "Ordförande i en byaförening utanför stan. Vad utgår arbetet med mötesplatser ifrån?"
    )
    assert not a.abstained and holder.id in {c.section for c in a.citations}
    b = engine.answer(
        "Jobbat som fastighetsskötare på Bostaden i tjugo år och ser hemlösheten öka i "
        "trapphusen. Vilka är egentligen ansvariga för att motverka hemlöshet enligt programmet?"
    )
    target = next(s for s in program.sub_goals if "hemlöshet" in s.title.lower())
    assert b.owners is not None and set(b.owners) == owners_of(program, target.id)


def test_only_one_body_or_more_gets_every_owner(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if len(s.owners) == 1)
    only = sec.owners[0].abbreviation
    a = engine.answer(f"Är det bara {only} som har ansvar för {sec.id}, eller finns det fler?")
    assert a.owners is not None and set(a.owners) == owners_of(program, sec.id)


def test_is_an_abbreviation_a_name_is_a_glossary_question(engine: AnswerEngine) -> None:
    a = engine.answer("är FN i programet förenta nationerna??")
    assert "Fritidsnämnden" in a.text
    b = engine.answer("Är KS med i 3.2?")
    assert "3.2" in b.text and b.sections == ["3.2"]


def test_what_the_one_listed_sub_goal_is_about(engine: AnswerEngine, program: Program) -> None:
    one = [s for s in program.sub_goals if any(o.abbreviation == "PN" for o in s.owners)]
    assert len(one) == 1
    history = [Turn("user", "Vilka delmål har Personalnämnden ansvar för?")]
    a = engine.answer("vad handlar det delmålet om?", history)
    assert not a.abstained and {c.section for c in a.citations} == {one[0].id}
    assert a.owners is None


def test_the_plan_a_sub_goal_builds_on_asked_in_english(engine: AnswerEngine) -> None:
    history = [Turn("user", "Who is responsible for sub-goal 1.2?")]
    a = engine.answer("And which action plan is that work based on?", history)
    assert {c.section for c in a.citations} == {"1.2"}
    assert "handlingsplan" in a.text


def test_a_share_of_the_grant_per_committee_is_not_in_the_amounts(engine: AnswerEngine) -> None:
    a = engine.answer("Hur stor del av utvecklingsanslaget går till IFN?")
    assert a.abstained
    assert not engine.answer("Hur mycket är utvecklingsanslaget?").abstained


def test_a_listed_documents_promises_are_not_in_its_entry(engine: AnswerEngine) -> None:
    assert engine.answer("Vad har polisen lovat i medborgarlöftena?").abstained


def test_dem_som_is_no_reference_back_and_vilka_mer_asks_every_owner(
    engine: AnswerEngine, program: Program
) -> None:
    target = next(s for s in program.sub_goals if "arbetsmarknaden" in s.title)
    body = sorted(owners_of(program, target.id))[0]
    a = engine.answer(
        f"Har {body} ansvar för särskilt stöd till dem som står långt från arbetsmarknaden? "
        "Vilka mer?"
    )
    assert a.owners is not None and set(a.owners) == owners_of(program, target.id)


def test_a_focus_area_number_in_words(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vilka delmål har fokusområde tre?")
    assert set(a.sections) == {s.id for s in program.sub_goals_of("3")}


def test_a_yes_no_question_after_an_introduction_and_vilka_fler(
    engine: AnswerEngine, program: Program
) -> None:
    target = next(s for s in program.sub_goals if "livets alla skeden" in s.title)
    a = engine.answer(
        "Pensionerad elektriker, sitter i styrelsen för en pensionärsförening. Är Äldrenämnden "
        "med och ansvarar för delmålet om ekonomisk jämlikhet och välfärd för livets alla "
        "skeden? Vilka fler har ansvar där?"
    )
    assert a.owners is not None and set(a.owners) == owners_of(program, target.id)
    some = engine.answer("Är KS med i något delmål?")
    assert len(some.sections) > 1  # a reverse lookup, not one sub-goal
