"""Owner sets and short or wrapped questions on the real index of corpus/: "varken … eller",
which of two named sub-goals has more owners, where a body takes part, a sub-goal named by its
whole title, a keyword-only list, "its" in a follow-up, and a statement after the question.
Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine
from service.engine.understand import understand
from tests.engine.conversation import ask

pytestmark = pytest.mark.integration


def _keys(program: Program) -> list[str]:
    return sorted({o for s in program.sub_goals for o in s.owner_abbreviations})


def test_neither_of_two_bodies(engine: AnswerEngine, program: Program) -> None:
    x, y = sorted(
        _keys(program), key=lambda k: -sum(k in s.owner_abbreviations for s in program.sub_goals)
    )[:2]
    none = [s.id for s in program.sub_goals if not {x, y} & set(s.owner_abbreviations)]
    a = engine.answer(f"Finns det något delmål där varken {x} eller {y} har huvudansvar?")
    assert none and a.sections == none
    assert engine.answer(f"Which sub-goals have neither {x} nor {y} as owners?").sections == none


def test_which_of_two_named_sub_goals_has_more_owners(
    engine: AnswerEngine, program: Program
) -> None:
    subs = [s for s in program.sub_goals if s.owners]
    x, y = next((s, t) for s in subs for t in subs if len(s.owners) < len(t.owners))
    assert engine.answer(f"Vilket av {x.id} och {y.id} har fler huvudansvariga?").sections == [y.id]
    assert engine.answer(f"Which of {x.id} and {y.id} has fewer owners?").sections == [x.id]


def test_where_a_body_takes_part(engine: AnswerEngine, program: Program) -> None:
    key = _keys(program)[0]
    owned = [s.id for s in program.sub_goals if key in s.owner_abbreviations]
    assert engine.answer(f"Var finns {key} med?").sections == owned


def test_a_sub_goal_named_by_its_whole_title_is_the_only_one(
    engine: AnswerEngine, program: Program
) -> None:
    sec = next(s for s in program.sub_goals if len(s.title.split()) >= 4 and s.owners)
    intro = "Hej! Jag är nyanställd och ska jobba med det här."
    a = engine.answer(f"{intro} Vilka nämnder har huvudansvaret för delmålet {sec.title}?")
    assert a.sections == [sec.id]


def test_a_keyword_only_list_and_its_in_a_follow_up(engine: AnswerEngine, program: Program) -> None:
    focus = program.focus_areas[1]
    kids = [s.id for s in program.sub_goals_of(focus.id)]
    assert engine.answer(f"delmål under fokusområde {focus.id}?").sections == kids
    a = ask(engine, f"Vad heter fokusområde {focus.id}?", "What are its sub-goals?")
    assert a.sections == kids


@pytest.mark.unit
def test_a_statement_after_the_question_is_no_topic() -> None:
    p = understand("Vad är egentligen syftet med programmet? Ska förklara det för min nya kollega.")
    assert "kollega" not in p.residual and p.residual
    # a question after a statement keeps its own words
    assert "barn" in understand("Jag är lärare. Vad säger programmet om barn?").residual


@pytest.mark.unit
def test_a_slash_between_names_means_either() -> None:
    assert understand("I vilka delmål är bolagen (UKF, Bostaden/Ultra) huvudansvariga?").any_of
    assert not understand("Vilka delmål har UKF och Bostaden huvudansvar för?").any_of
