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
