"""Answers over several documents (the FICTIONAL fixture corpus beside the real program):
the scope a question names, one labelled part per document, never a merged list, metadata from
the manifest and cover, and a pointer followed into the linked document."""

from __future__ import annotations

import re

import pytest

from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.models import Answer
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration
PROGRAM = "program-social-hallbarhet-2024-2025"


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def owners_line(e: AnswerEngine, doc: str, section: str) -> list[str]:
    sec = e.corpus.section(section, doc)
    assert sec is not None and sec.owners
    return sec.owner_abbreviations


def cited(a: Answer) -> set[str]:
    return {c.document for c in a.citations}


def test_the_programs_own_3_2_when_the_program_is_named(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilka nämnder har huvudansvar för delmål 3.2 i programmet för social hållbarhet?"
    )
    assert not a.abstained and cited(a) == {PROGRAM}
    assert a.owners == owners_line(engine, PROGRAM, "3.2")


def test_a_bare_number_gets_one_labelled_part_per_document_never_merged(
    engine: AnswerEngine,
) -> None:
    a = engine.answer("Vilka har huvudansvar för 3.2?")
    assert a.owners_by_document is not None and len(a.owners_by_document) >= 2
    assert next(iter(a.owners_by_document)) == PROGRAM  # the default document first
    for doc, owners in a.owners_by_document.items():
        assert owners == owners_line(engine, doc, "3.2")
        assert engine.corpus.title(doc) in a.text
    parts = a.text.split("\n\n")
    assert len(parts) == len(a.owners_by_document)


def test_the_level_word_picks_the_document(engine: AnswerEngine) -> None:
    a = engine.answer("Vem ansvarar för åtgärd 3.2?")
    docs = cited(a)
    assert len(docs) == 1
    (doc,) = docs
    assert "Åtgärd" in engine.corpus.by_document[doc].levels
    assert "åtgärd 3.2" in a.text.lower()


def test_a_document_named_by_a_compound_is_the_only_one_cited(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilka delmål har Tekniska nämnden huvudansvar för i tillgänglighetsprogrammet?"
    )
    assert not a.abstained and cited(a) == {"program-tillganglighet"}
    prog = engine.corpus.by_document["program-tillganglighet"]
    expected = [s.id for s in prog.sub_goals if "TN" in s.owner_abbreviations]
    assert a.sections == expected


def test_the_conversation_keeps_its_document(engine: AnswerEngine) -> None:
    from service.engine.models import Turn

    first = "Vem ansvarar för aktivitet 1.2 i handlingsplanen mot våld?"
    a = engine.answer("Och 2.2?", [Turn("user", first), Turn("assistant", "…")])
    assert cited(a) == {"handlingsplan-vald"}


def test_metadata_from_the_manifest(engine: AnswerEngine) -> None:
    a = engine.answer("Vilka handlingsplaner finns?")
    kinds = {d for d, r in engine.corpus.snapshot.documents.items() if r.kind == "handlingsplan"}
    assert set(a.scope) == kinds and all(engine.corpus.title(d) in a.text for d in kinds)
    rec = engine.corpus.snapshot.documents["jamstalldhetsstrategi"]
    b = engine.answer("Vem har fastställt jämställdhetsstrategin?")
    assert not b.abstained and fold(str(rec.meta["adopted_by"])) in fold(b.text)
    c = engine.answer("Vem har fastställt programmet för social hållbarhet?")
    assert c.abstained  # neither the manifest nor the program says


def test_a_pointer_is_followed_into_the_linked_document(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vilket dokument utgår delmål 3.2 i programmet för social hållbarhet från, "
        "och vad är dess mål?"
    )
    assert {PROGRAM, "handlingsplan-barnfattigdom"} <= cited(a)
    quotes = [c.quote for c in a.citations if c.document == "handlingsplan-barnfattigdom"]
    page_texts = [
        engine.corpus.snapshot.page_text(c.document, c.page or 1)
        for c in a.citations
        if c.document == "handlingsplan-barnfattigdom"
    ]
    assert quotes and all(q in t for q, t in zip(quotes, page_texts, strict=True))
    assert any(re.search(r"\d+,\d+ procent", q) for q in quotes)


def test_no_answer_mixes_documents_in_one_owners_list(engine: AnswerEngine) -> None:
    for q in ("Vilka har huvudansvar för 1.1?", "Vilka delmål har FN huvudansvar för?"):
        a = engine.answer(q)
        if len(cited(a)) > 1:
            assert a.owners_by_document is not None or len(a.text.split("\n\n")) > 1
            for part in a.text.split("\n\n"):
                titles = [engine.corpus.title(d) for d in cited(a)]
                assert sum(fold(t) in fold(part) for t in titles) <= 1


def test_the_most_specific_level_name_picks_the_documents(engine: AnswerEngine) -> None:
    # "strategiskt mål 3" names the documents whose level is "Strategiskt mål", not every
    # document with a level "Mål"
    want = {
        d
        for d, p in engine.corpus.by_document.items()
        if "Strategiskt mål" in p.levels and engine.corpus.section("3", d) is not None
    }
    assert len(want) >= 2
    a = engine.answer("Vad handlar strategiskt mål 3 om?")
    assert not a.abstained and cited(a) == want


def test_names_written_in_full_are_the_bodies_abbreviations(engine: AnswerEngine) -> None:
    # a document that writes "Individ- och familjenämnden" is found by a question about IFN
    doc, secs = next(
        (
            d,
            [
                s
                for s in p.sub_goals
                if "Individ- och familjenämnden" in [o.written for o in s.owners]
            ],
        )
        for d, p in engine.corpus.by_document.items()
        if any(o.written == "Individ- och familjenämnden" for s in p.sub_goals for o in s.owners)
        and p.levels[-1].lower() != "delmål"
    )
    assert secs and all("IFN" in s.owner_abbreviations for s in secs)
    title = engine.corpus.title(doc)
    a = engine.answer(f"Vilka punkter i {title} ansvarar IFN för?")
    assert not a.abstained and set(a.sections) >= {s.id for s in secs}
    label = engine.corpus.by_document[doc].levels[-1].lower()
    assert label != "delmål" and " delmål" not in a.text.split(":")[0]


def test_the_related_documents_list_is_the_one_asked_for(engine: AnswerEngine) -> None:
    for p in engine.corpus.by_document.values():
        holder = next((s for s in p.sections if s.groups and "relaterade" in fold(s.title)), None)
        first = next((s for s in p.sections if s.groups), None)
        if holder is None or holder is first:
            continue
        a = engine.answer(f"Vilka dokument räknas upp under Relaterade dokument i {p.title}?")
        names = [n for g in holder.groups.values() for n in g]
        assert not a.abstained and all(n.strip("• ") in a.text for n in names[:3])
        return
    raise AssertionError("the fixture corpus lost its grouped list before related documents")


def test_metadata_lists_filter_by_kind_and_adopting_body(engine: AnswerEngine) -> None:
    docs = engine.corpus.snapshot.documents
    plans = {d for d, r in docs.items() if fold(r.kind) == "handlingsplan"}
    a = engine.answer("Vilka handlingsplaner finns?")
    assert plans and set(a.scope) == plans
    by_kf = {
        d
        for d, r in docs.items()
        if fold(str(r.meta.get("adopted_by") or "")) == "kommunfullmaktige"
    }
    a = engine.answer("Vilka dokument är antagna av kommunfullmäktige?")
    assert by_kf and set(a.scope) == by_kf


def test_the_adoption_date_and_diary_number_come_from_the_cover(engine: AnswerEngine) -> None:
    doc, rec = next(
        (d, r) for d, r in engine.corpus.snapshot.documents.items() if r.meta.get("adopted")
    )
    title = engine.corpus.title(doc)
    a = engine.answer(f"Vem fastställde {title} och när?")
    assert str(rec.meta["adopted"]) in a.text and str(rec.meta["adopted_by"]) in a.text
    if rec.meta.get("diary_number"):
        a = engine.answer(f"Vilket diarienummer har {title}?")
        assert str(rec.meta["diary_number"]) in a.text
