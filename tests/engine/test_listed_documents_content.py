"""A related document named only in a list, on the real index of corpus/: its content asked
for ("Vilka kriterier …?", "Vad krävs för att få del av anslaget?") is an abstention that
names the entry; where it is ("Var hittar jag kriterierna?") is answered by the entry. The
entry and the grant's heading come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine

pytestmark = pytest.mark.integration


def _criteria_entry(program: Program) -> str:
    items = [i for s in program.sections for v in s.groups.values() for i in v]
    return next(i for i in items if i.lower().startswith("kriterier"))


def test_the_content_of_a_listed_document_is_not_answered_by_its_entry(
    engine: AnswerEngine, program: Program
) -> None:
    entry = _criteria_entry(program)
    for q in (
        "Vilka kriterier måste uppfyllas för att få utvecklingsanslag för social hållbarhet?",
        "Vilka kriterier gäller för anslaget?",
        "What criteria must be met to get the development grant?",
    ):
        a = engine.answer(q)
        assert a.abstained, q
        assert entry in a.text, q  # where to look instead
        assert any(entry in c.quote for c in a.citations), q


def test_the_grants_terms_are_not_its_amounts(engine: AnswerEngine, program: Program) -> None:
    grant = next(s for s in program.sections if "utvecklingsanslag" in s.title.lower())
    a = engine.answer("Vad krävs för att få del av utvecklingsanslaget?")
    assert a.abstained and grant.title in a.text
    assert _criteria_entry(program) in a.text
    amounts = engine.answer("Hur stort är utvecklingsanslaget?")
    assert not amounts.abstained and "6 000" in amounts.text


def test_where_a_listed_document_is_is_answered(engine: AnswerEngine, program: Program) -> None:
    entry = _criteria_entry(program)
    for q in (
        "Var hittar jag kriterierna för att söka utvecklingsanslag för social hållbarhet?",
        "Var finns kriterierna för utvecklingsanslaget?",
    ):
        a = engine.answer(q)
        assert not a.abstained and entry in a.text, q
