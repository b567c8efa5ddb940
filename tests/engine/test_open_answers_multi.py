"""Open questions over the FICTIONAL multi-document fixture corpus that the documents answer
in plain words, and their unanswerable twins, which still abstain: the sum in a later passage
than the best topic match, the asker's introduction, a split particle verb, a document asked
about inside another, a responsibility label asked about, an English question's Swedish name."""

from __future__ import annotations

import pytest

from service.engine.answer import AnswerEngine
from service.engine.models import Answer
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def cited(a: Answer) -> set[tuple[str, str | None]]:
    return {(c.document, c.section) for c in a.citations}


def test_the_sum_asked_for_stands_in_a_later_passage(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vi är en förvaltning som funderar på att söka utvecklingsanslaget – "
        "hur mycket kan en insats få?"
    )
    assert not a.abstained and "400 000 kronor" in a.text
    assert ("kriterier-utvecklingsanslag", "ansokan-och-beslut") in cited(a)
    no = engine.answer("Hur mycket kostar kärnkraft enligt kriterierna för utvecklingsanslaget?")
    assert no.abstained


def test_the_word_that_asks_for_a_date_is_no_topic(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilket datum är sista ansökningsdag för kriterierna för utvecklingsanslaget?"
    )
    assert not a.abstained and "15 mars" in a.text


def test_a_follow_up_question_with_its_particle_at_the_end(engine: AnswerEngine) -> None:
    a = engine.answer("Hur följs handlingsplanen mot våld i nära relationer upp?")
    assert not a.abstained and cited(a) == {("handlingsplan-vald", "uppfoljning")}


def test_what_one_document_says_about_another(engine: AnswerEngine) -> None:
    a = engine.answer("Vad säger samverkansöverenskommelsen om medborgarlöftena?")
    assert not a.abstained and "medborgarlöften" in a.text
    assert {d for d, _ in cited(a)} == {"samverkansoverenskommelse-polisen"}
    no = engine.answer("Vad säger samverkansöverenskommelsen om kärnkraft?")
    assert no.abstained


def test_a_responsibility_label_asked_about(engine: AnswerEngine) -> None:
    a = engine.answer("Vad innebär samordningsansvar i bostadsförsörjningsprogrammet?")
    assert not a.abstained and "Samordningsansvaret innebär" in a.text
    assert engine.answer("Vad innebär samordningsansvar i jämställdhetsstrategin?").abstained


def test_an_english_question_names_a_method_in_swedish(engine: AnswerEngine) -> None:
    a = engine.answer("Which document describes Sociala insatsgrupper, and for which ages?")
    assert not a.abstained and "12–20" in a.text
    assert {d for d, _ in cited(a)} == {"samverkansoverenskommelse-polisen"}
    assert engine.answer("Which document describes Kärnkraftsgrupper?").abstained
