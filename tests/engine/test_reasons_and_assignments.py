"""Two readings of passages over the real index of corpus/: a "why" question quotes the
reasons that follow the sentence naming its topic, and of "A ger B i uppdrag att …" the body
asked for is the receiver (or the giver, when the question asks who gave it). Expected values
come from the parsed program."""

from __future__ import annotations

import re

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine

pytestmark = pytest.mark.integration


def _sentences(body: str) -> list[str]:
    flat = " ".join(body.split())
    return [s for s in re.split(r"(?<=[.!?])\s+", flat) if s]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_why_question_quotes_the_reasons_after_the_topic(
    engine: AnswerEngine, program: Program
) -> None:
    work = program.section("5")
    assert work is not None
    sentences = _sentences(work.body)
    assert len(sentences) >= 3
    a = engine.answer("Varför är arbete viktigt enligt fokusområde 5?")
    assert not a.abstained
    # the last sentence of the passage carries a reason; the topic's own sentence is the first
    assert sentences[-1][:40] in _flat(a.text)
    # the same question without "varför" asks for no reasons: one sentence is enough
    b = engine.answer("Vad har betydelse för människors livskvalitet enligt fokusområde 5?")
    assert sentences[-1][:40] not in _flat(b.text)


def _assignment(program: Program) -> tuple[str, str]:
    """(giver, receiver) read off the tilläggsuppdrag's sentence "X ger Y i uppdrag"."""
    sec = program.section("tillaggsuppdrag")
    assert sec is not None
    m = re.search(r"(\w+) ger (\w+) i uppdrag", _flat(sec.body))
    assert m is not None
    return m.group(1), m.group(2)


def test_who_received_an_assignment_is_not_who_gave_it(
    engine: AnswerEngine, program: Program
) -> None:
    giver, receiver = _assignment(program)
    by_name = {
        str(e["expansion"]).lower(): e["abbreviation"]
        for e in engine.snapshot.glossary
        if e.get("abbreviation") and e.get("expansion")
    }
    got = engine.answer("Vem fick tilläggsuppdraget om skattemedel och organiserad brottslighet?")
    assert got.owners == [by_name[receiver.lower()]]
    gave = engine.answer("Vem gav tilläggsuppdraget om skattemedel och organiserad brottslighet?")
    assert gave.owners == [by_name[giver.lower()]]


def test_what_came_of_an_assignment_is_not_what_it_is(engine: AnswerEngine) -> None:
    asked = engine.answer("Vad blev resultatet av tilläggsuppdraget om skattemedel?")
    assert asked.abstained and "tillaggsuppdrag" in asked.suggestions
    # the assignment itself is quoted, and "redovisa resultatet av" asks for no outcome
    assert not engine.answer("Vad går tilläggsuppdraget om skattemedel ut på?").abstained
    assert not engine.answer("Vad ska nämnderna redovisa resultatet av?").abstained


def test_a_why_question_of_the_structure_is_an_abstention(
    engine: AnswerEngine, program: Program
) -> None:
    owned = next(s for s in program.sub_goals if s.owners)
    body = owned.owners[0].abbreviation
    a = engine.answer(f"Varför har {body} huvudansvar för {owned.id}?")
    assert a.abstained and owned.id in a.suggestions
    # a "why" in the asker's own sentence before the question does not make it one
    b = engine.answer(f"Jag undrar varför det är så. Vilka har huvudansvar för {owned.id}?")
    assert not b.abstained and set(b.owners or []) == set(owned.owner_abbreviations)


def test_a_body_after_efter_is_not_negated(engine: AnswerEngine, program: Program) -> None:
    via_bostaden = {
        s.id
        for s in program.sub_goals
        if any(o.abbreviation == "UKF" and "Bostaden" in o.via for o in s.owners)
        and not any("Ultra" in o.via for o in s.owners)
    }
    assert via_bostaden
    a = engine.answer("I vilka delmål står det bara Bostaden och inte Ultra efter UKF?")
    assert set(a.sections) == via_bostaden


def test_sub_goals_with_identical_owners_without_a_named_one(
    engine: AnswerEngine, program: Program
) -> None:
    groups: dict[frozenset[str], list[str]] = {}
    for s in program.sub_goals:
        groups.setdefault(frozenset(s.owner_abbreviations), []).append(s.id)
    expected = {i for g in groups.values() if len(g) >= 2 for i in g}
    a = engine.answer("Finns det två delmål som har exakt samma uppsättning huvudansvariga?")
    assert not a.abstained and set(a.sections) == expected


def test_its_focus_areas_after_a_question_about_the_programme(
    engine: AnswerEngine, program: Program
) -> None:
    from service.engine.models import Turn

    first = "What is this programme about?"
    prior = engine.answer(first)
    history = [Turn("user", first), Turn("assistant", prior.text)]
    a = engine.answer("And what are its focus areas?", history)
    assert set(a.sections) == {f.id for f in program.focus_areas}
