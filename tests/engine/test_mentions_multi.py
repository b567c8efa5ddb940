"""Which documents say something ('Vilka dokument tar upp trygghetsvandringar?'): every document
whose text holds the topic answers with its sentence, and no document whose text only shares a
word's first part ('trygghetsarbete'). Over the FICTIONAL multi-document fixture corpus; the
expected documents are found in the parsed texts by the test."""

from __future__ import annotations

import re

import pytest

from ingest.text import fold
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def _holding(engine: AnswerEngine, pattern: str) -> set[str]:
    rx = re.compile(pattern)
    return {c.document for c in engine.snapshot.chunks if rx.search(_flat(c.text))}


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


@pytest.mark.parametrize(
    ("question", "pattern"),
    [
        ("Vilka dokument tar upp trygghetsvandringar?", r"\btrygghetsvandring"),
        ("Var nämns busstationen Vasaplan?", r"\bvasaplan\b"),
        ("Vilka dokument nämner Rådet för funktionshinderfrågor?", r"radet for funktionshinder"),
    ],
)
def test_every_document_that_holds_the_topic_answers(
    engine: AnswerEngine, question: str, pattern: str
) -> None:
    expected = _holding(engine, pattern)
    assert expected
    a = engine.answer(question)
    assert a.operation == "mentions" and not a.abstained
    assert {c.document for c in a.citations} == expected
    for c in a.citations:
        assert re.search(pattern, _flat(c.quote))


def test_a_topic_no_document_holds_is_not_answered_as_mentioned(engine: AnswerEngine) -> None:
    a = engine.answer("Vilka dokument tar upp kärnkraft?")
    assert a.abstained


def test_a_name_is_held_as_one_phrase(engine: AnswerEngine) -> None:
    expected = _holding(engine, r"\bbostad forst\b")
    a = engine.answer("Vilket styrdokument tar upp Bostad först?")
    assert {c.document for c in a.citations} == expected


def test_a_framing_verb_is_no_part_of_the_topic_and_no_short_word_matches_a_longer(
    engine: AnswerEngine,
) -> None:
    # "kräver" frames the question; the rare word is what the documents must hold
    expected = _holding(engine, r"barnkonsekvensanalys")
    a = engine.answer("Vilka dokument kräver en barnkonsekvensanalys?")
    assert {c.document for c in a.citations} == expected
    # "heltid" is held by "heltid", not by "helt"
    expected = _holding(engine, r"\bheltid")
    a = engine.answer("Var står det att kommunen ska ha heltid som norm?")
    assert {c.document for c in a.citations} == expected
