from __future__ import annotations

import math

import pytest

from evals.facts import mentions, mentions_section, missing_facts, normalize
from evals.metrics import (
    check_owners,
    check_sections,
    citation_correct,
    hit_at,
    ndcg_at,
    owner_in_text,
    percentile,
    quote_faithful,
    ranked_sections,
    reciprocal_rank,
    score_answer,
    score_error,
    score_passage,
    summarize,
)

from .helpers import FORMS, answer, case, cite, page_text

pytestmark = pytest.mark.unit


# --- normalisation and facts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["6 000", "6000", "6,000", "6\u00a0000", "6\u2009000", "6\u202f000"]
)
def test_number_normalisation_joins_digit_groups(written: str) -> None:
    assert normalize(written) == "6000"
    assert missing_facts(f"Anslaget är {written} per år.", ["6 000"]) == []


def test_normalize_folds_case_diacritics_dashes_and_space() -> None:
    assert normalize("  Umeå  Äldrenämnden\n2021–2024 — x ") == "umea aldrenamnden 2021-2024 - x"


def test_missing_facts_lists_only_the_absent_ones() -> None:
    text = "Strategisk utveckling, samhallsbyggnadsforvaltningen, följer upp 2021-2024."
    facts = ["Strategisk utveckling", "samhällsbyggnadsförvaltningen", "2021–2024", "halverad"]
    assert missing_facts(text, facts) == ["halverad"]


def test_digit_joining_does_not_invent_numbers_across_words() -> None:
    assert missing_facts("delmål 6 och 000", ["6 000"]) == ["6 000"]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Programmet har 5 fokusområden.", "fem"),
        ("Programmet har fem fokusområden.", "5"),
        ("det sjätte nationella delmålet", "6"),
        ("det 6:e nationella delmålet", "sjätte"),
        ("inriktningsmål två och tre", "2"),
    ],
)
def test_a_number_matches_written_as_a_word_or_as_digits(text: str, fact: str) -> None:
    assert missing_facts(text, [fact]) == []


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Programmet har fyra fokusområden.", "5"),
        ("Delmål 4.5 finns inte.", "fem"),  # a digit inside a section number is no count
        ("Ett delmål.", "1"),  # "ett" is mostly an article: one stays digits only
        ("Det andra delmålet.", "2"),  # "andra" is mostly "other"
    ],
)
def test_a_number_in_another_form_must_be_the_same_number(text: str, fact: str) -> None:
    assert missing_facts(text, [fact]) == [fact]


# --- owners and sections -------------------------------------------------------------------


def test_owner_mention_is_a_whole_word_with_diacritics() -> None:
    assert mentions("Huvudansvar: KS, IFN", "KS")
    assert not mentions("KSA och IFNX", "KS")
    # "knyter an till" is not ÄN, and folding must not make it so
    assert not owner_in_text("Arbetet knyter an till planen.", "ÄN", FORMS)
    assert owner_in_text("Huvudansvar: KS, AN", "ÄN", FORMS)
    assert owner_in_text("ÄN (troligen Äldrenämnden)", "ÄN", FORMS)


def test_owners_exact_set_and_named_in_text() -> None:
    expected = frozenset({"KS", "IFN", "TN", "UKF"})
    text = "KS, IFN, TN och UKF genom Bostaden och Ultra."
    assert check_owners(["KS", "IFN", "TN", "UKF"], text, expected, FORMS) == []
    missing = check_owners(["KS", "IFN", "TN"], text, expected, FORMS)
    assert missing == ["owners missing: UKF"]
    extra = check_owners(["KS", "IFN", "TN", "UKF", "BN"], text + " BN", expected, FORMS)
    assert extra == ["owners extra: BN"]
    unnamed = check_owners(["KS", "IFN", "TN", "UKF"], "KS, IFN och TN.", expected, FORMS)
    assert unnamed == ["owners not named in the text: UKF"]
    assert check_owners(None, text, expected, FORMS)[0].startswith("owners: the answer gives no")


def test_an_expected_owner_written_as_a_variant_is_its_body() -> None:
    text = "KS och ÄN (i texten AN)."
    assert check_owners(["KS", "ÄN"], text, frozenset({"KS", "AN"}), FORMS) == []
    assert check_owners(["KS"], text, frozenset({"KS", "AN"}), FORMS) == ["owners missing: ÄN"]


def test_sections_exact_set_of_subgoal_ids() -> None:
    expected = frozenset({"4.1", "4.2", "4.3"})
    text = "4.1 Strategier, 4.2 Mötesplatser och 4.3 Bostadsförsörjning."
    # the focus area "4" is not a sub-goal id and is ignored
    assert check_sections(["4", "4.1", "4.2", "4.3"], text, expected) == []
    assert check_sections(["4.1", "4.2", "4.3", "3.4"], text, expected) == ["sections extra: 3.4"]
    assert check_sections(["4.1", "4.2"], text, expected) == ["sections missing: 4.3"]
    assert check_sections(["4.1", "4.2", "4.3"], "4.1 och 4.2 och 14.3", expected) == [
        "sections not named in the text: 4.3"
    ]


def test_section_mention_boundaries() -> None:
    assert mentions_section("delmål 3.2.", "3.2")
    assert not mentions_section("delmål 13.2", "3.2")
    assert not mentions_section("delmål 3.21", "3.2")
    assert not mentions_section("punkt 3.2.1", "3.2")


# --- retrieval ------------------------------------------------------------------------------


def test_ranking_follows_citations_then_falls_back_to_sections() -> None:
    a = answer(citations=[cite("3.2", 2), cite(None, 2), cite("3.2", 2), cite("3.1", 2)])
    assert ranked_sections(a) == ["3.2", "3.1"]
    assert ranked_sections(answer(sections=["1.1", "1.2", "1.1"])) == ["1.1", "1.2"]


def test_hit_mrr_ndcg_values() -> None:
    ranked = ["x", "g1", "y", "g2"]
    gold = ["g1", "g2"]
    assert hit_at(ranked, gold, 1) == 0.0
    assert hit_at(ranked, gold, 5) == 1.0
    assert reciprocal_rank(ranked, gold) == pytest.approx(0.5)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(ranked, gold) == pytest.approx(dcg / ideal)
    assert ndcg_at(["g1", "g2"], gold) == pytest.approx(1.0)
    assert reciprocal_rank(["x"] * 10 + ["g1"], gold) == 0.0


# --- citations and quotes ------------------------------------------------------------------


def test_citation_holds_the_answer_by_section_and_page() -> None:
    gold_s, gold_p = ["relaterade-dokument"], [5]
    assert citation_correct(cite("relaterade-dokument", 5), gold_s, gold_p)
    assert not citation_correct(cite("relaterade-dokument", 4), gold_s, gold_p)
    assert not citation_correct(cite("uppfoljning", 5), gold_s, gold_p)
    assert citation_correct(cite(None, 5), gold_s, gold_p)
    assert not citation_correct(cite(None, 4), gold_s, gold_p)
    assert citation_correct(cite("relaterade-dokument", None), gold_s, gold_p)
    assert not citation_correct(cite(None, None), gold_s, gold_p)


def test_quote_must_be_verbatim_on_the_cited_page() -> None:
    assert quote_faithful(cite("1.2", 1, "Huvudansvar: KS, IFN"), page_text)
    assert not quote_faithful(cite("1.2", 2, "Huvudansvar: KS, IFN"), page_text)
    assert not quote_faithful(cite("1.2", 1, "Huvudansvar: KS,  IFN"), page_text)
    assert not quote_faithful(cite("1.2", 1, "  "), page_text)
    assert not quote_faithful(cite("1.2", None, "Huvudansvar"), page_text)


# --- a whole case ---------------------------------------------------------------------------


def test_unanswerable_passes_only_by_abstaining() -> None:
    c = case(
        answerable=False,
        category="unanswerable",
        gold_sections=[],
        gold_pages=[],
        expected_owners=None,
    )
    assert score_answer(c, answer(abstained=True), page_text).passed
    s = score_answer(c, answer("KS har ansvaret.", [cite("1.2", 1)]), page_text)
    assert not s.passed and "should abstain" in s.reasons[0]
    assert s.citations_judged == 0  # no gold to judge against
    assert s.quotes == 1


def test_answerable_case_all_checks() -> None:
    c = case(expected_owners=["KS", "IFN", "TN", "UKF"], required_facts=["Bostaden"])
    good = answer(
        "Huvudansvar för 1.2 har KS, IFN, TN och UKF genom Bostaden och Ultra.",
        [cite("1.2", 1, "Huvudansvar: KS, IFN, TN, UKF genom Bostaden och Ultra")],
        owners=["KS", "IFN", "TN", "UKF"],
    )
    s = score_answer(c, good, page_text, FORMS)
    assert s.passed, s.reasons
    assert (s.hit_at_1, s.hit_at_5, s.rr_at_10, s.ndcg_at_10) == (1.0, 1.0, 1.0, 1.0)
    assert (s.citations_judged, s.citations_correct) == (1, 1)
    assert (s.quotes, s.quotes_faithful) == (1, 1)

    wrong = answer(
        "Huvudansvar har KS, IFN och TN.",
        [cite("3.2", 2, "påhittad rad")],
        owners=["KS", "IFN", "TN"],
    )
    s = score_answer(c, wrong, page_text, FORMS)
    assert not s.passed
    assert "owners missing: UKF" in s.reasons
    assert "facts missing: 'Bostaden'" in s.reasons
    assert s.hit_at_5 == 0.0
    assert s.wrong_citations == ["3.2 p.2"] and s.citations_correct == 0
    assert s.quotes_faithful == 0 and "quote not on the page" in s.unfaithful_quotes[0]

    s = score_answer(c, answer(abstained=True), page_text, FORMS)
    assert s.reasons == ["abstained, but the program holds the answer"]
    assert s.hit_at_1 == 0.0


def test_score_error_fails_and_is_not_an_abstention() -> None:
    s = score_error(
        case(answerable=False, category="unanswerable", gold_sections=[], gold_pages=[]), "boom"
    )
    assert not s.passed and not s.abstained and s.reasons == ["error: boom"]


def test_passage_bears_the_answer() -> None:
    c = case(expected_owners=["KS", "IFN", "TN", "UKF"], required_facts=["Bostaden"])
    s = score_passage(c, "Huvudansvar: KS, IFN, TN, UKF genom Bostaden och Ultra", ["1.2"], FORMS)
    assert s.passed and s.hit_at_1 == 1.0 and not s.abstained
    s = score_passage(c, "Huvudansvar: KS, IFN", ["1.1", "1.2"], FORMS)
    assert s.reasons[0] == "owners not in the passage: TN, UKF"
    assert s.hit_at_1 == 0.0 and s.rr_at_10 == 0.5
    un = case(answerable=False, category="unanswerable", gold_sections=[], gold_pages=[])
    assert score_passage(un, "vad som helst", ["1.1"]).reasons == ["never abstains"]


# --- aggregates -----------------------------------------------------------------------------


def test_percentile_nearest_rank() -> None:
    assert percentile([40.0, 10.0, 30.0, 20.0], 50) == 20.0
    assert percentile([40.0, 10.0, 30.0, 20.0], 95) == 40.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert percentile([], 50) is None


def test_summarize_abstention_precision_recall_and_means() -> None:
    un = case(answerable=False, category="unanswerable", gold_sections=[], gold_pages=[])
    ans = case(expected_owners=["KS", "IFN", "TN", "UKF"])
    right = answer("KS, IFN, TN, UKF", [cite("1.2", 1)], owners=["KS", "IFN", "TN", "UKF"])
    scores = [
        score_answer(un, answer(abstained=True), page_text),  # TP
        score_answer(un, answer(abstained=True), page_text),  # TP
        score_answer(un, right, page_text),  # FN
        score_answer(ans, answer(abstained=True), page_text),  # FP
        score_answer(ans, right, page_text, FORMS),  # answered right
    ]
    m = summarize(scores, [5.0, 1.0, 3.0, None, 2.0])
    assert m["n"] == 5 and m["passed"] == 3 and m["accuracy"] == pytest.approx(0.6)
    assert m["abstention_precision"] == pytest.approx(2 / 3)
    assert m["abstention_recall"] == pytest.approx(2 / 3)
    assert m["retrieval_n"] == 2 and m["hit_at_1"] == pytest.approx(0.5)
    assert m["citation_precision"] == pytest.approx(1.0) and m["citations_judged"] == 1
    # quotes of the wrongly answered unanswerable case count too: "Huvudansvar: KS" is on p.1
    assert m["quotes"] == 2 and m["quote_faithfulness"] == pytest.approx(1.0)
    assert m["p50_ms"] == 2.0 and m["p95_ms"] == 5.0


def test_summarize_leaves_unmeasurable_metrics_none() -> None:
    un = case(answerable=False, category="unanswerable", gold_sections=[], gold_pages=[])
    m = summarize([score_answer(un, answer("svar"), page_text)], [1.0])
    assert m["citation_precision"] is None
    assert m["quote_faithfulness"] is None
    assert m["abstention_precision"] is None
    assert m["abstention_recall"] == 0.0
    assert m["hit_at_1"] is None
