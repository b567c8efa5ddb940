"""Readings found in blind batch mb21, over the FICTIONAL multi-document fixture corpus: an
unnamed plan in a premise resolved by the pointing document's sentence that says what the
premise says; "enligt det programmet" after a statement naming a programme; a statement of the
asker's situation before a question with its own topic; "den" in the question standing for what
the introduction spoke of; a topic's owners from a section that has owners, not from an
introduction on the same topic; "inför" and "kom fram" as no topic; a word is not "corrected" to
its negation ("räknade" / "oräknade"). Expected values come from the fixture sources."""

from __future__ import annotations

import re

import pytest

from ingest.models import Section
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings
from tests.engine.answer_parts import quotes
from tests.engine.multidoc_text import fixture_sentence

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(multi_settings: Settings) -> AnswerEngine:
    return build_engine(multi_settings)


def _titled(engine: AnswerEngine, doc: str, words: str) -> Section:
    prog = engine.corpus.by_document[doc]
    return next(s for s in prog.sections if words in s.title)


def test_an_unnamed_plan_is_found_by_the_sentence_that_says_the_premise(
    engine: AnswerEngine,
) -> None:
    goal = fixture_sentence("handlingsplan-barnfattigdom.txt", "ska halveras")
    a = engine.answer(
        "Sociala hållbarhetsprogrammet säger att arbetet mot barnfattigdom utgår från en "
        "handlingsplan för halverad barnfattigdom. Vad är målet i den?"
    )
    docs = {c.document for c in a.citations}
    assert "handlingsplan-barnfattigdom" in docs and "handlingsplan-vald" not in docs
    assert goal[:50] in quotes(a)


def test_that_programme_is_the_one_the_statement_named(engine: AnswerEngine) -> None:
    count = fixture_sentence("bostadsforsorjningsprogram.txt", "Kartläggningen våren 2024")
    a = engine.answer(
        "Delmål 4.3 i sociala hållbarhetsprogrammet hänvisar till bostadsförsörjningsprogrammet. "
        "Hur många personer i hemlöshet räknade kommunen till enligt det programmet?"
    )
    assert not a.abstained and count[:40] in quotes(a)
    assert "oräknade" not in quotes(a)


def test_a_situation_before_the_question_is_no_topic(engine: AnswerEngine) -> None:
    agreement = fixture_sentence("samverkansoverenskommelse-polisen.md", "belysning", "veckor")
    promise = fixture_sentence("medborgarloften.txt", "belysning")
    a = engine.answer(
        "Lampan vid gångvägen nära Vasaplan har varit trasig i evigheter. Hur snabbt ska "
        "kommunen laga belysning enligt överenskommelsen med polisen och medborgarlöftena?"
    )
    assert not a.abstained
    assert agreement[:40] in quotes(a) and promise[:40] in quotes(a)


def test_a_pronoun_in_the_question_stands_for_the_introductions_topic(
    engine: AnswerEngine,
) -> None:
    a = engine.answer(
        "Mina barn vill börja på kulturskolan. Vem är det som ansvarar för att den ska vara "
        "avgiftsfri enligt barnfattigdomsplanen?"
    )
    sec = _titled(engine, "handlingsplan-barnfattigdom", "Kulturskola")
    assert not a.abstained and a.sections == [sec.id]
    assert a.owners == [o.abbreviation for o in sec.owners]


def test_owners_come_from_a_section_with_owners(engine: AnswerEngine) -> None:
    a = engine.answer(
        "Vem har huvudansvaret för målet om att fler personer med funktionsnedsättning ska "
        "komma i arbete, i tillgänglighetsprogrammet?"
    )
    sec = _titled(engine, "program-tillganglighet", "med funktionsnedsättning i arbete")
    assert not a.abstained and a.sections == [sec.id]
    assert set(a.owners or []) == {o.abbreviation for o in sec.owners}


def test_what_came_up_before_a_document(engine: AnswerEngine) -> None:
    heard = fixture_sentence("medborgarloften.txt", "I dialogerna")
    a = engine.answer("Vad kom fram i dialogerna inför medborgarlöftena?")
    assert not a.abstained and heard[:40] in quotes(a)


def test_a_range_of_sections_named_in_a_quote_is_spelled_out(engine: AnswerEngine) -> None:
    prog = engine.corpus.by_document["kriterier-utvecklingsanslag"]
    rule = fixture_sentence("kriterier-utvecklingsanslag.txt", "måste vara uppfyllda")
    a = engine.answer("vilka kritterier måste vara uppfyllda för att få utvecklingsanslag?")
    assert not a.abstained and rule[:40] in quotes(a)
    # the sentence names a range of criteria: their headings are quoted with it
    m = re.search(r"Kriterium (\d)–(\d)", rule)
    assert m is not None
    ids = {str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1)}
    named = [s for s in prog.sections if s.id in ids]
    assert len(named) == len(ids) > 1
    for s in named:
        assert s.title in a.text


def test_how_two_documents_hang_together_quotes_each_place(engine: AnswerEngine) -> None:
    builds = fixture_sentence(
        "samverkansoverenskommelse-polisen.md", "lägesbild", "medborgarlöften"
    )
    a = engine.answer("Hur hänger medborgarlöftena ihop med samverkansöverenskommelsen?")
    assert builds[:40] in quotes(a)
    # a plan of the same kind as another is not named by the kind word alone
    b = engine.answer(
        "Hur hänger handlingsplanen mot barnfattigdom ihop med programmet för social hållbarhet?"
    )
    assert "våld" not in quotes(b).lower()


def test_a_compound_typed_in_two_words_names_the_document(engine: AnswerEngine) -> None:
    total = fixture_sentence(
        "bostadsforsorjningsprogram.txt", "planerade produktionen", "sammanlagt"
    )
    a = engine.answer(
        "hur många bostäder är planerade totalt 2025-2030 enligt bilagan i bostadsförsörjnings "
        "programmet?"
    )
    assert {c.document for c in a.citations} == {"bostadsforsorjningsprogram"}
    assert total[:40] in quotes(a)


def test_an_abstention_over_every_document_speaks_of_the_documents(
    engine: AnswerEngine,
) -> None:
    a = engine.answer("Vilka öppettider har fritidsbanken på Ersboda?")
    assert a.abstained
    assert a.text.startswith(engine.messages.render("answer.abstain_documents"))
    assert engine.messages.render("answer.abstain") not in a.text
    # within the one document named, the document's own wording
    one = engine.answer("Vilka öppettider har fritidsbanken enligt barnfattigdomsplanen?")
    assert one.abstained and not one.text.startswith(
        engine.messages.render("answer.abstain_documents")
    )
