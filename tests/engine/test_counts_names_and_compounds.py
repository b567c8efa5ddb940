"""What a count question counts, a year typed without its ring, a body's name typed in two
words, and a question word inflected inside a document's compound: units over the reading
and the glossary, then the same on the real index of corpus/ (values from the parsed program)."""

from __future__ import annotations

import json

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.evidence import counted_words, counts_asked
from service.engine.glossary import Glossary
from service.engine.understand import understand
from styrdok.settings import PROJECT_ROOT

GLOSSARY = Glossary(
    json.loads((PROJECT_ROOT / "corpus" / "glossary.json").read_text("utf-8"))["entries"]
)


@pytest.mark.unit
def test_a_number_must_count_what_was_asked() -> None:
    p = understand("Hur många utsatta områden finns det i Umeå just nu?", GLOSSARY)
    assert counted_words(p) == ["utsatta", "omraden"]
    assert not counts_asked(p, "Umeå på väg mot 200 000 invånare")
    assert counts_asked(p, "Det finns i dag fyra utsatta områden i kommunen")
    homes = understand("Hur många nya bostäder per år ska byggas enligt delmål 4.3?", GLOSSARY)
    assert not counts_asked(homes, "4.3 Främja en socialt hållbar bostadsförsörjning")
    assert counts_asked(homes, "minst 1 500 nya bostäder per år")
    assert counts_asked(understand("Hur många är de?", GLOSSARY), "tolv")  # nothing named


@pytest.mark.unit
def test_a_year_without_its_ring_is_told_from_ar_by_the_verb() -> None:
    assert "year" in understand("vilket ar skrev umea kommun under avtalet", GLOSSARY).asks
    assert "year" not in understand("vilket ar det forsta delmalet?", GLOSSARY).asks


@pytest.mark.unit
def test_a_body_name_typed_in_two_words_is_the_body() -> None:
    found = GLOSSARY.find("vilka delmål är gymnasie och vuxenutbildnings nämden huvudansvarig för")
    assert [m.key for m in found] == ["GVN"]
    assert [m.key for m in GLOSSARY.find("individ och familje nämnden")] == ["IFN"]


@pytest.mark.integration
def test_counts_the_text_does_not_give_are_abstentions(engine: AnswerEngine) -> None:
    for q in (
        "Hur många utsatta områden finns det i Umeå just nu?",
        "Hur många nya bostäder per år ska byggas enligt delmål 4.3?",
        "How many people are homeless in Umeå according to the programme?",
    ):
        assert engine.answer(q).abstained, q
    a = engine.answer("How many inhabitants is Umeå heading for?")
    assert not a.abstained and "200 000" in a.text


@pytest.mark.integration
def test_an_inflected_topic_word_finds_the_compound(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if "barnfattigdom" in s.title.lower())
    a = engine.answer("Vem har huvudansvar för fattigdomen bland barn?")
    assert sorted(a.owners or []) == sorted(sec.owner_abbreviations)


@pytest.mark.integration
def test_period_and_colloquial_glossary_questions(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vilken tidsperiod gäller programmets prioriteringar?")
    assert a.operation == "period" and "2024–2025" in a.text
    assert "Personalnämnden" in engine.answer("vad e PN för nämnd?").text


@pytest.mark.integration
def test_a_sub_goal_named_by_title_and_det_gets_its_focus_area(
    engine: AnswerEngine, program: Program
) -> None:
    sub = program.sub_goals[1]
    parent = program.section(sub.parent or "")
    assert parent is not None
    a = engine.answer(f"{sub.title} – under vilket fokusområde ligger det?")
    assert a.operation == "parent" and parent.title in a.text
