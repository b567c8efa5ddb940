"""Comparing two owner sets, two questions in one, operations over the related-documents lists
and the grant's missing breakdowns, on the real index of corpus/. Expected values are computed
from the parsed program, never written down."""

from __future__ import annotations

import pytest

from ingest.models import Program, Section
from service.engine.answer import AnswerEngine
from service.engine.handlers.related_ops import entry_key
from service.engine.reading.clauses import split_clauses
from tests.engine.conversation import ask as _ask

pytestmark = pytest.mark.integration


def _keys(s: Section) -> set[str]:
    return {o.abbreviation for o in s.owners}


def _pairs(program: Program, same: bool) -> tuple[Section, Section]:
    subs = [s for s in program.sub_goals if s.owners]
    return next((x, y) for x in subs for y in subs if x is not y and (_keys(x) == _keys(y)) == same)


def test_two_different_owner_sets_are_compared(engine: AnswerEngine, program: Program) -> None:
    x, y = _pairs(program, same=False)
    a = _ask(engine, f"Vem ansvarar för {x.id}?", f"Skiljer det sig från {y.id}?")
    assert not a.abstained and a.sections == [x.id, y.id]
    for key in _keys(x) ^ _keys(y):
        assert key in a.text
    assert set(a.owners or []) == _keys(x) | _keys(y)
    assert " inte samma " in a.text


def test_two_equal_owner_sets_are_said_to_be_the_same(
    engine: AnswerEngine, program: Program
) -> None:
    x, y = _pairs(program, same=True)
    a = engine.answer(f"Har {x.id} och {y.id} samma huvudansvariga?")
    assert a.sections == [x.id, y.id] and " inte samma " not in a.text
    assert set(a.owners or []) == _keys(x)
    # and from the conversation alone: the sections of the last two answers
    a = _ask(engine, f"Vilka nämnder ansvarar för {x.id}?", f"Och {y.id}?", "Skiljer de sig åt?")
    assert a.sections == [x.id, y.id] and " inte samma " not in a.text


def test_a_comparison_without_owners_in_reach_is_read_as_usual(engine: AnswerEngine) -> None:
    # no owners asked and no conversation: not a comparison of owner sets
    a = engine.answer("Vad innebär lika villkor i det offentliga rummet?")
    assert a.operation != "compare_owners" and "huvudansvariga" not in a.text


def test_two_questions_in_one_are_both_answered(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if s.owners)
    parent = next(f for f in program.focus_areas if f.id == sec.parent)
    a = engine.answer(f"Vem ansvarar för {sec.id} och vilket fokusområde hör det till?")
    assert not a.abstained and set(a.owners or []) == _keys(sec)
    assert parent.title in a.text


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Vem ansvarar för det, och vilket fokusområde hör det till?", 2),
        ("Vad heter anslaget och finns det några kriterier?", 2),
        ("Vilka delmål har KS och TN?", 1),
        ("Vilka delmål handlar om barn och unga?", 1),
        ("Vilka nämnder och bolag har huvudansvar?", 1),
    ],
)
def test_a_question_splits_only_before_a_second_question(question: str, parts: int) -> None:
    assert len(split_clauses(question)) == parts


def _lists(program: Program) -> Section:
    return next(s for s in program.sections if s.groups)


def test_the_entries_of_a_list_are_counted(engine: AnswerEngine, program: Program) -> None:
    holder = _lists(program)
    name = next(n for n in holder.groups if n.rstrip().endswith("1"))
    a = engine.answer("Hur många relaterade dokument listas för fokusområde 1?")
    assert f"{len(holder.groups[name])} dokument" in a.text


def test_entries_in_several_lists_are_found(engine: AnswerEngine, program: Program) -> None:
    holder = _lists(program)
    where: dict[str, set[str]] = {}
    for g, items in holder.groups.items():
        for item in items:
            where.setdefault(entry_key(item), set()).add(g)
    repeated = {k for k, gs in where.items() if len(gs) >= 2}
    a = engine.answer("Vilka dokument förekommer i mer än en av listorna med relaterade dokument?")
    assert repeated and not a.abstained
    lines = [ln for ln in a.text.splitlines() if ln.startswith("•")]
    assert len(lines) == len(repeated)
    assert {entry_key(ln[2:].split(":")[0]) for ln in lines} == repeated


def test_entries_holding_the_words_asked_for(engine: AnswerEngine, program: Program) -> None:
    holder = _lists(program)
    noted = [i for items in holder.groups.values() for i in items if "kommunfullmäktige" in i]
    a = engine.answer("Vilka av de relaterade dokumenten anges vara antagna av kommunfullmäktige?")
    assert noted and all(i in a.text for i in noted)


def test_the_grant_by_section_or_unknown_year_is_not_given(engine: AnswerEngine) -> None:
    assert engine.answer("Hur stor andel av anslagen går till fokusområde 2?").abstained
    assert engine.answer("Hur stort var utvecklingsanslaget 2019?").abstained
    assert not engine.answer("Hur stort är utvecklingsanslaget för social hållbarhet?").abstained


def test_the_sections_after_the_structure_and_the_last_one(
    engine: AnswerEngine, program: Program
) -> None:
    last = program.focus_areas[-1]
    order = program.sections
    after = [s for s in order[order.index(last) + 1 :] if s.kind == "other" and s.parent is None]
    a = engine.answer("Vilka avsnitt följer efter fokusområdena?")
    assert after and a.sections == [s.id for s in after]
    a = engine.answer("Vad heter det sista avsnittet i programmet?")
    assert a.sections == [after[-1].id] and after[-1].title in a.text


def test_titles_holding_a_quoted_phrase_hold_all_its_words(
    engine: AnswerEngine, program: Program
) -> None:
    words = program.sub_goals[0].title.split()[:2]
    phrase = " ".join(words)
    want = [s.id for s in program.sub_goals if s.title.lower().startswith(phrase.lower())]
    a = engine.answer(f"Vilka delmål har rubriker som börjar med ”{phrase}”?")
    assert want and set(want) <= set(a.sections)


def test_a_list_of_places_needs_a_passage_that_names_one(engine: AnswerEngine) -> None:
    # the program speaks of vulnerable areas but names none: no near passage is an answer
    assert engine.answer("Vilka bostadsområden räknas som utsatta områden?").abstained
    assert not engine.answer("Vilket fokusområde handlar om boende?").abstained


def test_the_sub_goals_whose_text_names_a_document(engine: AnswerEngine, program: Program) -> None:
    from service.engine.handlers.structure import names_a_document

    # a document named in two sub-goals' sentences, found from the parse
    naming = {
        s.id: [
            u.text
            for u in engine.corpus.section_units(s)
            if u.kind == "sentence" and names_a_document(u.text)
        ]
        for s in program.sub_goals
    }
    phrase = next(
        " ".join(t.split()[-3:]).rstrip(".")
        for texts in naming.values()
        for t in texts
        if sum(" ".join(t.split()[-3:]).rstrip(".") in x for v in naming.values() for x in v) >= 2
    )
    want = {sid for sid, texts in naming.items() if any(phrase in t for t in texts)}
    a = engine.answer(f"Vilka delmål hänvisar till {phrase}?")
    assert len(want) >= 2 and set(a.sections) == want


def test_the_owners_of_one_section_not_in_another(engine: AnswerEngine, program: Program) -> None:
    x, y = _pairs(program, same=False)
    only = _keys(x) - _keys(y)
    if not only:
        x, y = y, x
        only = _keys(x) - _keys(y)
    a = engine.answer(f"Vilka huvudansvariga finns med i {x.id} men inte i {y.id}?")
    assert only and set(a.owners or []) == only
    assert all(k in a.text for k in only)
