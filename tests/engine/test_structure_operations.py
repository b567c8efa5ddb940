"""Operations on the heading tree and the owners lines that read exactly from the parse, on the
real index of corpus/: the section after / before one, titles holding a word, the companies
of a named sub-goal, a body alone responsible, 'delmål 4,2', a follow-up extreme. Expected
values are computed from the parsed program, never written down."""

from __future__ import annotations

import pytest

from ingest.models import Program
from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.models import Turn

pytestmark = pytest.mark.integration


def test_the_section_after_and_before_one(engine: AnswerEngine, program: Program) -> None:
    subs = program.sub_goals
    a = engine.answer(f"Vilket delmål kommer efter {subs[1].id}?")
    assert a.sections == [subs[2].id] and subs[2].title in a.text
    a = engine.answer(f"Vilket delmål kommer före {subs[1].id}?")
    assert a.sections == [subs[0].id]


def test_sub_goals_whose_title_holds_a_word(engine: AnswerEngine, program: Program) -> None:
    word = fold(program.sub_goals[-1].title.split()[-1])
    want = [s.id for s in program.sub_goals if word in fold(s.title).split()]
    a = engine.answer(f"Vilka delmål har {word} i rubriken?")
    assert want and a.sections == want


def test_the_companies_of_a_named_sub_goal(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if any(o.via for o in s.owners))
    owner = next(o for o in sec.owners if o.via)
    a = engine.answer(f"Genom vilka bolag har {owner.abbreviation} huvudansvar i delmål {sec.id}?")
    assert not a.abstained and all(v in a.text for v in owner.via)


def test_a_body_alone_responsible(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if len(s.owners) == 1)
    key = sec.owners[0].abbreviation
    want = [s.id for s in program.sub_goals if [o.abbreviation for o in s.owners] == [key]]
    a = engine.answer(f"Finns det något delmål där {key} är ensam huvudansvarig?")
    assert a.sections == want


def test_a_decimal_comma_after_a_section_word(engine: AnswerEngine, program: Program) -> None:
    sec = program.sub_goals[4]
    a = engine.answer(f"vem ansvarar för delmål {sec.id.replace('.', ',')}")
    assert not a.abstained and a.owners == [o.abbreviation for o in sec.owners]


def test_a_follow_up_extreme_takes_the_other_end(engine: AnswerEngine, program: Program) -> None:
    first = "Vilket delmål har flest huvudansvariga?"
    history = [Turn("user", first), Turn("assistant", engine.answer(first).text)]
    low = min(len(s.owners) for s in program.sub_goals if s.owners)
    a = engine.answer("Och vilket har färst?", history)
    assert a.sections == [s.id for s in program.sub_goals if s.owners and len(s.owners) == low]


def test_a_how_many_question_is_not_answered_without_a_count(engine: AnswerEngine) -> None:
    # the program states no number of dwellings; a passage about building is not an answer
    a = engine.answer("Hur många bostäder ska byggas enligt programmet?")
    assert a.abstained


def test_second_last_counts_from_the_end(engine: AnswerEngine, program: Program) -> None:
    a = engine.answer("Vad heter det näst sista delmålet?")
    assert a.sections == [program.sub_goals[-2].id]


def test_which_sub_goals_are_about_a_word_lists_every_title_with_it(
    engine: AnswerEngine, program: Program
) -> None:
    words = [fold(w) for s in program.sub_goals for w in s.title.split() if len(w) > 3]
    word = next(w for w in words if sum(w in fold(s.title).split() for s in program.sub_goals) >= 2)
    want = [s.id for s in program.sub_goals if word in fold(s.title).split()]
    a = engine.answer(f"Vilka delmål handlar om {word}?")
    assert set(want) <= set(a.sections)


def test_a_content_question_about_a_document_the_program_only_lists(
    engine: AnswerEngine, program: Program
) -> None:
    holder = next(s for s in program.sections if s.groups)
    elsewhere = " ".join(
        fold(u.text)
        for s in program.sections
        if not s.groups
        for u in engine.corpus.section_units(s)
    )
    # an entry whose name the program's own text never uses outside the list
    entry = next(
        i.strip("• ")
        for items in holder.groups.values()
        for i in items
        if fold(i.strip("• ").split()[0])[:6] not in elsewhere
    )
    a = engine.answer(f"Vad står det i {entry}?")
    assert a.abstained and "relaterade dokument" in a.text.lower()


def test_whether_every_focus_area_has_as_many_sub_goals(
    engine: AnswerEngine, program: Program
) -> None:
    counts = {f.id: len(program.children(f.id)) for f in program.focus_areas}
    a = engine.answer("Har alla fokusområden lika många delmål?")
    assert a.text.startswith("Ja" if len(set(counts.values())) == 1 else "Nej")
    for fa, n in counts.items():
        assert f"{fa} har {n}" in a.text


def test_how_many_bodies_the_program_names(engine: AnswerEngine, program: Program) -> None:
    bodies = {o.abbreviation for s in program.sub_goals for o in s.owners}
    a = engine.answer("Hur många olika organ pekas ut som huvudansvariga i programmet?")
    assert f"({len(bodies)} stycken)" in a.text and set(a.owners or []) == bodies


def test_a_keyword_query_for_a_topics_owners(engine: AnswerEngine, program: Program) -> None:
    sec = program.sub_goals[-1]
    words = " ".join(fold(w) for w in sec.title.split() if len(w) > 6)
    a = engine.answer(f"ansvar {words}")
    assert a.owners == [o.abbreviation for o in sec.owners]


def test_an_english_negation_before_the_body(engine: AnswerEngine, program: Program) -> None:
    want = [s.id for s in program.sub_goals if "KS" not in s.owner_abbreviations]
    a = engine.answer("Which sub-goals don't have KS among the main responsible bodies?")
    assert a.sections == want


def test_a_question_about_a_document_of_another_kind_is_not_answered_here(
    engine: AnswerEngine,
) -> None:
    # the corpus holds a program; a question about what a handlingsplan contains is about
    # another document, even where the program names it in a sentence
    kinds = {fold(r.kind) for r in engine.corpus.snapshot.documents.values()}
    assert "handlingsplan" not in kinds
    a = engine.answer("Vilka konkreta åtgärder står i handlingsplanen mot våld?")
    assert a.abstained
    assert not engine.answer("Vad står det om våld i programmet?").abstained
