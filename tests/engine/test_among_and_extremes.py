"""Filters over the previous answer ("Vilka av dem …?"), the fewest / at least N owners, on the
real index of corpus/. Every expected set is computed from the parsed program, never written."""

from __future__ import annotations

import pytest

from ingest.models import Program, Section
from service.engine.answer import AnswerEngine
from service.engine.models import Answer, Turn
from service.engine.structured_base import holds

pytestmark = pytest.mark.integration


def ask(engine: AnswerEngine, *turns: str) -> Answer:
    history: list[Turn] = []
    for q in turns[:-1]:
        history += [Turn("user", q), Turn("assistant", engine.answer(q, history).text)]
    return engine.answer(turns[-1], history)


def owned_by(program: Program, key: str) -> list[Section]:
    return [s for s in program.sub_goals if holds(s, key)]


def two_bodies(program: Program) -> tuple[str, str]:
    """A body with several sub-goals and another that owns some but not all of them."""
    keys = sorted({o.abbreviation for s in program.sub_goals for o in s.owners})
    for a in keys:
        mine = owned_by(program, a)
        for b in keys:
            both = [s for s in mine if holds(s, b)]
            if b != a and len(mine) >= 3 and 0 < len(both) < len(mine):
                return a, b
    raise AssertionError("the program has no such pair of bodies")


def test_which_of_them_filters_the_previous_list_by_a_body(
    engine: AnswerEngine, program: Program
) -> None:
    a, b = two_bodies(program)
    ans = ask(engine, f"Vilka delmål har {a} huvudansvar för?", f"Vilka av dem har även {b}?")
    want = [s.id for s in owned_by(program, a) if holds(s, b)]
    assert not ans.abstained and ans.sections == want
    # without the conversation the same words are not a filter of anything
    alone = engine.answer(f"Vilka delmål har {b} huvudansvar för?")
    assert alone.sections == [s.id for s in owned_by(program, b)] != want


def test_the_extreme_of_them_is_taken_over_the_previous_list_only(
    engine: AnswerEngine, program: Program
) -> None:
    a, _ = two_bodies(program)
    mine = owned_by(program, a)
    most = max(len(s.owners) for s in mine)
    ans = ask(
        engine, f"Vilka delmål har {a} huvudansvar för?", "Vilket av dem har flest ansvariga?"
    )
    assert ans.sections == [s.id for s in mine if len(s.owners) == most]
    fewest = min(len(s.owners) for s in mine)
    ans = ask(
        engine, f"Vilka delmål har {a} huvudansvar för?", "Vilket av dem har färst ansvariga?"
    )
    assert ans.sections == [s.id for s in mine if len(s.owners) == fewest]


def test_which_of_them_lie_in_a_focus_area(engine: AnswerEngine, program: Program) -> None:
    a, _ = two_bodies(program)
    mine = owned_by(program, a)
    fa = mine[0].parent
    ans = ask(
        engine, f"Vilka delmål har {a} huvudansvar för?", f"Vilka av dem ligger i fokusområde {fa}?"
    )
    assert ans.sections == [s.id for s in mine if s.parent == fa]


def test_owners_of_one_section_against_another(engine: AnswerEngine, program: Program) -> None:
    first, second = next(
        (x, y)
        for x in program.sub_goals
        for y in program.sub_goals
        if x is not y and {o.abbreviation for o in x.owners} - {o.abbreviation for o in y.owners}
    )
    ans = ask(
        engine, f"Vem ansvarar för delmål {first.id}?", f"Vilka av dem är inte med i {second.id}?"
    )
    missing = [o.abbreviation for o in first.owners if not holds(second, o.abbreviation)]
    assert not ans.abstained and ans.owners == missing


def test_fewest_and_at_least_owners_are_computed(engine: AnswerEngine, program: Program) -> None:
    counts = {s.id: len(s.owners) for s in program.sub_goals if s.owners}
    low = min(counts.values())
    ans = engine.answer("Vilket delmål har färst huvudansvariga?")
    assert ans.sections == [k for k, n in counts.items() if n == low]
    ans = engine.answer("Vilka delmål har minst 3 huvudansvariga?")
    assert ans.sections == [k for k, n in counts.items() if n >= 3]
    ans = engine.answer("Vilka delmål har fler än 3 huvudansvariga?")
    assert ans.sections == [k for k, n in counts.items() if n > 3]
