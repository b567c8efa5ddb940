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


@pytest.mark.unit
def test_a_numeral_after_a_noun_is_a_number_an_article_is_not() -> None:
    from service.engine.reading.asks import spelled_numerals

    assert spelled_numerals("Vad går inriktningsmål ett ut på?") == ["1"]
    assert spelled_numerals("Vad innebär inriktningsmål två?") == ["2"]
    assert spelled_numerals("Vilka inriktningsmål är programmet en konkretisering av?") == []
    assert spelled_numerals("Har programmet ett mål om barn?") == []
    assert spelled_numerals("Vad heter delmål tre?") == []  # the document's own level


@pytest.mark.unit
def test_a_bare_number_in_a_short_follow_up_is_the_focus_area_talked_about() -> None:
    from service.engine.reading.ellipsis import bare_number_as_level

    before = ("Vilka relaterade dokument finns för fokusområde 2?",)
    assert bare_number_as_level("och för trean?", before) == "och för fokusområde 3?"
    assert bare_number_as_level("och 3 då?", before) == "och fokusområde 3 då?"
    assert bare_number_as_level("och 3.3?", ("Vem har huvudansvar för 3.2?",)) == "och 3.3?"


@pytest.mark.integration
def test_order_in_the_document_and_a_numbered_goal_the_text_does_not_have(
    engine: AnswerEngine, program: Program
) -> None:
    last = program.focus_areas[-1]
    after = [s for s in program.sections[program.sections.index(last) + 1 :] if not s.parent]
    a = engine.answer(f"Vad kommer i dokumentet efter fokusområde {last.id}?")
    assert after and all(s.title in a.text for s in after)
    subs = program.sub_goals_of(program.focus_areas[2].id)
    nxt = program.focus_areas[3]
    b = engine.answer(f"Vad kommer direkt efter delmål {subs[-1].id} i dokumentet?")
    assert nxt.title in b.text
    assert engine.answer("Vad innebär inriktningsmål ett?").abstained  # the text has två, tre
    assert not engine.answer("Vad innebär inriktningsmål två?").abstained


@pytest.mark.integration
def test_two_verbs_of_reference_name_one_document(engine: AnswerEngine, program: Program) -> None:
    q = "Vilka delmål utgår från eller knyter an till kommunens handlingsplan mot våld?"
    both = engine.answer("Vilka delmål utgår från handlingsplanen mot våld?").sections
    assert len(both) >= 2 and engine.answer(q).sections == both


@pytest.mark.integration
def test_a_focus_area_found_by_its_size_is_named_with_its_title(
    engine: AnswerEngine, program: Program
) -> None:
    sizes = {f.id: len(program.sub_goals_of(f.id)) for f in program.focus_areas}
    n = min(sizes.values())
    only = [f for f in program.focus_areas if sizes[f.id] == n]
    words = {2: "två", 3: "tre"}
    a = engine.answer(f"Vilket fokusområde har bara {words.get(n, str(n))} delmål?")
    assert all(f.title in a.text for f in only)


@pytest.mark.unit
def test_how_fast_is_answered_by_a_span_and_when_is_not() -> None:
    from service.engine.evidence import has_duration, meets_asks

    fast = understand("Hur snabbt ska kommunen laga trasig belysning?", GLOSSARY)
    assert {"time", "duration"} <= fast.asks
    assert has_duration("lagas inom en vecka efter felanmälan")
    assert has_duration("en orosanmälan till socialtjänsten samma dygn")
    assert not has_duration("Kommunen ska laga belysningen.")
    when = understand("När ska åtgärden vara klar?", GLOSSARY)
    assert "duration" not in when.asks

    class U:  # a quoted unit: only its text matters here
        def __init__(self, text: str) -> None:
            self.text = text

    assert meets_asks(fast, [U("Belysningen lagas inom fyra veckor.")])  # type: ignore[list-item]
    assert not meets_asks(when, [U("Annonseras senast tre veckor före lovet.")])  # type: ignore[list-item]


@pytest.mark.unit
def test_an_introduction_is_told_by_the_asker_not_by_its_first_word() -> None:
    from service.engine.reading.names import introduction_words

    for q, n in (
        ("Praktiserar på lokaltidningen och ska skriva om det. Hur går uppföljningen till?", 8),
        ("Som präst möter jag många barnfamiljer. Vilka har huvudansvaret?", 6),
        ("I'm an exchange student writing a paper – which years does it cover?", 8),
    ):
        assert introduction_words(q) == n, q
    # a verb first that asks ("Slutar …?"), cut by a dash inside a title, is no introduction
    assert introduction_words("Slutar Färdriktning Umeå växer – tryggt och säkert 2025?") == 0


@pytest.mark.integration
def test_the_question_after_an_introduction_is_answered(engine: AnswerEngine) -> None:
    q = "I'm an exchange student writing a paper – which years does this programme cover?"
    a = engine.answer(q)
    assert a.operation == "period" and "2024–2025" in a.text
    b = engine.answer(
        "Praktiserar på lokaltidningen och ska skriva om hur kommunen håller koll på "
        "programmet. Hur går uppföljningen till?"
    )
    assert not b.abstained and any(c.section == "uppfoljning" for c in b.citations)
