"""Readings found in blind batch b24, over the real index of corpus/: "Vem äger 2.2?"; a
question asked indirectly ("… undrar vem som har …. Vet du?"); two focus areas, or one named by
its quoted title, restricting a reverse lookup; a sentence adverb before a negation ("KS då
inte"); "efter själva fokusområdena"; a "när" inside the clause of another question word; "hur
stort … bli" and "hur många invånare" asking no sum; the partners of a sub-goal asked "Med
vilka aktörer …?". Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.models import Turn
from service.engine.understand import understand
from tests.engine.answer_parts import owners_of

pytestmark = pytest.mark.integration


def test_who_owns_a_named_sub_goal_is_who_leads_it(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vem äger 2.2?")
    assert not a.abstained and set(a.owners or []) == owners_of(program, "2.2")
    # owning without a named section is no question of responsibility
    assert engine.answer("Hur många lägenheter äger Bostaden?").abstained


def test_an_indirect_question_before_a_tag_question(engine: AnswerEngine, program: Program) -> None:
    holder = next(s for s in program.sub_goals if "hemlöshet" in s.title.lower())
    a = engine.answer(
        "Min kollega på socialtjänsten undrar vem som har huvudansvaret för delmålet om "
        "bostadsförsörjning och att motverka hemlöshet. Vet du?"
    )
    assert not a.abstained and set(a.owners or []) == owners_of(program, holder.id)


def test_two_focus_areas_or_a_quoted_title_restrict_a_reverse_lookup(
    engine: AnswerEngine, program: Program
) -> None:
    def held(body: str, focus: set[str]) -> set[str]:
        return {
            s.id
            for s in program.sub_goals
            if s.parent in focus and body in owners_of(program, s.id)
        }

    a = engine.answer("Vilka delmål inom fokusområde 4 och 5 har IFN huvudansvar för?")
    assert set(a.sections) == held("IFN", {"4", "5"}) and len(held("IFN", {"4", "5"})) > 1
    first = program.section("1")
    assert first is not None
    b = engine.answer(
        f'Vilka av delmålen under "{first.title}" har Tekniska nämnden huvudansvar för?'
    )
    assert set(b.sections) == held("TN", {"1"})


def test_an_adverb_between_the_body_and_its_negation(
    engine: AnswerEngine, program: Program
) -> None:
    a = engine.answer(
        "Vilka delmål är KS då inte med i?",
        [Turn("user", "Vilka delmål har kommunstyrelsen huvudansvar för?")],
    )
    assert set(a.sections) == {
        s.id for s in program.sub_goals if "KS" not in owners_of(program, s.id)
    }


def test_filler_words_inside_a_rule_phrase(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vilka avsnitt kommer i dokumentet efter själva fokusområdena?")
    after = [s for s in program.sections if s.kind == "other" and s.title == "Uppföljning"]
    assert after and after[0].title in a.text


@pytest.mark.unit
def test_a_when_inside_another_question_asks_no_time() -> None:
    q = "Vad ska ligga till grund när kommunen prioriterar arbetet med jämlikhet?"
    assert "time" not in understand(q).asks
    assert "time" in understand("Vad är sista ansökningsdag och när beslutas det?").asks


@pytest.mark.unit
def test_a_size_is_a_sum_only_of_a_grant() -> None:
    assert "money" in understand("Hur stort är utvecklingsanslaget för social hållbarhet?").asks
    assert "money" not in understand("Hur stor planberedskap ska vi ha enligt 1.1?").asks
    assert "money" not in understand("Hur stort ska Umeå bli – hur många invånare?").asks


def test_a_count_of_the_present_is_not_answered_by_a_goal(engine: AnswerEngine) -> None:
    grows = engine.answer("Det står något om hur stort Umeå ska bli – hur många invånare nämns?")
    assert not grows.abstained and "200 000" in grows.text
    assert engine.answer("Hur många invånare har Umeå i dag?").abstained
    assert engine.answer("Hur många är hemlösa i Umeå enligt programmet?").abstained


def test_partners_asked_with_the_preposition_first(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Med vilka aktörer ska kommunen samverka i arbetet med personer som står långt från "
        "arbetsmarknaden?"
    )
    assert not a.abstained and a.owners is None
    assert "samverkan med" in a.text
