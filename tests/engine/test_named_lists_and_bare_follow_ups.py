"""A related-documents list named by its own word, answers that cite what answers, a follow-up
with no topic of its own, a misspelled inflected word, committees named in English and focus
areas by their size, on the real index of corpus/. Expected values come from the parsed
program, never written down."""

from __future__ import annotations

import re

import pytest

from ingest.models import Program, Section
from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.reading import lexicon as lx
from service.engine.reading.asks import read_asks
from service.engine.reading.names import swedish_body_names
from service.engine.understand import understand
from tests.engine.conversation import ask

pytestmark = pytest.mark.integration


def _lists(program: Program) -> Section:
    return next(s for s in program.sections if s.groups)


def _own_word_list(holder: Section) -> tuple[str, str]:
    """A list whose name holds a long word no other list name holds, and that word."""
    names = list(holder.groups)
    for n in names:
        for w in re.findall(r"\w+", n):
            others = [m for m in names if m != n and fold(w) in fold(m).split()]
            if len(w) > 5 and not others and fold(w) not in lx.RELATED_STEMS:
                return n, w
    raise AssertionError("no list has a word of its own")


def test_a_list_named_by_its_own_word_is_the_only_one_given(
    engine: AnswerEngine, program: Program
) -> None:
    holder = _lists(program)
    name, word = _own_word_list(holder)
    mine = set(holder.groups[name])
    elsewhere = {i for g, items in holder.groups.items() if g != name for i in items} - mine
    a = engine.answer(f"Vilka dokument står under {word.lower()} relaterade dokument?")
    assert not a.abstained and all(i in a.text for i in mine)
    assert not [i for i in elsewhere if i in a.text]


def test_a_neighbour_answer_cites_the_heading_that_answers(
    engine: AnswerEngine, program: Program
) -> None:
    first, second = program.sub_goals[0], program.sub_goals[1]
    a = engine.answer(f"Vilket delmål kommer efter {first.id}?")
    assert a.sections == [second.id]
    assert {c.section for c in a.citations} == {second.id}


def test_what_a_heading_says_is_not_read_as_its_neighbour(
    engine: AnswerEngine, program: Program
) -> None:
    top = [s for s in program.sections if s.kind == "other" and s.parent is None and s.owners == []]
    heading = next(s for s in top if len(s.title.split()) == 1 and not s.groups)
    a = engine.answer(f"Vad säger programmet om {heading.title.lower()}?")
    assert a.operation != "title" and not a.abstained
    assert heading.id in {c.section for c in a.citations}


def test_a_follow_up_with_no_topic_is_asked_of_the_section_talked_about(
    engine: AnswerEngine, program: Program
) -> None:
    top = [s for s in program.sections if s.kind == "other" and s.parent is None]
    heading = next(s for s in top if len(s.title.split()) == 1 and not s.groups)
    first = f"Vad säger programmet om {heading.title.lower()}?"
    for follow in ("hur ofta?", "till vem?"):
        a = ask(engine, first, follow)
        assert not a.abstained, follow
        assert {c.section for c in a.citations} == {heading.id}, follow


def test_a_misspelled_inflected_word_is_mended_to_the_document_word(
    engine: AnswerEngine, program: Program
) -> None:
    # a long title word with a doubled letter: drop one of the pair, add an ending it lacks
    word = next(
        fold(w)
        for s in program.sections
        for w in s.title.split()
        if len(w) >= 10 and re.search(r"(\w)\1", fold(w))
    )
    typo = re.sub(r"(\w)\1", r"\1", word, count=1) + "et"
    assert engine.corpus.search.correct(typo) == word + "et"
    # a right word in a form the document never uses is left alone
    assert engine.corpus.search.correct(word + "et") == word + "et"


def test_a_committee_named_in_english_is_read_as_the_body(
    engine: AnswerEngine, program: Program
) -> None:
    english, swedish = next((e, s) for e, s in lx.ENGLISH_BODY_NAMES.items() if s == "Äldrenämnden")
    assert swedish in swedish_body_names(f"Which sub-goals is the {english} responsible for?")
    key = next(
        e.abbreviation for e in engine.corpus.glossary.bodies.values() if e.expansion == swedish
    )
    owned = [s.id for s in program.sub_goals if key in {o.abbreviation for o in s.owners}]
    a = engine.answer(f"Which sub-goals does the {english.title()} have main responsibility for?")
    assert owned and a.sections == owned


def test_which_body_an_abbreviation_in_a_section_is(engine: AnswerEngine, program: Program) -> None:
    entry = next(
        e
        for e in engine.corpus.glossary.bodies.values()
        if e.expansion and set(e.variants) - {e.abbreviation}
    )
    variant = next(v for v in entry.variants if v != entry.abbreviation)
    sec = next(
        s for s in program.sub_goals if entry.abbreviation in {o.abbreviation for o in s.owners}
    )
    a = engine.answer(f"Det står {variant} i {sec.id} – vilken nämnd är det?")
    assert a.operation == "glossary" and entry.expansion in a.text


def test_focus_areas_of_a_size_without_each(engine: AnswerEngine, program: Program) -> None:
    sizes = {f.id: len(program.sub_goals_of(f.id)) for f in program.focus_areas}
    n = max(set(sizes.values()), key=list(sizes.values()).count)
    a = engine.answer(f"Vilka fokusområden har {n} delmål?")
    assert a.sections == [f for f, k in sizes.items() if k == n]
    fewer = min(sizes.values())
    if fewer != n:
        one = [f for f, k in sizes.items() if k == fewer]
        assert engine.answer(f"Which focus area has {fewer} sub-goals?").sections == one


@pytest.mark.unit
def test_tax_money_names_a_topic_and_asks_for_no_sum() -> None:
    q = "What is the number of the additional assignment about tax money being misused?"
    assert "money" not in read_asks(understand(q))
    assert "money" in read_asks(understand("How much money does the grant give?"))
