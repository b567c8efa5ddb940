"""Scoring, as pure functions: one answer against one case, and aggregates over many.

The rules are those of evals/DATASET.md ("Scoring"); the exact definitions of every metric are
in evals/METRICS.md. No I/O here: page texts and owner spellings come in as arguments.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.engine.models import Answer, Citation

from .dataset import Case
from .facts import mentions, mentions_section, missing_facts

_NUMBER_RE = re.compile(r"^\d+(\.\d+)*$")

PageText = Callable[[str, int], str]


def owner_in_text(text: str, owner: str, forms: Mapping[str, Sequence[str]]) -> bool:
    return any(mentions(text, f) for f in forms.get(owner, (owner,)))


def check_owners(
    answer_owners: Sequence[str] | None,
    text: str,
    expected: frozenset[str],
    forms: Mapping[str, Sequence[str]],
) -> list[str]:
    """Reasons the owners are wrong; [] when Answer.owners is exactly `expected` and the text
    names each one (its abbreviation or a written variant, e.g. AN for ÄN). An expected code
    written as a variant counts as its body (a case writing "AN" as the text prints it is ÄN)."""
    canonical = {form: key for key, fs in forms.items() for form in fs}
    expected = frozenset(canonical.get(o, o) for o in expected)
    got = set(answer_owners or ())
    reasons: list[str] = []
    if answer_owners is None:
        reasons.append("owners: the answer gives no owners")
    else:
        if expected - got:
            reasons.append(f"owners missing: {', '.join(sorted(expected - got))}")
        if got - expected:
            reasons.append(f"owners extra: {', '.join(sorted(got - expected))}")
    absent = [o for o in sorted(expected & got) if not owner_in_text(text, o, forms)]
    if absent:
        reasons.append(f"owners not named in the text: {', '.join(absent)}")
    return reasons


def check_sections(
    answer_sections: Sequence[str], text: str, expected: frozenset[str]
) -> list[str]:
    """Reasons the listed sections are wrong; [] when the ids in Answer.sections at the levels
    asked about (the depths of the expected ids: d.d for sub-goals, d for focus areas) are exactly
    `expected` and the text names each of them."""
    depths = {e.count(".") for e in expected}
    got = {s for s in answer_sections if _NUMBER_RE.match(s) and s.count(".") in depths}
    reasons: list[str] = []
    if expected - got:
        reasons.append(f"sections missing: {', '.join(sorted(expected - got))}")
    if got - expected:
        reasons.append(f"sections extra: {', '.join(sorted(got - expected))}")
    absent = [s for s in sorted(expected & got) if not mentions_section(text, s)]
    if absent:
        reasons.append(f"sections not named in the text: {', '.join(absent)}")
    return reasons


# --- retrieval ---------------------------------------------------------------------------


def dedupe(items: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i is not None and i not in out:
            out.append(i)
    return out


def ranked_sections(answer: Answer) -> list[str]:
    """The cited sections in citation order, deduplicated; Answer.sections when none is cited."""
    cited = dedupe(c.section for c in answer.citations)
    return cited or dedupe(answer.sections)


def hit_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    g = set(gold)
    return 1.0 if any(s in g for s in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    g = set(gold)
    for i, s in enumerate(ranked[:k], 1):
        if s in g:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    """Binary relevance: DCG of the ranking over the DCG of all gold sections ranked first."""
    g = set(gold)
    if not g:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, s in enumerate(ranked[:k], 1) if s in g)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(g), k) + 1))
    return dcg / ideal


# --- citations -----------------------------------------------------------------------------


def citation_correct(c: Citation, gold_sections: Iterable[str], gold_pages: Iterable[int]) -> bool:
    """A citation holds the answer when what it names is gold: its section is one of the gold
    sections (if it names a section) and its page one of the gold pages (if it names a page).
    A citation naming neither is wrong."""
    if c.section is None and c.page is None:
        return False
    if c.section is not None and c.section not in set(gold_sections):
        return False
    return c.page is None or c.page in set(gold_pages)


def quote_faithful(c: Citation, page_text: PageText) -> bool:
    """The quote is non-empty and occurs verbatim in the text of the cited page."""
    if not c.quote.strip() or c.page is None:
        return False
    return c.quote in page_text(c.document, c.page)


def _describe(c: Citation) -> str:
    return f"{c.section or '-'} p.{c.page if c.page is not None else '-'}"


def _quote_problem(c: Citation, page_text: PageText) -> str:
    if c.page is None:
        return f"{_describe(c)}: the citation names no page"
    if not c.quote.strip():
        return f"{_describe(c)}: empty quote"
    page = page_text(c.document, c.page)
    squash = " ".join(c.quote.split())
    hint = " (it does after whitespace is collapsed)" if squash in " ".join(page.split()) else ""
    return f"{_describe(c)}: quote not on the page{hint}: {c.quote[:80]!r}"


# --- one case -------------------------------------------------------------------------------


@dataclass
class CaseScore:
    """Everything measured on one answer; the aggregates are built from these."""

    passed: bool
    reasons: list[str]
    answerable: bool
    abstained: bool
    ranked: list[str] = field(default_factory=list)
    errored: bool = False  # answer() raised: neither an answer nor an abstention
    # retrieval; None when the case has no gold sections
    hit_at_1: float | None = None
    hit_at_5: float | None = None
    rr_at_10: float | None = None
    ndcg_at_10: float | None = None
    # citations judged against the gold (answered, answerable cases with gold sections)
    citations_judged: int = 0
    citations_correct: int = 0
    wrong_citations: list[str] = field(default_factory=list)
    # every quote of every citation
    quotes: int = 0
    quotes_faithful: int = 0
    unfaithful_quotes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "reasons": self.reasons,
            "abstained": self.abstained,
            "ranked_sections": self.ranked,
            "hit_at_1": self.hit_at_1,
            "hit_at_5": self.hit_at_5,
            "rr_at_10": self.rr_at_10,
            "ndcg_at_10": self.ndcg_at_10,
            "citations_judged": self.citations_judged,
            "citations_correct": self.citations_correct,
            "wrong_citations": self.wrong_citations,
            "quotes": self.quotes,
            "quotes_faithful": self.quotes_faithful,
            "unfaithful_quotes": self.unfaithful_quotes,
        }


def _retrieval(score: CaseScore, case: Case) -> None:
    """hit@1, hit@5, RR@10 and nDCG@10 of score.ranked against the case's gold sections."""
    if case.gold_sections:
        score.hit_at_1 = hit_at(score.ranked, case.gold_sections, 1)
        score.hit_at_5 = hit_at(score.ranked, case.gold_sections, 5)
        score.rr_at_10 = reciprocal_rank(score.ranked, case.gold_sections, 10)
        score.ndcg_at_10 = ndcg_at(score.ranked, case.gold_sections, 10)


def content_reasons(
    case: Case,
    text: str,
    owners: Sequence[str] | None,
    sections: Sequence[str],
    forms: Mapping[str, Sequence[str]],
) -> list[str]:
    """Owners, sub-goal list and required facts of an answerable case."""
    reasons: list[str] = []
    if case.expected_owners is not None:
        reasons += check_owners(owners, text, case.expected_owners, forms)
    if case.expected_sections is not None:
        reasons += check_sections(sections, text, case.expected_sections)
    lost = missing_facts(text, case.required_facts)
    if lost:
        reasons.append("facts missing: " + ", ".join(repr(f) for f in lost))
    return reasons


def score_answer(
    case: Case,
    answer: Answer,
    page_text: PageText,
    owner_forms: Mapping[str, Sequence[str]] | None = None,
) -> CaseScore:
    """Score the final answer to `case.question`."""
    forms = owner_forms or {}
    reasons: list[str] = []
    if not case.answerable:
        if not answer.abstained:
            reasons.append("answered, but the program does not hold the answer (should abstain)")
    elif answer.abstained:
        reasons.append("abstained, but the program holds the answer")
    else:
        reasons += content_reasons(case, answer.text, answer.owners, answer.sections, forms)
    return finish_score(case, answer, reasons, ranked_sections(answer), page_text, citation_correct)


def finish_score(
    case: Case,
    answer: Answer,
    reasons: list[str],
    ranked: list[str],
    page_text: PageText,
    correct: Callable[[Citation, Iterable[str], Iterable[int]], bool],
) -> CaseScore:
    """The case's score from the reasons it failed (none: passed), with its citations judged."""
    score = CaseScore(
        passed=not reasons,
        reasons=reasons,
        answerable=case.answerable,
        abstained=answer.abstained,
        ranked=ranked,
    )
    judge_citations(score, case, answer, page_text, correct)
    return score


def judge_citations(
    score: CaseScore,
    case: Case,
    answer: Answer,
    page_text: PageText,
    correct: Callable[[Citation, Iterable[str], Iterable[int]], bool],
) -> None:
    """Retrieval from score.ranked; citations against the gold (answered, answerable cases with
    gold sections); every quote against its page."""
    _retrieval(score, case)
    if case.answerable and case.gold_sections and not answer.abstained:
        for c in answer.citations:
            score.citations_judged += 1
            if correct(c, case.gold_sections, case.gold_pages):
                score.citations_correct += 1
            else:
                score.wrong_citations.append(_describe(c))
    for c in answer.citations:
        score.quotes += 1
        if quote_faithful(c, page_text):
            score.quotes_faithful += 1
        else:
            score.unfaithful_quotes.append(_quote_problem(c, page_text))


def score_error(case: Case, error: str) -> CaseScore:
    """A case whose answer() raised: it fails, and it neither answered nor abstained."""
    score = CaseScore(
        passed=False,
        reasons=[f"error: {error}"],
        answerable=case.answerable,
        abstained=False,
        errored=True,
    )
    _retrieval(score, case)
    return score


def score_passage(
    case: Case,
    passage: str,
    ranked: Sequence[str],
    owner_forms: Mapping[str, Sequence[str]] | None = None,
) -> CaseScore:
    """Score a retrieval-only "answer" (the baseline's top chunk): it never abstains, and it is
    right when it bears the answer: every expected owner and sub-goal id and every required
    fact occurs in the passage."""
    forms = owner_forms or {}
    reasons: list[str] = []
    if not case.answerable:
        reasons.append("never abstains")
    else:
        if case.expected_owners is not None:
            absent = [
                o for o in sorted(case.expected_owners) if not owner_in_text(passage, o, forms)
            ]
            if absent:
                reasons.append(f"owners not in the passage: {', '.join(absent)}")
        if case.expected_sections is not None:
            absent = [s for s in sorted(case.expected_sections) if not mentions_section(passage, s)]
            if absent:
                reasons.append(f"sections not in the passage: {', '.join(absent)}")
        lost = missing_facts(passage, case.required_facts)
        if lost:
            reasons.append("facts missing: " + ", ".join(repr(f) for f in lost))
    score = CaseScore(
        passed=not reasons,
        reasons=reasons,
        answerable=case.answerable,
        abstained=False,
        ranked=list(ranked),
    )
    _retrieval(score, case)
    return score


# --- aggregates -----------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def _mean(values: Iterable[float | None]) -> float | None:
    vs = [v for v in values if v is not None]
    return sum(vs) / len(vs) if vs else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarize(scores: Sequence[CaseScore], latencies_ms: Sequence[float | None]) -> dict[str, Any]:
    """The metrics over a set of cases. A metric with nothing to measure is None; a latency of
    None (the call failed) is left out of the percentiles."""
    timed = [v for v in latencies_ms if v is not None]
    tp = sum(1 for s in scores if s.abstained and not s.answerable)
    fp = sum(1 for s in scores if s.abstained and s.answerable)
    fn = sum(1 for s in scores if not s.abstained and not s.answerable)
    wrong = sum(1 for s in scores if not s.passed and not s.abstained and not s.errored)
    p50 = percentile(timed, 50)
    p95 = percentile(timed, 95)
    return {
        "n": len(scores),
        "passed": sum(1 for s in scores if s.passed),
        "accuracy": _ratio(sum(1 for s in scores if s.passed), len(scores)),
        "retrieval_n": sum(1 for s in scores if s.hit_at_1 is not None),
        "hit_at_1": _mean(s.hit_at_1 for s in scores),
        "hit_at_5": _mean(s.hit_at_5 for s in scores),
        "mrr_at_10": _mean(s.rr_at_10 for s in scores),
        "ndcg_at_10": _mean(s.ndcg_at_10 for s in scores),
        "citations_judged": sum(s.citations_judged for s in scores),
        "citation_precision": _ratio(
            sum(s.citations_correct for s in scores), sum(s.citations_judged for s in scores)
        ),
        "quotes": sum(s.quotes for s in scores),
        "quote_faithfulness": _ratio(
            sum(s.quotes_faithful for s in scores), sum(s.quotes for s in scores)
        ),
        "abstention_precision": _ratio(tp, tp + fp),
        "abstention_recall": _ratio(tp, tp + fn),
        "wrong_rate": _ratio(wrong, len(scores)),
        "needless_abstention_rate": _ratio(fp, len(scores)),
        "p50_ms": None if p50 is None else round(p50, 1),
        "p95_ms": None if p95 is None else round(p95, 1),
    }


score_retrieval = _retrieval
