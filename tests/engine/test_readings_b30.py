"""Readings found in blind batch b30, over the real index of corpus/: two named bodies compared
by how many sub-goals each holds; "Vilka har de inte huvudansvar för då?" after a body's
sub-goals; the owners of "det av dem" that lies in a focus area; "det delmålet" standing for the
topic of the asker's introduction; what the program is meant to achieve ("åstadkomma",
"uppnå"); "kommunens inriktningsmål" is no question of which municipality; a related-documents
list asked on ("Är någon av dem antagen av kommunfullmäktige?"); spoken "nåt". Expected values
come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from ingest.text import fold
from service.engine.answer import AnswerEngine
from service.engine.handlers.related_ops import entry_key
from service.engine.models import Turn
from service.engine.reading.names import topic_of_question
from service.engine.understand import understand
from tests.engine.answer_parts import quotes

pytestmark = pytest.mark.integration


def _held(program: Program) -> dict[str, list[str]]:
    held: dict[str, list[str]] = {}
    for s in program.sub_goals:
        for o in s.owners:
            held.setdefault(o.abbreviation, []).append(s.id)
    return held


def test_two_named_bodies_compared_by_their_count(engine: AnswerEngine, program: Program) -> None:
    held = _held(program)
    x, y = sorted((b for b in held if len(held[b]) >= 2), key=lambda b: len(held[b]))[-2:]
    x, y = (x, y) if len(held[x]) != len(held[y]) else (x, min(held, key=lambda b: len(held[b])))
    more = x if len(held[x]) > len(held[y]) else y
    for q in (
        f"Vem har huvudansvar i flest delmål, {x} eller {y}?",
        f"Har {x} eller {y} flest delmål?",
    ):
        a = engine.answer(q)
        assert not a.abstained and a.owners == [more], q
        assert str(len(held[x])) in a.text and str(len(held[y])) in a.text
    fewer = y if more == x else x
    a = engine.answer(f"Vilken av {x} och {y} har färst delmål?")
    assert a.owners == [fewer]


def test_what_they_do_not_hold_after_a_body_s_list(engine: AnswerEngine, program: Program) -> None:
    held = _held(program)
    body = max(held, key=lambda b: len(held[b]))
    lacking = {s.id for s in program.sub_goals if s.id not in held[body]}
    history = [Turn("user", f"Vilka delmål har {body} huvudansvar för?")]
    for q in ("Vilka har de inte huvudansvar för då?", "och vilka har dom inte ansvar i?"):
        a = engine.answer(q, history)
        assert set(a.sections) == lacking, q


def test_the_owners_of_the_one_of_them_in_a_focus_area(
    engine: AnswerEngine, program: Program
) -> None:
    held = _held(program)
    body, sid = next(
        (b, ids[-1])
        for b, ids in held.items()
        if sum(i.split(".")[0] == ids[-1].split(".")[0] for i in ids) == 1
    )
    focus = sid.split(".")[0]
    sec = program.section(sid)
    assert sec is not None
    history = [Turn("user", f"Vilka delmål har {body} huvudansvar för?")]
    a = engine.answer(
        f"Vilka är huvudansvariga för det av dem som ligger i fokusområde {focus}?", history
    )
    assert set(a.owners or []) == {o.abbreviation for o in sec.owners}
    # asked which of them lie there, the sub-goals, not their owners
    b = engine.answer(f"Vilka av dem ligger i fokusområde {focus}?", history)
    assert b.sections == [sid] and not b.owners


@pytest.mark.unit
def test_a_section_named_by_what_the_introduction_spoke_of() -> None:
    q = (
        "Jag är fritidsledare på en fritidsgård på Ersboda och vi vill dra igång mer "
        "förebyggande arbete och trygghetsarbete. Vilka nämnder och bolag har huvudansvaret "
        "för det delmålet i programmet?"
    )
    p = understand(q)
    assert p.kind == "owners"
    assert "trygghetsarbete" in p.residual
    assert not {"fritidsledare", "ersboda", "dra", "igang"} & set(p.residual)
    # a bare "det" after a statement that names the program is the program
    tokens = ["jag", "laste", "om", "programmet", "vad", "ar", "syftet", "med", "det"]
    pairs = [("laste", 1), ("programmet", 3), ("syftet", 6)]
    assert topic_of_question(pairs, tokens, "x. y?", 4) == [("syftet", 6)]


def test_owners_of_the_introduction_s_topic(engine: AnswerEngine, program: Program) -> None:
    sec = next(s for s in program.sub_goals if "trygghetsarbete" in s.title.lower())
    for q in (
        "Jag är fritidsledare på en fritidsgård på Ersboda och vi vill dra igång mer "
        "förebyggande arbete och trygghetsarbete. Vilka nämnder och bolag har huvudansvaret "
        "för det delmålet i programmet?",
        "Vi vill dra igång mer trygghetsarbete. Vem har huvudansvar för det?",
    ):
        a = engine.answer(q)
        assert set(a.owners or []) == {o.abbreviation for o in sec.owners}, q


def test_what_the_program_is_meant_to_achieve(engine: AnswerEngine, program: Program) -> None:
    intro = next(s for s in program.sections if s.kind not in ("focus_area", "sub_goal"))
    for q in (
        "Jag ska försvara programmet i fullmäktigedebatten i kväll. Vad är det egentligen "
        "tänkt att åstadkomma?",
        "Vad vill programmet uppnå?",
    ):
        a = engine.answer(q)
        assert not a.abstained and "syfte" in quotes(a).lower(), q
        assert intro.id in {c.section for c in a.citations}


def test_the_municipality_s_goals_are_no_question_of_which_municipality(
    engine: AnswerEngine,
) -> None:
    a = engine.answer("Vilka av kommunens inriktningsmål är det programmet konkretiserar?")
    assert not a.abstained and "inriktningsmål" in quotes(a)
    b = engine.answer("Vilken kommun gäller programmet?")
    assert "Umeå" in b.text


def test_a_related_documents_list_asked_on(engine: AnswerEngine, program: Program) -> None:
    holder = next(s for s in program.sections if s.groups)
    adopted = {
        entry_key(i) for items in holder.groups.values() for i in items if "kommunfullmäktige" in i
    }
    listed = {g: {entry_key(i) for i in items} for g, items in holder.groups.items()}
    group = next(g for g, keys in listed.items() if keys & adopted and adopted - keys)
    focus = group.split()[-1]
    history = [Turn("user", f"Vilka relaterade dokument finns för fokusområde {focus}?")]
    a = engine.answer("Är någon av dem antagen av kommunfullmäktige?", history)
    assert not a.abstained and "antagen av kommunfullmäktige" in a.text
    shown = {k for k in adopted if k in fold(a.text)}
    # the adopted entries of that list, not those of other lists
    assert shown == adopted & listed[group]


def test_spoken_forms_read_as_written(engine: AnswerEngine, program: Program) -> None:
    assert understand("finns det nåt annat delmål").tokens[:4] == [
        "finns",
        "det",
        "nagot",
        "annat",
    ]
    basing = [
        s.id for s in program.sub_goals if "handlingsplan mot våld" in " ".join(s.body.split())
    ]
    assert len(basing) >= 2
    history = [Turn("user", f"Vad handlar delmål {basing[0]} om?")]
    a = engine.answer(
        "finns det nåt annat delmål som också utgår från handlingsplanen mot våld", history
    )
    assert not a.abstained and set(basing[1:]) <= {c.section for c in a.citations}
