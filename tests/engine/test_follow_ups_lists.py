"""Follow-ups over a list of sections ("hur många är de?", "vilka är det?"), the same owners as
the section talked about, a sub-goal's owners counted after a body's one sub-goal, and a few
readings (the organisation of a document, "Vad står KF för i …?", a budget per sub-goal), on the
real index of corpus/. Expected values come from the parsed program and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from tests.engine.conversation import ask

pytestmark = pytest.mark.integration
MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.json"


def _owned(program: Program, key: str) -> list[str]:
    return [s.id for s in program.sub_goals if key in s.owner_abbreviations]


def test_how_many_after_a_bodys_sub_goals(engine: AnswerEngine, program: Program) -> None:
    key = max({o for s in program.sub_goals for o in s.owner_abbreviations}, key=len)
    owned = _owned(program, key)
    a = ask(engine, f"Vilka delmål har {key} huvudansvar för?", "hur många är de?")
    assert a.sections == owned and str(len(owned)) in a.text


def test_which_ones_after_a_count(engine: AnswerEngine, program: Program) -> None:
    focus = program.focus_areas[-1]
    kids = [s.id for s in program.sub_goals_of(focus.id)]
    for follow in ("vilka är det?", "vilka är de?"):
        a = ask(engine, f"Hur många delmål har fokusområde {focus.id}?", follow)
        assert a.sections == kids, follow


def test_the_same_owners_as_the_section_talked_about(
    engine: AnswerEngine, program: Program
) -> None:
    subs = [s for s in program.sub_goals if s.owners]
    keys = {s.id: set(s.owner_abbreviations) for s in subs}
    ref = next(s for s in subs if [t for t in subs if t is not s and keys[t.id] == keys[s.id]])
    same = [t.id for t in subs if t is not ref and keys[t.id] == keys[ref.id]]
    a = ask(
        engine,
        f"Vem ansvarar för {ref.id}?",
        "finns det något annat delmål med exakt samma huvudansvariga?",
    )
    assert a.sections == same


def test_owners_counted_after_a_bodys_one_sub_goal(engine: AnswerEngine, program: Program) -> None:
    keys = {o for s in program.sub_goals for o in s.owner_abbreviations}
    key = next(k for k in sorted(keys) if len(_owned(program, k)) == 1)
    sec = program.section(_owned(program, key)[0])
    assert sec is not None
    a = ask(
        engine,
        f"Which sub-goals is {key} responsible for?",
        "And how many bodies share main responsibility for it in total?",
    )
    assert a.sections == [sec.id] and str(len(sec.owners)) in a.text


def test_the_organisation_of_a_document_comes_from_the_manifest(engine: AnswerEngine) -> None:
    doc = next(d for d in json.loads(MANIFEST.read_text("utf-8"))["documents"] if d["default"])
    for q in (
        "Vilken kommun gäller programmet?",
        "Which municipality does this programme belong to?",
    ):
        a = engine.answer(q)
        assert not a.abstained and doc["organisation"] in a.text, q


def test_an_abbreviation_asked_for_between_its_words(engine: AnswerEngine) -> None:
    body = engine.corpus.glossary.bodies["KF"]
    a = engine.answer('Vad står KF för i "KF handlingsplan mot hemlöshet"?')
    assert a.operation == "glossary" and body.expansion and body.expansion in a.text


def test_a_budget_per_sub_goal_in_english_is_not_given(
    engine: AnswerEngine, program: Program
) -> None:
    sec = program.sub_goals[1]
    a = engine.answer(f"What's the budget for the sub-goal on {sec.title}?")
    assert a.abstained


def test_the_latter_of_a_list_is_its_last(engine: AnswerEngine, program: Program) -> None:
    key = next(
        k
        for k in sorted({o for s in program.sub_goals for o in s.owner_abbreviations})
        if len(_owned(program, k)) == 2
    )
    last = _owned(program, key)[-1]
    a = ask(
        engine,
        f"Vilka delmål har {key} huvudansvar för?",
        "Vilka har huvudansvar i det senare av dem?",
    )
    assert a.sections == [last] or a.owners is not None and last in a.text


def test_a_neighbour_named_by_a_quoted_title(engine: AnswerEngine, program: Program) -> None:
    first, second = program.sub_goals[0], program.sub_goals[1]
    a = engine.answer(f"Vilket delmål kommer direkt efter '{first.title}'?")
    assert a.sections == [second.id]


def test_every_section_after_the_last_focus_area(engine: AnswerEngine, program: Program) -> None:
    last = program.focus_areas[-1]
    order = program.sections
    after = [s.id for s in order[order.index(last) + 1 :] if s.kind == "other" and not s.parent]
    a = engine.answer(f"Vilka avsnitt kommer efter fokusområde {last.id} i dokumentet?")
    assert len(after) > 1 and a.sections == after
    assert (
        engine.answer(f"Vilket avsnitt kommer efter fokusområde {last.id}?").sections == after[:1]
    )


def test_partners_asked_for_are_not_the_owners(engine: AnswerEngine, program: Program) -> None:
    sec = program.sub_goals[-1]
    a = engine.answer(f"Vilka aktörer ska kommunen samverka med i arbetet med {sec.title.lower()}?")
    assert a.operation != "owners"


def test_the_kind_of_document_asked_as_alternatives(engine: AnswerEngine) -> None:
    kind = engine.corpus.snapshot.documents[engine.corpus.default_document or ""].kind
    a = engine.answer("Är det här en policy, en plan eller ett program?")
    assert a.operation == "metadata" and kind in a.text


def test_the_sub_goals_on_both_lists(engine: AnswerEngine, program: Program) -> None:
    keys = _keys_by_size(program)
    x, y = keys[0], keys[1]
    both = [s for s in _owned(program, x) if s in _owned(program, y)]
    for q in ("Vilka finns i båda listorna?", "Which ones are on both lists?"):
        a = ask(engine, f"Vilka delmål har {x} huvudansvar för?", f"Och {y}?", q)
        assert both and a.sections == both, q


def test_which_ones_after_the_most_and_after_a_count(
    engine: AnswerEngine, program: Program
) -> None:
    most = max(program.sub_goals, key=lambda s: len(s.owners))
    a = ask(engine, "Vilket delmål har flest huvudansvariga?", "vilka är det?")
    assert a.owners == most.owner_abbreviations
    key = _keys_by_size(program)[0]
    a = engine.answer(f"Hur många delmål har {key} huvudansvar för, och vilka är det?")
    assert a.sections == _owned(program, key)


def _keys_by_size(program: Program) -> list[str]:
    keys = {o for s in program.sub_goals for o in s.owner_abbreviations}
    return sorted(keys, key=lambda k: (-len(_owned(program, k)), k))
