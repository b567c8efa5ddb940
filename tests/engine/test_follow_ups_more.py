"""Follow-ups and structure questions from b11's misses, on the real index of corpus/ (expected
values from the parsed program): the grant asked about after the grant, an entry asked about in
other lists, 'hör dit', a body in no other sub-goal, a section's number by pointing, 'samma
gäng som för X', a deadline the text does not give, the section after the last one, a preamble
before a colon, and focus areas of one size."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from tests.engine.conversation import ask as _ask

pytestmark = pytest.mark.integration


def _keys(s) -> set[str]:  # type: ignore[no-untyped-def]
    return {o.abbreviation for o in s.owners}


def test_the_grant_after_the_grant(engine: AnswerEngine) -> None:
    a = _ask(
        engine, "Vad står det om utvecklingsanslaget?", "är det samma belopp i alla kolumnerna?"
    )
    assert a.operation == "grant" and not a.abstained


def test_an_entry_asked_about_in_the_other_lists(engine: AnswerEngine, program: Program) -> None:
    holder = next(s for s in program.sections if len(s.groups) >= 2)
    seen: dict[str, list[str]] = {}
    for g, items in holder.groups.items():
        for item in items:
            seen.setdefault(item.split(" (")[0].split(" –")[0], []).append(g)
    name, groups = next((k, v) for k, v in seen.items() if len(v) >= 2)
    focus = next(g for g in groups if g[-1].isdigit())
    a = _ask(
        engine,
        f"Vilka relaterade dokument finns för fokusområde {focus[-1]}?",
        f"står {name} någon annanstans också?",
    )
    assert a.operation == "related_docs"
    for g in groups:
        assert g in a.text


def test_the_sub_goals_of_the_focus_area_talked_about(
    engine: AnswerEngine, program: Program
) -> None:
    focus = program.focus_areas[2]
    a = _ask(engine, f"Vad heter fokusområde {focus.id}?", "och vilka delmål hör dit?")
    assert a.sections == [s.id for s in program.children(focus.id) if s.kind == "sub_goal"]


def test_a_body_in_no_other_sub_goal_is_said_to_be_only_in_its_own(
    engine: AnswerEngine, program: Program
) -> None:
    subs = [s for s in program.sub_goals if s.owners]
    body = next(
        b
        for b in sorted({k for s in subs for k in _keys(s)})
        if sum(b in _keys(s) for s in subs) == 1
    )
    only = next(s for s in subs if body in _keys(s))
    a = _ask(
        engine, f"Vilka har huvudansvar för {only.id}?", f"Är {body} med på något annat delmål?"
    )
    assert a.text.startswith("Nej") and a.sections == [only.id]


def test_a_sections_number_by_pointing_and_the_same_owners(
    engine: AnswerEngine, program: Program
) -> None:
    sec = program.sub_goals[3]
    a = _ask(engine, f"Vad handlar {sec.id} om?", "vilket nummer har det delmålet?")
    assert a.sections[:1] == [sec.id] and sec.id in a.text
    subs = [s for s in program.sub_goals if s.owners]
    x, y = next((x, y) for x in subs for y in subs if x is not y and _keys(x) == _keys(y))
    a = _ask(engine, f"Vilka ansvarar för {x.id}?", f"är det samma gäng som för {y.id}?")
    assert a.operation == "compare_owners" and " inte samma " not in a.text


def test_a_deadline_the_text_does_not_give_is_not_answered_by_a_year(
    engine: AnswerEngine, program: Program
) -> None:
    assert any("2021:8" in s.body for s in program.sections)
    a = engine.answer("När ska tilläggsuppdrag 2021:8 vara redovisat?")
    assert a.abstained
    # a question of when, not a deadline, still gets its answer
    a = engine.answer("När ska nämnderna redovisa resultatet?")
    assert not a.abstained


def test_the_section_after_the_last_sub_goal(engine: AnswerEngine, program: Program) -> None:
    tops = [s for s in program.sections if s.parent is None]
    last = program.sub_goals[-1]
    after = tops[tops.index(program.section(last.parent)) + 1]  # type: ignore[arg-type]
    a = engine.answer("Vad kommer efter det sista delmålet?")
    assert a.sections == [after.id]


def test_a_preamble_before_a_colon_is_no_part_of_the_question(
    engine: AnswerEngine, program: Program
) -> None:
    sec = program.sub_goals[0]
    a = engine.answer(f"Snabbt, jag har deadline om en kvart: vilka har huvudansvar för {sec.id}?")
    assert not a.abstained and set(a.owners or []) == _keys(sec)


def test_focus_areas_of_one_size(engine: AnswerEngine, program: Program) -> None:
    sizes = {
        f.id: len([s for s in program.children(f.id) if s.kind == "sub_goal"])
        for f in program.focus_areas
    }
    n = max(set(sizes.values()), key=list(sizes.values()).count)
    words = {2: "två", 3: "tre", 4: "fyra"}
    a = engine.answer(f"Vilka fokusområden har {words.get(n, str(n))} delmål var?")
    assert a.sections == [f for f, k in sizes.items() if k == n]


def test_two_named_sections_side_by_side(engine: AnswerEngine, program: Program) -> None:
    x, y = program.sub_goals[1], program.sub_goals[5]
    a = engine.answer(f"Hur hänger {x.id} och {y.id} ihop?")
    assert a.sections == [x.id, y.id]
    assert {c.section for c in a.citations} == {x.id, y.id}


def test_a_footnote_by_its_number(engine: AnswerEngine) -> None:
    notes = [c for c in engine.snapshot.chunks if c.kind == "footnote"]
    if not notes:
        pytest.skip("the program has no footnote")
    a = engine.answer("Vad står det i fotnot 1?")
    assert not a.abstained and a.citations
    assert a.citations[0].quote.strip()[:20] in notes[0].text
    assert engine.answer(f"Vad står det i fotnot {len(notes) + 5}?").abstained


def test_the_askers_role_asks_for_no_person_and_a_compound_no_sum() -> None:
    from service.engine.understand import understand

    p = understand(
        "Jag är ordförande i en ideell förening. Nämns civilsamhället i arbetet mot segregation?"
    )
    assert "person" not in p.asks
    assert "person" in understand("Vem är ordförande i kulturnämnden?").asks
    assert "money" not in understand("Vem ska undersöka om skattepengar missbrukas?").asks
    assert "money" in understand("Hur mycket pengar får en insats?").asks
