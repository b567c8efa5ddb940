"""A question whose pointing verb leaves its preposition at the end of the clause ("vilka
dokument programmet hänvisar till under …") asks for the documents pointed to: the related-
documents list of the focus area it names, even by its title. "Vilka delmål hänvisar till X?"
still asks for the sections that point to X. Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.reading.asks import points_to_asked
from service.engine.understand import understand


@pytest.mark.unit
def test_a_stranded_preposition_asks_for_the_documents_pointed_to() -> None:
    assert points_to_asked(understand("Vilka dokument hänvisar programmet till?").folded)
    assert points_to_asked(
        understand("vilka dokument programmet hänvisar till under fokusområde 3?").folded
    )
    assert not points_to_asked(
        understand("Vilka delmål hänvisar till Umeå kommuns handlingsplan mot våld?").folded
    )


@pytest.mark.integration
def test_the_list_of_a_focus_area_named_by_its_title(
    engine: AnswerEngine, program: Program
) -> None:
    holder = next(s for s in program.sections if s.groups)
    focus = next(
        f
        for f in program.focus_areas
        if len(f.title.split()) <= 3 and any(g.rstrip().endswith(f" {f.id}") for g in holder.groups)
    )
    group = next(g for g in holder.groups if g.rstrip().endswith(f" {focus.id}"))
    a = engine.answer(
        f"Som förälder undrar jag vilka dokument programmet hänvisar till under {focus.title.lower()}?"
    )
    text = " ".join(a.text.split())
    assert not a.abstained
    for entry in holder.groups[group]:
        assert " ".join(entry.split())[:30] in text
