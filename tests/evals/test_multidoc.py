"""Scoring multi-document answers, with hand-made answers (rules in evals/METRICS.md)."""

from __future__ import annotations

from typing import Any

import pytest

from evals.baseline import BaselineChunk
from evals.dataset import Case
from evals.metrics import summarize
from evals.multidoc import MultiContext, score_multi_answer, score_multi_passage, segment
from service.engine.models import Answer, Citation

pytestmark = pytest.mark.unit

GLOSSARY = [
    {"abbreviation": "TN", "variants": ["TN"], "expansion": "Tekniska nämnden"},
    {"abbreviation": "IFN", "variants": ["IFN"], "expansion": "Individ- och familjenämnden"},
    {"abbreviation": "ÄN", "variants": ["ÄN", "AN"], "expansion": "Äldrenämnden"},
    {"abbreviation": "UKF", "variants": ["UKF"], "expansion": "Umeå kommunföretag AB"},
]
NAMES = {
    "prog": ["Program för social hållbarhet", "programmet"],
    "till": ["Program för tillgänglighet", "tillgänglighetsprogrammet"],
}
CTX = MultiContext.build(GLOSSARY, NAMES)
PAGES = {
    ("prog", 2): "3.2 Motverka barnfattigdom\nHuvudansvar: IFN",
    ("till", 3): "3.2 Ramper\nAnsvarig: Tekniska nämnden",
}


def page_text(doc: str, page: int) -> str:
    return PAGES.get((doc, page), "")


def mcase(**kw: Any) -> Case:
    row: dict[str, Any] = {
        "id": "m1",
        "question": "Vem har huvudansvar för 3.2?",
        "history": [],
        "reference": "IFN i programmet, Tekniska nämnden i tillgänglighetsprogrammet.",
        "document": None,
        "gold_sections": ["prog#3.2", "till#3.2"],
        "gold_pages": [2, 3],
        "expected_owners": {"prog": ["IFN"], "till": ["Tekniska nämnden"]},
        "expected_sections": None,
        "expected_documents": ["prog", "till"],
        "required_facts": [],
        "answerable": True,
        "category": "owners",
        "variant": "number",
    }
    row.update(kw)
    return Case.from_dict(row, "multi", "dev")


CITES = [
    Citation("prog", "3.2", 2, "Huvudansvar: IFN"),
    Citation("till", "3.2", 3, "Ansvarig: Tekniska nämnden"),
]
TEXT = (
    "Program för social hållbarhet: huvudansvar för 3.2 har IFN. "
    "Program för tillgänglighet: ansvarig för 3.2 är TN."
)


def ans(text: str = TEXT, citations: list[Citation] | None = None, **kw: Any) -> Answer:
    return Answer(
        text=text,
        citations=CITES if citations is None else citations,
        abstained=False,
        mode="structured",
        **kw,
    )


def test_owners_per_document_from_owners_by_document_fold_names_and_abbreviations() -> None:
    a = ans(owners_by_document={"prog": ["IFN"], "till": ["TN"]})
    s = score_multi_answer(mcase(), a, page_text, CTX)
    assert s.passed, s.reasons
    assert s.ranked == ["prog#3.2", "till#3.2"] and s.hit_at_1 == 1.0
    assert (s.citations_judged, s.citations_correct, s.quotes_faithful) == (2, 2, 2)
    mixed = ans(owners_by_document={"prog": ["IFN", "TN"], "till": ["TN"]})
    assert score_multi_answer(mcase(), mixed, page_text, CTX).reasons == ["owners extra (prog): TN"]


def test_owners_per_document_from_the_labelled_text_when_the_answer_gives_no_map() -> None:
    assert score_multi_answer(mcase(), ans(), page_text, CTX).passed
    merged = ans("Program för social hållbarhet och Program för tillgänglighet: IFN och TN.")
    reasons = score_multi_answer(mcase(), merged, page_text, CTX).reasons
    # the program's part ends where the other title starts: its owners are in neither's part
    assert reasons == ["owners missing (prog): IFN", "owners extra (till): IFN"]
    unlabelled = ans("IFN och TN har huvudansvar.")
    reasons = score_multi_answer(mcase(), unlabelled, page_text, CTX).reasons
    assert "no part of the text is labelled with prog" in reasons


def test_segment_runs_from_a_document_name_to_the_next_one() -> None:
    assert segment(TEXT, "till", NAMES) == "Program för tillgänglighet: ansvarig för 3.2 är TN."
    assert segment("Enligt PROGRAMMET har IFN ansvar", "prog", NAMES) == "PROGRAMMET har IFN ansvar"
    assert segment("inget här", "prog", NAMES) is None


def test_the_cited_documents_must_be_the_expected_ones() -> None:
    one = ans(citations=CITES[:1], owners_by_document={"prog": ["IFN"], "till": ["TN"]})
    reasons = score_multi_answer(mcase(), one, page_text, CTX).reasons
    assert reasons == ["documents: cites ['prog'], expected ['prog', 'till']"]
    c = mcase(
        document="prog",
        expected_documents=["prog"],
        gold_sections=["prog#3.2"],
        gold_pages=[2],
        expected_owners=["IFN"],
    )
    both = ans("Huvudansvar för 3.2 har IFN.", owners=["IFN"])
    assert score_multi_answer(c, both, page_text, CTX).reasons == [
        "documents: cites ['prog', 'till'], expected ['prog']",
        "document: cites ['prog', 'till'], expected only prog",
    ]
    s = score_multi_answer(
        c, ans("Huvudansvar för 3.2 har IFN.", CITES[:1], owners=["IFN"]), page_text, CTX
    )
    assert s.passed, s.reasons
    # a citation of the right number in another document is outside the gold
    assert s.citations_correct == 1
    wrong = ans("Huvudansvar för 3.2 har IFN.", [CITES[1]], owners=["IFN"])
    assert score_multi_answer(c, wrong, page_text, CTX).citations_correct == 0


def test_one_document_owners_match_by_name_and_must_be_named() -> None:
    c = mcase(
        document="till",
        expected_documents=None,
        gold_sections=["till#3.2"],
        gold_pages=[3],
        expected_owners=["Tekniska nämnden"],
    )
    ok = ans("Ansvarig för 3.2 är tekniska nämnden.", [CITES[1]], owners=["TN"])
    assert score_multi_answer(c, ok, page_text, CTX).passed
    silent = ans("Ansvarig för 3.2 finns.", [CITES[1]], owners=["TN"])
    assert score_multi_answer(c, silent, page_text, CTX).reasons == [
        "owners not named in the text: Tekniska nämnden"
    ]


def test_sections_at_the_asked_level_and_abstention() -> None:
    c = mcase(
        category="reverse_lookup",
        document="till",
        expected_documents=None,
        expected_owners=None,
        expected_sections=["3.1", "3.2"],
        gold_sections=["till#3.1", "till#3.2"],
        gold_pages=[3],
    )
    a = ans(
        "TN: 3.1 och 3.2 (under Mål 3).", [CITES[1]], sections=["till#3", "till#3.1", "till#3.2"]
    )
    assert score_multi_answer(c, a, page_text, CTX).passed
    extra = ans("TN: 3.1, 3.2 och 4.1.", [CITES[1]], sections=["3.1", "3.2", "4.1"])
    assert score_multi_answer(c, extra, page_text, CTX).reasons == ["sections extra: 4.1"]
    u = mcase(
        answerable=False,
        category="unanswerable",
        expected_owners=None,
        expected_documents=None,
        gold_sections=[],
        gold_pages=[],
    )
    abst = Answer("Dokumenten anger inte det.", [], abstained=True, mode="abstain")
    assert score_multi_answer(u, abst, page_text, CTX).passed
    assert not score_multi_answer(mcase(), abst, page_text, CTX).passed


def test_the_baseline_passage_is_one_document() -> None:
    chunk = BaselineChunk("prog", "3.2 Motverka barnfattigdom Huvudansvar: IFN", [])
    c = mcase(
        document="prog",
        expected_documents=None,
        expected_owners=["IFN"],
        gold_sections=["prog#3.2"],
        gold_pages=[2],
    )
    s = score_multi_passage(c, [chunk], ["prog#3.2"], CTX)
    assert s.passed and s.hit_at_1 == 1.0
    assert not score_multi_passage(mcase(), [chunk], ["prog#3.2"], CTX).passed


def test_wrong_and_needless_abstention_rates() -> None:
    c = mcase(
        document="prog",
        expected_documents=None,
        expected_owners=["IFN"],
        gold_sections=["prog#3.2"],
        gold_pages=[2],
    )
    abst = Answer("Dokumenten anger inte det.", [], abstained=True, mode="abstain")
    wrong = ans("Huvudansvar för 3.2 har TN.", CITES[:1], owners=["TN"])
    right = ans("Huvudansvar för 3.2 har IFN.", CITES[:1], owners=["IFN"])
    scores = [score_multi_answer(c, a, page_text, CTX) for a in (abst, wrong, right, right)]
    s = summarize(scores, [1.0] * 4)
    assert (s["wrong_rate"], s["needless_abstention_rate"], s["accuracy"]) == (0.25, 0.25, 0.5)


def test_sections_per_document_from_qualified_ids_or_the_labelled_text() -> None:
    c = mcase(
        category="reverse_lookup",
        expected_owners=None,
        expected_documents=None,
        expected_sections={"prog": ["1.3", "3.2"], "till": ["4"]},
        gold_sections=["prog#1.3", "prog#3.2", "till#4"],
        gold_pages=[2, 3],
    )
    text = "Program för social hållbarhet: 1.3 och 3.2. Program för tillgänglighet: mål 4."
    by_text = ans(text, CITES)
    assert score_multi_answer(c, by_text, page_text, CTX).passed
    qualified = ans(text, CITES, sections=["prog#1.3", "prog#3.2", "till#4"])
    assert score_multi_answer(c, qualified, page_text, CTX).passed
    merged = ans("Program för social hållbarhet: 1.3, 3.2 och 4.", CITES)
    assert score_multi_answer(c, merged, page_text, CTX).reasons == [
        "no part of the text is labelled with till"
    ]
    extra = ans(text, CITES, sections=["prog#1.3", "prog#3.2", "prog#4.1", "till#4"])
    assert score_multi_answer(c, extra, page_text, CTX).reasons == ["sections extra: 4.1 (prog)"]


@pytest.mark.unit
def test_an_owner_written_with_its_companies_is_the_body() -> None:
    assert CTX.key("UKF genom Bostaden och Ultra") == CTX.key("UKF")
    # an unknown head is not cut: a name that merely contains "genom" stays whole
    assert CTX.key("Samverkan genom avtal") == "samverkan genom avtal"
