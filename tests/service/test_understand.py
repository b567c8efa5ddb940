"""Reading questions (service/understand.py) and finding bodies in them (service/glossary.py)."""

from __future__ import annotations

from typing import Any

import pytest

from service.engine.glossary import Glossary
from service.engine.understand import detect_language, number_key, understand

pytestmark = pytest.mark.unit

# a small glossary in the shape of corpus/glossary.json; the names are made up on purpose
ENTRIES: list[dict[str, Any]] = [
    {
        "abbreviation": "KS",
        "variants": ["KS"],
        "expansion": "Kommunstyrelsen",
        "kind": "styrelse",
        "confidence": "certain",
        "note": None,
        "in_program": True,
    },
    {
        "abbreviation": "SBN",
        "variants": ["SBN"],
        "expansion": "Snöbollsnämnden",
        "kind": "nämnd",
        "confidence": "high",
        "note": None,
        "in_program": True,
    },
    {
        "abbreviation": "ÄN",
        "variants": ["ÄN", "AN"],
        "expansion": "Äldrenämnden",
        "kind": "nämnd",
        "confidence": "likely",
        "note": None,
        "in_program": True,
    },
    {
        "abbreviation": "Ultra",
        "variants": ["Ultra"],
        "expansion": None,
        "kind": "bolag",
        "confidence": "unverified",
        "note": None,
        "in_program": True,
    },
    {
        "abbreviation": "UKF",
        "variants": ["UKF"],
        "expansion": "Umeå kommunföretag AB",
        "kind": "bolagskoncern",
        "confidence": "high",
        "note": None,
        "in_program": True,
    },
    {
        "abbreviation": None,
        "variants": [],
        "expansion": "Miljö- och hälsoskyddsnämnden",
        "kind": "nämnd",
        "confidence": "certain",
        "note": None,
        "in_program": False,
    },
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(ENTRIES)


@pytest.mark.parametrize(
    ("question", "sub_goals", "focus"),
    [
        ("Vilka har huvudansvar för 3.2?", ["3.2"], []),
        ("Vilka har huvudansvar för delmål 1.1?", ["1.1"], []),
        ("Vad står i avsnitt 4.1?", ["4.1"], []),
        ("Vilka har huvudansvar inom fokusområde 2?", [], ["2"]),
        ("List the sub-goals under focus area 4.", [], ["4"]),
        ("Vad handlar tilläggsuppdrag 2021:8 om?", [], []),
        ("Umeå på väg mot 200 000 invånare, 2024–2025", [], []),
    ],
)
def test_section_numbers_are_found_and_numbers_are_not_taken_for_them(
    question: str, sub_goals: list[str], focus: list[str]
) -> None:
    p = understand(question)
    assert p.sub_goals == sub_goals
    assert p.focus_areas == focus


def test_numbers_are_normalised_and_kept_apart_from_section_numbers() -> None:
    assert understand("Vilka tilläggsuppdrag finns för 2025?").numbers == ["2025"]
    assert understand("Är anslaget 6 000 per år?").numbers == ["6000"]
    assert understand("Vad handlar 2021:8 om i delmål 3.2?").numbers == ["2021:8"]
    assert number_key("6 000") == "6000"


def test_language_is_told_by_function_words() -> None:
    assert detect_language(["who", "has", "the", "main", "responsibility", "for", "it"]) == "en"
    assert detect_language(["vem", "har", "huvudansvar", "for", "det"]) == "sv"
    assert understand("Och 3.3?").language == "sv"
    assert understand("And who follows it up?").language == "en"


def test_bodies_are_found_by_abbreviation_full_name_variant_and_misspelling(
    glossary: Glossary,
) -> None:
    assert understand("Vilka delmål har SBN huvudansvar för?", glossary).body_keys == ["SBN"]
    assert understand("Vilka delmål har Snöbollsnämnden ansvar för?", glossary).body_keys == ["SBN"]
    assert understand("vilka delmal har snobollsnamden ansvar for", glossary).body_keys == ["SBN"]
    assert understand("Vilka delmål har AN huvudansvar för?", glossary).body_keys == ["ÄN"]
    assert understand("Vem är kommunstyrelsens ordförande?", glossary).body_keys == ["KS"]
    assert understand("I vilka delmål har Umeå kommunföretag ansvar?", glossary).body_keys == [
        "UKF"
    ]


def test_short_abbreviations_need_capitals_but_long_ones_do_not(glossary: Glossary) -> None:
    # "an" and "ks" are not bodies in lower case; "sbn" is unambiguous
    assert understand("mer an du tror", glossary).body_keys == []
    assert understand("vad betyder sbn", glossary).body_keys == ["SBN"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Vilka har huvudansvar för 3.2?", "owners"),
        ("Vem ansvarar för delmålet om snöbollar?", "owners"),
        ("Vilka nämnder ska jobba för att färre barn lever i fattigdom?", "owners"),
        ("Delmål 1.3 – vilka är huvudansvariga?", "owners"),
        ("Vilka delmål har SBN huvudansvar för?", "reverse"),
        ("Vad ansvarar Miljö- och hälsoskyddsnämnden för i programmet?", "reverse"),
        ("Vilka delmål har Umeå Energi huvudansvar för?", "reverse_unknown"),
        ("Vilket delmål har flest huvudansvariga?", "extreme"),
        ("Hur många nämnder och bolag har huvudansvar för 3.2?", "owners_count"),
        ("Vilka fokusområden har programmet?", "list_focus_areas"),
        ("Hur många fokusområden finns det?", "count_focus_areas"),
        ("Vilka delmål finns under fokusområde 1?", "list_subgoals"),
        ("Hur många delmål har programmet totalt?", "count_subgoals"),
        ("Vilka relaterade dokument finns för fokusområde 2?", "related_docs"),
        # validity is a metadata operation; for a program with a stated period it quotes it
        ("Vilken period gäller programmet?", "metadata"),
        ("Hur stort är utvecklingsanslaget?", "grant"),
        ("Vad står SBN för?", "glossary"),
        ("Vad är Ultra för något?", "glossary"),
        ("är sbn en nämd eller ett utskott?", "glossary"),
        ("Vad handlar delmål 1.3 om?", "section_content"),
        ("Vad gör kommunen mot hemlöshet?", "open"),
        ("Har SBN huvudansvar för delmål 2.2?", "membership"),
        ("Och 3.3?", "ellipsis"),
        ("Och SBN?", "ellipsis"),
        ("Och för fokusområde 5?", "ellipsis"),
        ("Vilka av dem är bolag?", "companies"),
        ("Är Ultra med där?", "membership"),
        ("Vilka finns med i båda?", "common"),
        ("Vad står förkortningen för?", "glossary"),
    ],
)
def test_question_kinds(glossary: Glossary, question: str, kind: str) -> None:
    assert understand(question, glossary).kind == kind


def test_years_are_told_from_who_are() -> None:
    assert "period" in understand("Vilka år gäller planen?").asks
    assert "period" not in understand("Vilka är ansvariga för planen?").asks
    assert understand("Vilka är ansvariga för planen?").kind == "owners"


def test_negation_and_both_between_bodies(glossary: Glossary) -> None:
    p = understand("I vilka delmål har KS inte huvudansvar?", glossary)
    assert p.negated == {"KS"} and p.positive_bodies == []
    p = understand("I vilka delmål har UKF ansvar genom Ultra men inte genom SBN?", glossary)
    assert p.positive_bodies == ["UKF", "Ultra"] and p.negated == {"SBN"}
    assert understand("Vilka delmål har KS eller SBN ansvar för?", glossary).any_of


def test_references_back_into_the_conversation() -> None:
    assert understand("Vem ansvarar för det?").anaphora
    assert understand("Vad står det i den?").anaphora
    assert understand("Vilka av dem är bolag?").anaphora
    # an article is not a reference back
    assert not understand("Vilka leder det tidiga, förebyggande arbetet i fokusområde 1?").anaphora
    p = understand("Vem har huvudansvar för det sista av dem?")
    assert p.anaphora and p.ordinal == -1
    assert understand("Vem har huvudansvar för det första av dem?").ordinal == 0


def test_topic_words_leave_out_question_words_and_bodies(glossary: Glossary) -> None:
    p = understand("Vem ansvarar för delmålet om att förhindra segregation?", glossary)
    assert p.residual == ["forhindra", "segregation"]
    assert understand("Vilka delmål har SBN huvudansvar för?", glossary).residual == []


def test_corrections_are_applied_before_reading() -> None:
    p = understand(
        "Vilka har huvudansvr för barnfatigdomen?",
        corrections={"huvudansvr": "huvudansvar", "barnfatigdomen": "barnfattigdomen"},
    )
    assert p.kind == "owners"
    assert "barnfattigdomen" in p.residual


def test_english_words_become_swedish_alternatives() -> None:
    p = understand("Who is responsible for preventing homelessness?")
    assert p.kind == "owners" and p.language == "en"
    assert "hemloshet" in p.residual
    assert any("|" in slot and "forebyggande" in slot.split("|") for slot in p.residual)
    assert "hemlöshet" in p.search_text


def test_what_is_asked_for() -> None:
    assert "money" in understand("Hur mycket pengar får delmål 3.2?").asks
    assert "unit" in understand("Är anslaget angivet i tkr eller kronor?").asks
    assert "person" in understand("Vad heter personen som är programansvarig?").asks
    assert "person" not in understand("Vem ansvarar för stöd till personer?").asks
    assert "time" in understand("När antogs programmet?").asks
    assert "count" in understand("Hur många hemlösa finns det?").asks
    assert "followup" in understand("vem foljer upp programmet").asks


def test_synonyms_and_compounds_reach_the_documents_words() -> None:
    assert (
        "suicidforebyggande" in understand("Säger programmet något om suicidprevention?").residual
    )
    assert "samverkan" in understand("Samarbetar kommunen med polisen?").residual


def test_glossary_knows_companies_and_canonical_forms(glossary: Glossary) -> None:
    assert glossary.canonical("AN") == "ÄN"
    assert glossary.canonical("XYZ") == "XYZ"
    assert glossary.companies(["KS", "UKF", "Ultra"]) == ["UKF", "Ultra"]
    body = glossary.get("ÄN")
    assert body is not None and not body.is_certain
    ks = glossary.get("KS")
    assert ks is not None and ks.is_certain


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Vem leder Snöbollsnämnden?", "body_head"),
        ("Vem är ordförande i KS?", "body_head"),
        ("Who leads SBN?", "body_head"),
        ("Vilka delmål leder SBN?", "reverse"),
        ("Vem leder arbetet med delmål 2.2?", "owners"),
        ("Vem leder SBN:s arbete mot hemlöshet?", "reverse"),
    ],
)
def test_who_heads_a_body_is_told_from_what_the_body_leads(
    glossary: Glossary, question: str, kind: str
) -> None:
    assert understand(question, glossary).kind == kind


def test_a_responsibility_word_with_a_sub_goal_number_asks_for_its_owners() -> None:
    assert understand("huvudansvar 2.2").kind == "owners"
    assert understand("ansvarar 3.2").kind == "owners"
    assert understand("Vad säger 2.2 om ansvar för hemlöshet?").kind == "section_content"
