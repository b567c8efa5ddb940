"""What a question's topic is made of (service/engine/understand.py, reading/names.py,
evidence.py): the asker's introduction, a particle verb split by its subject, the words that
only ask for a kind of fact, and an English question's Swedish names. Pure functions."""

from __future__ import annotations

import pytest

from service.engine.evidence import is_ask_word
from service.engine.reading import lexicon as lx
from service.engine.reading.names import introduction_words
from service.engine.understand import split_particle, understand

pytestmark = pytest.mark.unit


def test_a_dash_ends_the_askers_introduction() -> None:
    q = "Vi är en förvaltning som funderar på att söka anslaget – hur mycket kan en insats få?"
    assert introduction_words(q) == 10
    assert introduction_words(q.replace(" – ", " - ")) == 10


def test_a_dash_inside_a_question_is_no_introduction() -> None:
    assert introduction_words("Vad gäller för 3.3 – och vem ansvarar?") == 0
    assert introduction_words("Jag jobbar med barn- och ungdomsfrågor. Vad gäller?") == 6


def test_the_introductions_words_are_no_topic_whatever_is_asked() -> None:
    p = understand("Jag är kontaktperson mot polisen. Vilka dokument nämner trygghetsvandringar?")
    assert "kontaktperson" not in p.residual and "trygghetsvandringar" in p.residual
    # a question with no topic of its own keeps the introduction's words
    q = understand("Vi vill söka pengar för ett samverkansprojekt. Vilket dokument ska vi titta i?")
    assert "samverkansprojekt" in q.residual


def test_a_particle_verb_split_by_its_subject_is_still_the_verb() -> None:
    phrases = lx.FOLLOW_UP_PHRASES
    assert split_particle(["hur", "foljs", "handlingsplanen", "upp"], phrases)
    assert not split_particle(["hur", "foljs", "handlingsplanen"], phrases)
    assert not split_particle(["upp", "foljs", "planen"], phrases)
    p = understand("Hur följs handlingsplanen mot våld i nära relationer upp?")
    assert "uppfoljning" in p.residual


def test_words_that_ask_for_a_kind_of_fact_are_known_per_ask() -> None:
    assert is_ask_word("datum", {"time"})
    assert not is_ask_word("datum", {"money"})
    assert is_ask_word("finansieras", {"money"})  # a stem of the money list
    assert not is_ask_word("nara", {"time"})  # "nar" is a whole word, not a stem
    assert not is_ask_word("ansokningsdag", {"time", "money"})


def test_an_english_questions_swedish_words_are_kept_as_typed() -> None:
    p = understand("Which document describes Sociala insatsgrupper, and for which ages?")
    assert p.language == "en"
    assert {"sociala", "insatsgrupper"} <= set(p.untranslated)
    assert "which" not in p.untranslated
    assert understand("Vad gör sociala insatsgrupper?").untranslated == []
