"""Readings found in blind batches mb23/mb24 and the dev cases before them, over the FICTIONAL
multi-document fixture corpus: a level named with a Latin plural ("kriterier" of "Kriterium");
the level word that starts a document's title names the document; "Vilka kriterier måste vara
uppfyllda?" asks which, not for the list; every word of the question naming its one document
("Hur mycket kan man få från utvecklingsanslaget?"); "sånt" standing for the statement before
the question; the heading that holds the asker's own word. Expected values come from the
fixture sources and the parsed documents."""

from __future__ import annotations

import pytest

from service.engine.answer import AnswerEngine
from service.engine.models import Turn
from service.engine.reading.levels import normalise_levels
from service.engine.understand import understand
from styrdok.engine import build_engine
from styrdok.settings import Settings
from tests.engine.answer_parts import quotes
from tests.engine.multidoc_text import fixture_sentence

pytestmark = pytest.mark.integration

GRANT = "kriterier-utvecklingsanslag"


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


@pytest.mark.unit
def test_latin_plural_of_a_level_and_a_title_that_starts_with_it() -> None:
    assert normalise_levels("Hur många kriterier finns det?", ["Kriterium"]) == (
        "Hur många fokusomraden finns det?"
    )
    assert "fokusomradena" in normalise_levels("Vilka av kriterierna gäller?", ["Kriterium"])
    titles = ["Kriterier utvecklingsanslag social hållbarhet"]
    asked = "Vilket datum är sista ansökningsdag för kriterierna för utvecklingsanslaget?"
    assert normalise_levels(asked, ["Kriterium"], titles) == asked


def test_how_many_criteria(engine: AnswerEngine) -> None:
    prog = engine.corpus.by_document[GRANT]
    a = engine.answer("Hur många kriterier finns det för utvecklingsanslaget?")
    assert not a.abstained and str(len(prog.focus_areas)) in a.text
    assert {c.section for c in a.citations} == {s.id for s in prog.focus_areas}


def test_which_criteria_must_be_met(engine: AnswerEngine) -> None:
    rule = fixture_sentence("kriterier-utvecklingsanslag.txt", "måste vara uppfyllda")
    a = engine.answer(
        "Vilka kriterier måste vara uppfyllda för att en ansökan om utvecklingsanslag ska "
        "kunna beviljas?"
    )
    assert not a.abstained and rule[:40] in quotes(a)
    # the list when nothing is said of them
    listed = engine.answer("Vilka kriterier bedöms ansökningar om utvecklingsanslaget efter?")
    prog = engine.corpus.by_document[GRANT]
    assert {s.id for s in prog.focus_areas} <= {c.section for c in listed.citations}


def test_every_word_names_the_one_document(engine: AnswerEngine) -> None:
    most = fixture_sentence("kriterier-utvecklingsanslag.txt", "kronor per år")
    a = engine.answer("Hur mycket kan man få från utvecklingsanslaget?", scope=[GRANT])
    assert not a.abstained and most[:40] in quotes(a)


def test_sant_stands_for_the_statement_before(engine: AnswerEngine) -> None:
    skates = fixture_sentence("handlingsplan-barnfattigdom.txt", "skridskor")
    a = engine.answer(
        "Min dotters skola vill att vi köper skridskor till idrotten. Vad säger "
        "barnfattigdomsplanen om sånt?"
    )
    assert not a.abstained and skates[:40] in quotes(a)


def test_the_heading_with_the_askers_word(engine: AnswerEngine) -> None:
    who = fixture_sentence("kriterier-utvecklingsanslag.txt", "kan söka anslaget")
    a = engine.answer(
        "Kan en idrottsförening själv söka utvecklingsanslaget för social hållbarhet?"
    )
    assert not a.abstained and who[:40] in quotes(a)


def test_no_phone_number_is_no_answer(engine: AnswerEngine) -> None:
    a = engine.answer(
        "What is the phone number or email address of the municipal safety coordinator "
        "mentioned in the citizen promises?"
    )
    assert a.abstained


def test_what_a_body_does_in_a_named_document(engine: AnswerEngine) -> None:
    prog = engine.corpus.by_document["handlingsplan-barnfattigdom"]
    held = {s.id for s in prog.sub_goals if "FN" in {o.abbreviation for o in s.owners}}
    a = engine.answer("Vad ska Fritidsnämnden göra enligt handlingsplanen mot barnfattigdom?")
    assert held and {c.section for c in a.citations} == held
    assert {c.document for c in a.citations} == {"handlingsplan-barnfattigdom"}


@pytest.mark.unit
def test_applying_for_money_asks_no_sum() -> None:
    asked = understand("Kan en idrottsförening söka pengar själv ur utvecklingsanslaget?").asks
    assert "money" not in asked
    assert "money" in understand("Hur mycket pengar kan man få ur utvecklingsanslaget?").asks
    assert "money" in understand("Vad är timlönen för feriearbetet?").asks


def test_alone_or_together_is_every_item_of_the_body(engine: AnswerEngine) -> None:
    prog = engine.corpus.by_document["handlingsplan-barnfattigdom"]
    held = {s.id for s in prog.sub_goals if "IFN" in {o.abbreviation for o in s.owners}}
    alone = {s.id for s in prog.sub_goals if {o.abbreviation for o in s.owners} == {"IFN"}}
    a = engine.answer(
        "Vilka åtgärder i handlingsplanen mot barnfattigdom står IFN som ansvarig för, "
        "ensam eller ihop med någon annan?"
    )
    assert held != alone and {c.section for c in a.citations} == held


def test_opening_hours_need_a_clock_time(engine: AnswerEngine) -> None:
    history = [Turn("user", "Vad lovar polisen i medborgarlöftena om Ålidhem?")]
    assert engine.answer("vilka tider har den mottagningen öppet då?", history).abstained
