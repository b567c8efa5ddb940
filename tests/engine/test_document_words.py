"""A question's words for the document it is asked of, over the real index of corpus/: "the
document" / "dokumentet" is no search word (it would find "Relaterade dokument"), and "Vilka
dokument hänvisar programmet till?" asks for the program's own list of related documents.
Expected values come from the parsed program."""

from __future__ import annotations

import pytest

from ingest.models import Program
from service.engine.answer import AnswerEngine

pytestmark = pytest.mark.integration


def test_the_words_for_the_document_itself_are_not_searched(
    engine: AnswerEngine, program: Program
) -> None:
    holder = next(s for s in program.sections if "invånare" in s.body)
    for q in (
        "what population figure does the document mention for Umea?",
        "vilket invånarantal nämner dokumentet?",
    ):
        a = engine.answer(q)
        assert not a.abstained, q
        assert holder.id in {c.section for c in a.citations}, q


@pytest.mark.parametrize(
    "question",
    [
        "Vilka dokument nämner programmet?",
        "Vilka dokument hänvisar programmet till?",
        "Which documents does the programme mention?",
    ],
)
def test_the_documents_a_named_document_mentions_are_its_related_list(
    engine: AnswerEngine, program: Program, question: str
) -> None:
    related = next(s for s in program.sections if s.groups)
    entries = [e for items in related.groups.values() for e in items]
    a = engine.answer(question)
    assert not a.abstained
    assert sum(1 for e in entries if e.strip("•– ").strip() in a.text) >= len(entries) // 2
