"""A question for what a term means ("Vad menas med …?", "Hur definierar … X?") is answered by
the sentence that defines the term, in a glossary entry ("X – …") or in prose ("Med X avses …",
"X innebär att …"), read from the FICTIONAL fixture documents; a word of the document's title is
still the term when the question asks for its definition."""

from __future__ import annotations

import pytest

from service.engine.answer import AnswerEngine
from service.engine.evidence import defines
from service.engine.understand import understand
from styrdok.engine import build_engine
from styrdok.settings import Settings
from tests.engine.multidoc_text import fixture_sentence


@pytest.mark.unit
def test_a_sentence_defines_its_subject_in_three_forms() -> None:
    assert defines("Trångboddhet – enligt norm 2 är ett hushåll trångbott om …", ["trangboddhet"])
    assert defines("Med barnfattigdom avses att ett barn …", ["barnfattigdom"])
    assert defines("Bostad först innebär att en person …", ["bostad", "forst"])
    # the term in the sentence, but no definition of it
    assert not defines("Trångboddheten har ökat i flera stadsdelar.", ["trangboddhet"])
    assert not defines("Det innebär att barnfattigdomen minskar.", ["barnfattigdom"])


@pytest.mark.unit
def test_definition_questions_read_as_such_and_their_verb_is_no_topic() -> None:
    for q in ("Vad menas med trångboddhet?", "Hur definieras hemlöshet i programmet?"):
        assert "definition" in understand(q).asks, q
    assert "definition" not in understand("Vad säger programmet om trångboddhet?").asks


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


@pytest.mark.integration
def test_the_glossary_entry_that_defines_the_term_is_quoted(engine: AnswerEngine) -> None:
    entry = fixture_sentence("bostadsforsorjningsprogram.txt", "Trångboddhet –", "norm 2")
    a = engine.answer("Vad menas med trångboddhet i bostadsförsörjningsprogrammet?")
    assert not a.abstained
    assert entry[:60] in " ".join(" ".join(c.quote.split()) for c in a.citations)


@pytest.mark.integration
def test_a_title_word_asked_for_its_definition_is_the_term(engine: AnswerEngine) -> None:
    prose = fixture_sentence("handlingsplan-barnfattigdom.txt", "Med barnfattigdom avses")
    a = engine.answer("Hur definierar barnfattigdomsplanen barnfattigdom?")
    assert not a.abstained
    assert {c.document for c in a.citations} == {"handlingsplan-barnfattigdom"}
    assert prose[:50] in " ".join(" ".join(c.quote.split()) for c in a.citations)
    assert engine.answer("Hur definierar barnfattigdomsplanen kärnkraft?").abstained
