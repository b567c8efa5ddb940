"""Readings found in blind batch b31, over the real index of corpus/: "bara Bostaden, inte
Ultra" keeps Bostaden asked for and only Ultra negated (a negation right before another body is
that body's). Expected sub-goals come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.models import Turn

pytestmark = pytest.mark.integration


def test_one_company_but_not_the_other_after_the_companies_list(
    engine: AnswerEngine, program: Program
) -> None:
    vias = [(s.id, {v for o in s.owners for v in o.via}) for s in program.sub_goals]
    companies = sorted({v for _, vs in vias for v in vs})
    assert len(companies) >= 2
    first = "UKF"
    q0 = f"I vilka delmål är de kommunala bolagen via {first} huvudansvariga?"
    a0 = engine.answer(q0)
    history = [Turn("user", q0), Turn("assistant", a0.text)]
    for kept, dropped in ((companies[0], companies[1]), (companies[1], companies[0])):
        want = {sid for sid, vs in vias if kept in vs and dropped not in vs}
        if not want:
            continue
        a = engine.answer(f"Och i vilka av dem står det bara {kept}, inte {dropped}?", history)
        assert not a.abstained, a.text
        assert set(a.sections) == want, a.text


def test_the_next_sub_goal_after_one_asked_about(engine: AnswerEngine, program: Program) -> None:
    """'Och för nästa delmål då?' asks the same of the sub-goal after the one the last turn
    named, in the document's order; past the last one nothing is invented."""
    ids = [s.id for s in program.sub_goals]
    for here, there in zip(ids, ids[1:], strict=False):
        owners = {o.abbreviation for o in program.section(there).owners}  # type: ignore[union-attr]
        if not owners:
            continue
        q0 = f"Vilka är huvudansvariga för delmål {here}?"
        history = [Turn("user", q0), Turn("assistant", engine.answer(q0).text)]
        a = engine.answer("Och för nästa delmål då?", history)
        assert a.sections == [there], a.text
        assert set(a.owners or []) == owners, a.text


def test_no_next_sub_goal_after_the_last(engine: AnswerEngine, program: Program) -> None:
    from service.engine.reading.ellipsis import next_item_as_number

    ids = [s.id for s in program.sub_goals]
    q = "Och för nästa delmål då?"
    assert next_item_as_number(q, [f"Vem ansvarar för {ids[-1]}?"], ids) == q
    assert next_item_as_number(q, [f"Vem ansvarar för {ids[0]}?"], ids) == f"Och för {ids[1]} då?"
    assert next_item_as_number("Och nästa programperiod?", [f"Vad gäller {ids[0]}?"], ids) == (
        "Och nästa programperiod?"
    )
