"""A document's own level names read as the structure's roles, a body named in full linked to
the abbreviation the documents write, and questions that name a body and a topic, on the
FICTIONAL multi-document fixture corpus and the real program. Expected values come from the
parsed documents."""

from __future__ import annotations

import pytest

from ingest.models import Program
from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.glossary import acronym, link_acronyms
from service.engine.reading.levels import label_used, normalise_levels
from styrdok.engine import build_engine
from styrdok.settings import Settings


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "levels", "read"),
    [
        (
            "Vilka strategiska mål har planen?",
            ["Strategiskt mål", "Insatsområde"],
            "Vilka fokusomraden har planen?",
        ),
        (
            "Vilket strategiskt mål hör insatsområde 3.4 till?",
            ["Strategiskt mål", "Insatsområde"],
            "Vilket fokusomrade hör delmal 3.4 till?",
        ),
        ("Hur många aktiviteter finns?", ["Mål", "Aktivitet"], "Hur många delmal finns?"),
        ("Vilka mål har planen?", ["Mål", "Åtgärd"], "Vilka fokusomraden har planen?"),
        # "mål" is a plain word too: only after a question word or before a number
        ("Vad är målet med åtgärden?", ["Mål", "Åtgärd"], "Vad är målet med delmalet?"),
        # a reference back stays as typed: the anaphora reading handles it
        ("Vad innebär den aktiviteten?", ["Mål", "Aktivitet"], "Vad innebär den aktiviteten?"),
        ("Vilka delmål finns?", ["Fokusområde", "Delmål"], "Vilka delmål finns?"),
    ],
)
def test_level_names_read_as_the_conventions(question: str, levels: list[str], read: str) -> None:
    assert normalise_levels(question, levels) == read


@pytest.mark.unit
def test_a_level_name_is_used_in_any_of_its_forms() -> None:
    assert label_used("Strategiskt mål", fold("vilka strategiska mål finns"))
    assert not label_used("Strategiskt mål", fold("vilka mål finns"))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("Miljö- och hälsoskyddsnämnden", "MHN"),
        ("Kommunstyrelsen", "KS"),
        ("För- och grundskolenämnden", "FGN"),
        ("Tekniska nämnden", "TN"),
    ],
)
def test_the_usual_acronym_of_a_body_name(name: str, abbreviation: str) -> None:
    assert acronym(name) == abbreviation


@pytest.mark.unit
def test_a_name_without_abbreviation_is_linked_only_as_likely() -> None:
    entries = [{"expansion": "Miljö- och hälsoskyddsnämnden", "confidence": "certain"}]
    linked = link_acronyms(entries, {"MHN", "KS"})
    assert linked[0]["abbreviation"] == "MHN" and linked[0]["confidence"] == "likely"
    # no document writes the acronym: nothing is guessed
    assert not link_acronyms(entries, {"KS"})[0].get("abbreviation")


@pytest.fixture(scope="module")
def multi(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


@pytest.mark.integration
def test_a_documents_top_level_is_listed_and_named_as_it_calls_it(multi: AnswerEngine) -> None:
    doc, prog = next(
        (d, p)
        for d, p in multi.corpus.by_document.items()
        if p.levels and len(p.levels) >= 2 and fold(p.levels[0]) not in ("fokusomrade", "mal")
    )
    title = multi.corpus.title(doc)
    label = prog.levels[0]
    a = multi.answer(
        f"Vilka {label.lower()} har {title}?".replace("strategiskt mål", "strategiska mål")
    )
    assert not a.abstained and {c.document for c in a.citations} <= {doc}
    assert all(f.title in a.text for f in prog.focus_areas)
    assert "fokusområden" not in a.text


@pytest.mark.integration
def test_the_parent_of_an_item_by_the_documents_level_names(multi: AnswerEngine) -> None:
    doc, prog = next(
        (d, p)
        for d, p in multi.corpus.by_document.items()
        if len(p.levels) >= 2 and fold(p.levels[-1]) != "delmal"
    )
    item = prog.sub_goals[-1]
    parent = next(f for f in prog.focus_areas if f.id == item.parent)
    a = multi.answer(
        f"Under vilket {prog.levels[0].lower()} ligger {prog.levels[-1].lower()} {item.id} i {multi.corpus.title(doc)}?"
    )
    assert parent.title in a.text


@pytest.mark.integration
def test_a_body_named_in_full_finds_the_abbreviation_the_documents_write(
    multi: AnswerEngine,
) -> None:
    g = multi.corpus.glossary
    body = next(b for b in g.bodies.values() if b.confidence == "likely" and b.abbreviation)
    owned = {
        (p.document, s.id)
        for p in multi.corpus.programs
        for s in p.sections
        if any(o.abbreviation == body.abbreviation for o in s.owners)
    }
    a = multi.answer(f"Vad har {body.expansion} ansvar för i styrdokumenten?")
    assert owned and not a.abstained
    assert {sid for _, sid in owned} <= set(a.sections)
    assert "troligen" in a.text.lower()


@pytest.mark.integration
def test_a_body_and_a_topic_asked_yes_or_no(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if len(s.owners) >= 3)
    member = sec.owners[-1].abbreviation
    word = max(sec.title.split(), key=len)
    a = engine.answer(f"Är {member} med i arbetet med {word.lower()}?")
    assert not a.abstained and a.sections[:1] == [sec.id]


@pytest.mark.integration
def test_a_body_in_the_askers_introduction_is_not_the_subject(
    engine: AnswerEngine, program: Program
) -> None:
    focus = program.focus_areas[-1]
    subs = [s for s in program.sub_goals if s.parent == focus.id]
    union = {o.abbreviation for s in subs for o in s.owners}
    other = next(b for b in sorted(union))
    a = engine.answer(
        f"Jag är politiker i {other}. Vilka nämnder har huvudansvar i fokusområde {focus.id}?"
    )
    assert set(a.owners or []) == union


@pytest.mark.integration
def test_it_after_two_named_documents_is_the_one_named_last(multi: AnswerEngine) -> None:
    docs = [
        d
        for d, r in multi.corpus.snapshot.documents.items()
        if r.meta.get("adopted_by") and r.meta.get("adopted")
    ]
    first, last = docs[0], docs[1]
    t1, t2 = multi.corpus.title(first), multi.corpus.title(last)
    a = multi.answer(f"{t1} nämner {t2}. När fastställdes det och av vem?")
    assert a.scope == [last]
    assert str(multi.corpus.snapshot.documents[last].meta["adopted"]) in a.text


@pytest.mark.integration
def test_a_question_after_a_statement_is_asked_of_the_document_it_names(
    multi: AnswerEngine,
) -> None:
    # the statement names a document by its title; the question refers back ("den planen")
    docs = multi.corpus.snapshot.documents
    target = next(d for d, r in docs.items() if fold(r.kind) == "handlingsplan")
    prog = multi.corpus.by_document[target]
    first = prog.sub_goals[0]
    a = multi.answer(
        f"Programmet hänvisar till {docs[target].title}. "
        f"Vem ansvarar för {prog.levels[-1].lower()} {first.id} i den planen?"
    )
    assert not a.abstained and target in {c.document for c in a.citations}
    assert set(a.owners or []) == {o.abbreviation for o in first.owners}


@pytest.mark.unit
def test_statements_before_a_question_are_its_context() -> None:
    from service.engine.context import split_context

    assert split_context("Delmål 1.2 utgår från planen. Vad är målet i den?") == (
        "Delmål 1.2 utgår från planen.",
        "Vad är målet i den?",
    )
    assert split_context("Vad är målet? Och vem ansvarar?") is None
    assert split_context("Vad är målet med planen?") is None


@pytest.mark.integration
def test_how_two_documents_hang_together_quotes_each_naming_the_other(
    multi: AnswerEngine,
) -> None:
    from service.engine.context import names_document as _names
    from service.engine.scoping import doc_infos

    infos = {i.id: i for i in doc_infos(multi.corpus.snapshot)}
    c = multi.corpus
    # two documents that each name the other, found from the texts, not written down
    pairs = []
    for a in infos:
        for b in infos:
            if a < b and all(
                any(
                    _names(u.text, infos[y])
                    for ci, ch in enumerate(c.snapshot.chunks)
                    if ch.document == x
                    for u in c.units(ci)
                )
                for x, y in ((a, b), (b, a))
            ):
                pairs.append((a, b))
    assert pairs
    a, b = pairs[0]
    ans = multi.answer(f"Hur hänger {infos[a].title} ihop med {infos[b].title}?")
    assert not ans.abstained and {ct.document for ct in ans.citations} == {a, b}
