"""Which documents a question names: titles, aliases, compounds, kind words (pure)."""

from __future__ import annotations

import pytest

from service.engine.reading.scope import DocInfo, resolve_scope

DOCS = [
    DocInfo("p", "Program för social hållbarhet – prioriteringar 2024–2025", "program"),
    DocInfo("t", "Program för tillgänglighet 2024–2027", "program"),
    DocInfo("hb", "Handlingsplan mot barnfattigdom 2024–2026", "handlingsplan"),
    DocInfo("hv", "Handlingsplan mot våld i nära relationer", "handlingsplan", ("våldsplanen",)),
    DocInfo("b", "Bostadsförsörjningsprogram för Umeå kommun 2025–2030", "program"),
    DocInfo("j", "Strategi för jämställdhetsarbete i Umeå kommun", "strategi"),
    DocInfo(
        "s", "Samverkansöverenskommelse mellan Umeå kommun och Polismyndigheten", "överenskommelse"
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Vilka har huvudansvar för 3.2 i programmet för social hållbarhet?", ["p"]),
        ("Vilka delmål har TN i tillgänglighetsprogrammet?", ["t"]),
        ("Vem ansvarar för åtgärd 2.1 i handlingsplanen mot barnfatigdom?", ["hb"]),
        ("Vad säger bostadsförsörjningsprogrammet om trångboddhet?", ["b"]),
        ("Vem har fastställt jämställdhetsstrategin?", ["j"]),
        ("Vad står i överenskommelsen med polisen?", ["s"]),
        ("Vad står det i våldsplanen?", ["hv"]),
        ("Vilka handlingsplaner finns?", ["hb", "hv"]),
        ("Hur länge gäller programmet?", ["p"]),
        ("Vilka har huvudansvar för 3.2?", []),
    ],
)
def test_documents_named_by_the_words_people_type(question: str, expected: list[str]) -> None:
    got = resolve_scope(question, DOCS, default="p")
    assert sorted(got.documents) == sorted(expected)


@pytest.mark.unit
def test_the_naming_words_are_returned_so_they_are_not_taken_for_the_topic() -> None:
    got = resolve_scope("Vad säger handlingsplanen mot våld om skyddat boende?", DOCS, "p")
    assert got.documents == ["hv"] and {"handlingsplanen", "vald"} <= got.words
    assert "skyddat" not in got.words


@pytest.mark.unit
def test_a_renamed_document_is_found_by_its_new_title() -> None:
    renamed = [DocInfo("x", "Program för trygghet 2024–2027", "program"), *DOCS[2:]]
    assert resolve_scope("Vad säger trygghetsprogrammet?", renamed, None).documents == ["x"]
    assert resolve_scope("Vad säger tillgänglighetsprogrammet?", renamed, None).documents == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    ["Vad handlar strategiskt mål 3 om?", "Vem är programansvarig?", "Hur går planeringen till?"],
)
def test_a_word_that_only_contains_a_kind_stem_names_no_document(question: str) -> None:
    assert resolve_scope(question, DOCS, default="p").documents == []


def test_english_names_a_document_by_its_subject_before_or_after_the_kind() -> None:
    docs = [
        DocInfo("plan-a", "Handlingsplan mot barnfattigdom 2024–2026", "handlingsplan"),
        DocInfo("plan-b", "Handlingsplan mot våld i nära relationer", "handlingsplan"),
        DocInfo("prog", "Program för tillgänglighet", "program"),
    ]
    for q in (
        "Who is responsible for action 3.1 in the child poverty action plan?",
        "Who is responsible for action 4.2 in the action plan against child poverty?",
    ):
        assert resolve_scope(q, docs).documents == ["plan-a"]
    assert resolve_scope("What does the accessibility programme say?", docs).documents == ["prog"]
    # an English word that names no subject leaves the kind alone: both plans
    found = resolve_scope("What does the action plan say?", docs).documents
    assert set(found) == {"plan-a", "plan-b"}


@pytest.mark.unit
def test_an_alias_inside_another_documents_longer_name_names_only_that_document() -> None:
    # the default program has the alias "programmet"; "programmet för tillgänglighet" is the
    # other program's alias and holds it
    docs = [
        DocInfo("p", DOCS[0].title, "program", ("programmet",)),
        DocInfo("t", DOCS[1].title, "program", ("programmet för tillgänglighet",)),
        *DOCS[2:],
    ]
    got = resolve_scope("Vilka områden tar programmet för tillgänglighet upp?", docs, "p")
    assert got.documents == ["t"]
    assert resolve_scope("Vad säger programmet om lekplatser?", docs, "p").documents == ["p"]
    both = resolve_scope("Skiljer sig programmet från programmet för tillgänglighet?", docs, "p")
    assert sorted(both.documents) == ["p", "t"]


@pytest.mark.unit
def test_an_english_subject_after_against_ends_at_the_next_verb() -> None:
    q = "What does the action plan against child poverty say about summer jobs?"
    assert resolve_scope(q, DOCS, "p").documents == ["hb"]
