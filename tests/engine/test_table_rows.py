"""Facts a table states about a section elsewhere in its document (handlers/rows.py): the date
a Tidplan row gives an action, asked by number, in a follow-up or by the action's words; the one
cell a question names by its row and column; and an edited table changing the answer. The
documents are FICTIONAL: the multi-document fixtures, and one written by the test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.index import Snapshot
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings
from tests.engine.conversation import ask

pytestmark = pytest.mark.integration
SRC = Path(__file__).resolve().parents[1] / "fixtures" / "multidoc" / "src"
Build = Callable[..., tuple[Settings, Snapshot]]


def _table(path: Path, header_start: str) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith(header_start))
    rows = []
    for ln in lines[at + 1 :]:
        if ln.count("|") < 2:
            break
        rows.append([c.strip() for c in ln.split("|")])
    return [c.strip() for c in lines[at].split("|")], rows


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def test_a_timetable_row_answers_when_an_action_is_due(engine: AnswerEngine) -> None:
    header, rows = _table(SRC / "handlingsplan-barnfattigdom.txt", "Åtgärd |")
    for row in rows[:3] + rows[-2:]:
        a = engine.answer(f"När ska åtgärd {row[0]} i handlingsplanen mot barnfattigdom vara klar?")
        assert not a.abstained and row[-1] in a.text, row
        assert any(row[-1] in c.quote for c in a.citations)
        # the same asked after a question about the action
        first = f"Vem är ansvarig för åtgärd {row[0]} i barnfattigdomsplanen?"
        follow = ask(engine, first, "När ska den vara klar?")
        assert row[-1] in follow.text, row
    # by the action's own words, in the table's words
    row = next(r for r in rows if len(r[1].split()) >= 3)
    a = engine.answer(f"När ska {row[1].lower()} vara klart enligt tidplanen?")
    assert row[-1] in a.text
    others = [r[-1] for r in rows if r[-1] != row[-1]]
    assert not [d for d in others if d in a.text]


def test_the_actions_due_in_a_year(engine: AnswerEngine) -> None:
    header, rows = _table(SRC / "handlingsplan-barnfattigdom.txt", "Åtgärd |")
    year = rows[0][-1][:4]
    due = [r[0] for r in rows if r[-1].startswith(year)]
    q = f"Vilka åtgärder i handlingsplanen mot barnfattigdom ska vara klara redan {year}?"
    a = engine.answer(q)
    assert due and a.sections == due


def test_the_cell_a_question_names_by_row_and_column(engine: AnswerEngine) -> None:
    header, rows = _table(SRC / "bostadsforsorjningsprogram.txt", "Område |")
    for row in rows[1:3]:
        year = header[3]
        a = engine.answer(f"Hur många bostäder planeras i {row[0]} {year}?")
        assert f"{row[0]}, {year}: {row[3]}" in a.text
        assert [c.quote for c in a.citations] == [" | ".join(row)]


PLAN = """Handlingsplan för vinterlek (FIKTIV testplan)

Åtgärd 1.1 Pulkabackar i varje stadsdel

Varje stadsdel ska ha en säker pulkabacke.

Ansvarig: FN

Åtgärd 1.2 Skridskoskolor

Skridskoskolor ska erbjudas alla barn.

Ansvarig: FN

Tidplan

Åtgärd | Beskrivning | Klart
1.1 | Pulkabackar i varje stadsdel | {due}
1.2 | Skridskoskolor | 2031-01-31
"""


def test_an_edited_table_changes_the_answer(tmp_path: Path, build_index: Build) -> None:
    doc = tmp_path / "vinterlek.txt"
    for due in ("2030-12-01", "2032-02-15"):
        doc.write_text(PLAN.format(due=due), encoding="utf-8")
        settings, _ = build_index(doc)
        a = build_engine(settings).answer("När ska åtgärd 1.1 vara klar?")
        assert due in a.text and "2031-01-31" not in a.text


def test_two_documents_tables_are_never_one_list(tmp_path: Path, build_index: Build) -> None:
    docs = []
    for name, action in (("vinterlek", "Pulkabackar"), ("sommarlek", "Plaskdammar")):
        doc = tmp_path / f"{name}.txt"
        text = PLAN.format(due="2030-12-01").replace("Pulkabackar", action)
        doc.write_text(text.replace("vinterlek", name), encoding="utf-8")
        docs.append(doc)
    settings, _ = build_index(*docs)
    engine = build_engine(settings)
    for q in ("Vilka åtgärder ska vara klara 2030?", "Vilka insatser är klara 2030?"):
        a = engine.answer(q)
        lines = [ln for ln in a.text.splitlines() if ln.strip()]
        # each document's action in a part of its own, labelled by its document
        assert any("Pulkabackar" in ln and "vinterlek" in ln for ln in lines), q
        assert any("Plaskdammar" in ln and "sommarlek" in ln for ln in lines), q
        assert not [ln for ln in lines if "Pulkabackar" in ln and "Plaskdammar" in ln], q
