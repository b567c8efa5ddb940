"""Over the FICTIONAL multi-document fixtures: the documents that refer to a document, quoted
where they name it; the question before asked again of another document ("och i … då?"); and
an ordinal counted in the list before ("det andra av dem")."""

from __future__ import annotations

import re

import pytest

from ingest.text import fold
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings
from tests.engine.conversation import ask

pytestmark = pytest.mark.integration
PROGRAM = "program-social-hallbarhet-2024-2025"


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def test_the_documents_that_refer_to_a_document(engine: AnswerEngine) -> None:
    title = engine.corpus.title(PROGRAM).split(" – ")[0]
    naming = {
        u.document
        for d in engine.corpus.snapshot.documents
        if d != PROGRAM
        for u in engine.corpus.find_units(re.compile(re.escape(title)), d)
    }
    a = engine.answer(f"Vilka andra dokument hänvisar till {title}?")
    cited = {c.document for c in a.citations}
    assert naming and cited == naming
    words = " ".join(fold(title).split())
    assert all(words in " ".join(fold(c.quote).split()) for c in a.citations)


def test_the_question_before_asked_of_another_document(engine: AnswerEngine) -> None:
    other = "program-tillganglighet"
    sec = next(
        s
        for s in engine.corpus.by_document[other].sub_goals
        if s.owners and engine.corpus.section(s.id, PROGRAM) is not None
    )
    a = ask(
        engine,
        f"Vem har huvudansvar för {sec.id} i programmet för social hållbarhet?",
        "och i tillgänglighetsprogrammet då?",
    )
    assert a.owners == sec.owner_abbreviations
    assert {c.document for c in a.citations} == {other}


def test_an_ordinal_counts_in_the_list_before(engine: AnswerEngine) -> None:
    doc = "bostadsforsorjningsprogram"
    prog = engine.corpus.by_document[doc]
    top = next(f for f in prog.focus_areas if len(prog.sub_goals_of(f.id)) >= 2)
    second = prog.sub_goals_of(top.id)[1]
    a = ask(
        engine,
        f"Vilka insatsområden finns under strategiskt mål {top.id} i bostadsprogrammet?",
        "Vad är målet för det andra av dem?",
    )
    assert {c.section for c in a.citations} == {second.id}


def test_the_municipal_side_of_an_agreements_owners(engine: AnswerEngine) -> None:
    doc = "samverkansoverenskommelse-polisen"
    prog = engine.corpus.by_document[doc]
    sec = next(s for s in prog.sections if s.owners and len(s.owners) > 1)
    ours = [o.abbreviation for o in sec.owners if engine.corpus.glossary.get(o.abbreviation)]
    assert ours and len(ours) < len(sec.owners)
    a = ask(
        engine,
        "Vilka prioriterade områden har samverkansöverenskommelsen med polisen?",
        f"vem på kommunsidan ansvarar för prioriterat område {sec.id}?",
    )
    assert a.owners == ours
