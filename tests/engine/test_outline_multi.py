"""A document's outline and its own metadata lines, over the FICTIONAL multi-document fixture
corpus: labelled parts ("Vilka bilagor …", "Vad heter bilaga 2 …"), headings, level names,
counts of both levels, the adoption dates of a list by body, the documents valid in a year and
the sentence saying who signed. Expected values come from the parsed documents and the manifest."""

from __future__ import annotations

import re

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def _prog(engine: AnswerEngine, doc: str) -> Program:
    return engine.snapshot.programs[doc]


def test_the_labelled_parts_of_a_document_are_listed_and_one_is_named_by_its_number(
    engine: AnswerEngine,
) -> None:
    parts = [
        s
        for s in _prog(engine, "bostadsforsorjningsprogram").sections
        if s.kind == "other" and s.label
    ]
    assert len(parts) >= 2
    a = engine.answer("Vilka bilagor har bostadsprogrammet?")
    assert not a.abstained
    assert all(s.title in a.text for s in parts)
    assert {c.section for c in a.citations} == {s.id for s in parts}
    second = parts[1]
    a = engine.answer(
        f"Vad heter {second.label.lower()} {second.number} i bostadsförsörjningsprogrammet?"
    )
    assert second.title in a.text
    assert all(s.title not in a.text for s in parts if s is not second)


def test_the_headings_of_an_unnumbered_document(engine: AnswerEngine) -> None:
    top = [s for s in _prog(engine, "medborgarloften").sections if s.parent is None]
    a = engine.answer("Vilka rubriker finns i medborgarlöftena?")
    assert not a.abstained
    assert [s.title for s in top] == sorted((s.title for s in top), key=a.text.index)


def test_the_headings_besides_a_level_the_question_sets_aside(engine: AnswerEngine) -> None:
    prog = _prog(engine, "handlingsplan-barnfattigdom")
    a = engine.answer(
        "Vilka avsnitt finns i handlingsplanen mot barnfattigdom förutom de fyra målen?"
    )
    others = [s for s in prog.sections if s.parent is None and s.kind == "other"]
    assert others and all(s.title in a.text for s in others)
    assert all(f.title not in a.text for f in prog.focus_areas)


def test_the_level_names_of_a_document(engine: AnswerEngine) -> None:
    prog = _prog(engine, "handlingsplan-barnfattigdom")
    assert len(prog.levels) == 2
    a = engine.answer("Vad kallas nivåerna i barnfattigdomsplanen?")
    assert not a.abstained
    low = a.text.lower()
    assert all(level.lower() in low for level in prog.levels)
    first = prog.focus_areas[0]
    assert first.title in a.text and prog.children(first.id)[0].title in a.text


def test_counting_both_levels(engine: AnswerEngine) -> None:
    prog = _prog(engine, "handlingsplan-vald")
    total = len(prog.sub_goals)
    a = engine.answer(
        "Hur många mål och aktiviteter har handlingsplanen mot våld i nära relationer?"
    )
    assert f" {len(prog.focus_areas)} " in a.text
    assert re.search(rf"\b{total}\b", a.text)


def test_documents_adopted_by_a_body_come_with_their_dates(engine: AnswerEngine) -> None:
    docs = engine.snapshot.documents
    kf = [
        d
        for d, r in docs.items()
        if str(r.meta.get("adopted_by") or "").lower() == "kommunfullmäktige"
    ]
    assert kf
    a = engine.answer("Vilka av dokumenten är fastställda av kommunfullmäktige?")
    for d in kf:
        assert docs[d].title in a.text
        adopted = docs[d].meta.get("adopted")
        if adopted:
            assert str(adopted) in a.text


def test_documents_valid_in_a_year(engine: AnswerEngine) -> None:
    docs = engine.snapshot.documents
    year = 2027
    valid = [
        d
        for d, r in docs.items()
        if r.meta.get("valid_from")
        and r.meta["valid_from"] <= year <= (r.meta.get("valid_to") or 9999)
    ]
    a = engine.answer(f"Jag förbereder ett möte: vilka av dokumenten gäller fortfarande år {year}?")
    assert not a.abstained
    assert valid and all(docs[d].title in a.text for d in valid)
    assert all(r.title not in a.text for d, r in docs.items() if d not in valid)


def test_who_signed_is_the_documents_own_sentence(engine: AnswerEngine) -> None:
    a = engine.answer("Vem har skrivit under samverkansöverenskommelsen och när?")
    assert not a.abstained
    assert a.citations and {c.document for c in a.citations} == {
        "samverkansoverenskommelse-polisen"
    }
    assert "underteckna" in a.text.lower()
    # a document that says nothing about signing gets no answer
    b = engine.answer("Vem har skrivit under handlingsplanen mot barnfattigdom?")
    assert b.abstained


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("vilka områden gäller medborgarlöftena?", "medborgarloften"),
        ("Vilka delar består samverkansöverenskommelsen av?", "samverkansoverenskommelse-polisen"),
        ("vilka teman tar programmet för tillgänglighet upp?", "program-tillganglighet"),
    ],
)
def test_a_documents_main_parts_asked_with_no_topic_are_its_top_level_or_headings(
    engine: AnswerEngine, question: str, doc: str
) -> None:
    prog = _prog(engine, doc)
    a = engine.answer(question)
    assert not a.abstained and {c.document for c in a.citations} == {doc}
    if prog.focus_areas:  # numbered levels: the top level, each by its title
        expected = prog.focus_areas
    else:  # a plain document: its headings
        expected = [s for s in prog.sections if s.parent is None and s.kind != "footnote"]
    assert all(s.title in a.text for s in expected)


def test_parts_asked_with_a_topic_are_not_the_outline(engine: AnswerEngine) -> None:
    a = engine.answer("Vilka områden räknas som utsatta i bostadsförsörjningsprogrammet?")
    prog = _prog(engine, "bostadsforsorjningsprogram")
    assert not all(f.title in a.text for f in prog.focus_areas)


def test_a_misspelled_level_name_is_the_documents_level(engine: AnswerEngine) -> None:
    prog = _prog(engine, "jamstalldhetsstrategi")
    level = prog.levels[0].lower()  # "strategiskt mål"
    typo = level.replace("strategiskt", "stratgiska")
    assert typo != level
    a = engine.answer(f"hur många {typo} har jämstäldhetsstrategin?")
    assert not a.abstained
    assert str(len(prog.focus_areas)) in a.text
    assert all(f.title in a.text for f in prog.focus_areas)
