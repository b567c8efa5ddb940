"""Owners in documents whose top-level items carry their own responsibility lines (a strategy's
"Strategiskt mål 3 … Ansvar:", an agreement's "Prioriterat område 4 … Ansvar:", its "Ansvar för
överenskommelsen som helhet"), asked by topic within the named document. Over the FICTIONAL
multi-document fixture corpus; expected owners come from the parsed documents."""

from __future__ import annotations

import pytest

from ingest.models import Section
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def _items_with_owners(engine: AnswerEngine, doc: str) -> list[Section]:
    prog = engine.snapshot.programs[doc]
    return [s for s in prog.sections if s.kind == "focus_area" and s.owners]


@pytest.mark.parametrize(
    ("doc", "name"),
    [
        ("jamstalldhetsstrategi", "strategin"),
        ("samverkansoverenskommelse-polisen", "överenskommelsen"),
    ],
)
def test_a_top_level_item_by_its_topic_in_the_named_document(
    engine: AnswerEngine, doc: str, name: str
) -> None:
    items = _items_with_owners(engine, doc)
    assert items
    for item in items:
        a = engine.answer(f"Vem ansvarar för {item.title.lower()} i {name}?")
        assert not a.abstained
        assert set(a.owners or []) == {o.abbreviation for o in item.owners}
        assert {(c.document, c.section) for c in a.citations} == {(doc, item.id)}


def test_an_unnumbered_section_with_its_own_responsibility_line(engine: AnswerEngine) -> None:
    prog = engine.snapshot.programs["samverkansoverenskommelse-polisen"]
    sec = next(s for s in prog.sections if s.kind == "other" and s.owners)
    a = engine.answer("Vem ansvarar för överenskommelsen med polisen som helhet?")
    assert set(a.owners or []) == {o.abbreviation for o in sec.owners}
    assert sec.title in a.text and f"{sec.id} " not in a.text


def _bodies_by_count(engine: AnswerEngine, doc: str) -> dict[int, str]:
    prog = engine.snapshot.programs[doc]
    counts: dict[str, int] = {}
    for s in prog.sections:
        if s.kind == "sub_goal":
            for o in s.owners:
                counts[o.abbreviation] = counts.get(o.abbreviation, 0) + 1
    return {n: body for body, n in sorted(counts.items())}


@pytest.mark.parametrize("doc", ["handlingsplan-vald", "handlingsplan-barnfattigdom"])
def test_a_body_list_speaks_the_documents_own_responsibility_word(
    engine: AnswerEngine, doc: str
) -> None:
    """A handlingsplan whose lines say "Ansvarig:" does not give anybody "huvudansvar", and a
    list of one item says "1 aktivitet", not "1 aktiviteter"."""
    prog = engine.snapshot.programs[doc]
    labels = {s.owners_label.lower() for s in prog.sections if s.owners}
    assert "huvudansvar" not in labels
    level = prog.levels[-1].lower()
    for n, body in _bodies_by_count(engine, doc).items():
        a = engine.answer(f"Vilka {level}er är {body} ansvarig för i {prog.title}?")
        assert not a.abstained, a.text
        assert "huvudansvar" not in a.text.lower(), a.text
        assert f" {n} " in a.text, a.text
        if n == 1:
            assert f"1 {level}:" in a.text, a.text


def test_the_programs_own_word_stays_huvudansvar(engine: AnswerEngine) -> None:
    prog = engine.snapshot.programs["program-tillganglighet"]
    body = next(o.abbreviation for s in prog.sub_goals for o in s.owners)
    a = engine.answer(f"Vilka delmål har {body} huvudansvar för i {prog.title}?")
    assert "har huvudansvar för" in a.text, a.text
