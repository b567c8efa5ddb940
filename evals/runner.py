"""Run the answer engine on every case (history replayed first), time it and score it."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from service.engine.models import Answer, QuestionError, Turn

from .baseline import BaselineResult
from .dataset import Case
from .metrics import CaseScore, PageText, dedupe, score_answer, score_error, summarize

# score one final answer (the multi suite scores with evals.multidoc)
Scorer = Callable[[Case, Answer], CaseScore]


class AnswersQuestions(Protocol):
    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


@dataclass
class CaseResult:
    case: Case
    answer: Answer | None
    latency_ms: float
    score: CaseScore
    error: str | None = None
    history_answers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        a = self.answer
        return {
            "id": self.case.id,
            "split": self.case.split,
            "category": self.case.category,
            "variant": self.case.variant,
            "question": self.case.question,
            "history": list(self.case.history),
            "history_answers": self.history_answers,
            "expected": {
                "answerable": self.case.answerable,
                "owners": self.case.to_dict()["expected_owners"],
                "document": self.case.document,
                "documents": None
                if self.case.expected_documents is None
                else sorted(self.case.expected_documents),
                "sections": None
                if self.case.expected_sections is None
                else sorted(self.case.expected_sections),
                "facts": list(self.case.required_facts),
                "gold_sections": list(self.case.gold_sections),
                "gold_pages": list(self.case.gold_pages),
            },
            "answer": None
            if a is None
            else {
                **a.to_json(),
                "owners": a.owners,
                "owners_by_document": a.owners_by_document,
                "scope": a.scope,
                "sections": a.sections,
                "suggestions": a.suggestions,
                "confidence": a.confidence,
            },
            "error": self.error,
            "latency_ms": round(self.latency_ms, 2),
            **self.score.to_dict(),
        }


def owner_forms(glossary: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Canonical owner abbreviation -> how it may be written (the glossary's variants)."""
    forms: dict[str, list[str]] = {}
    for entry in glossary:
        abbr = entry.get("abbreviation")
        if abbr:
            forms[str(abbr)] = [str(abbr), *[str(v) for v in entry.get("variants") or ()]]
    return forms


def run_case(
    engine: AnswersQuestions,
    case: Case,
    page_text: PageText,
    forms: Mapping[str, Sequence[str]],
    scorer: Scorer | None = None,
) -> CaseResult:
    """Replay the history as user/assistant turns, then time and score the final answer."""
    turns: list[Turn] = []
    replies: list[str] = []
    try:
        for q in case.history:
            prior = engine.answer(q, list(turns))
            replies.append(prior.text)
            turns += [Turn("user", q), Turn("assistant", prior.text)]
        t0 = time.perf_counter()
        answer = engine.answer(case.question, list(turns))
        ms = (time.perf_counter() - t0) * 1000.0
    except QuestionError as exc:
        return CaseResult(case, None, 0.0, score_error(case, f"QuestionError {exc.code}"), exc.code)
    except Exception as exc:  # noqa: BLE001 - one broken case must not stop the run
        msg = f"{type(exc).__name__}: {exc}"
        return CaseResult(case, None, 0.0, score_error(case, msg), msg, replies)
    score = scorer(case, answer) if scorer else score_answer(case, answer, page_text, forms)
    return CaseResult(case, answer, ms, score, None, replies)


def run_cases(
    engine: AnswersQuestions,
    cases: Sequence[Case],
    page_text: PageText,
    forms: Mapping[str, Sequence[str]],
    progress: Callable[[int, int], None] | None = None,
    scorer: Scorer | None = None,
) -> list[CaseResult]:
    results = []
    for i, case in enumerate(cases, 1):
        results.append(run_case(engine, case, page_text, forms, scorer))
        if progress:
            progress(i, len(cases))
    return results


def _grouped(
    keys: Sequence[str], scores: Sequence[CaseScore], latencies: Sequence[float | None]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k].append(i)
    return {
        k: summarize([scores[i] for i in idx], [latencies[i] for i in idx])
        for k, idx in sorted(groups.items())
    }


def summary(
    results: Sequence[CaseResult],
    baseline: Sequence[BaselineResult] | None,
    splits: Sequence[str] = (),
) -> dict[str, Any]:
    """Overall, per category and per variant; the baseline's the same way, when it ran; and
    the same for each split (`splits` names those the run meant to have, even when empty)."""
    out = _summary(results, baseline)
    names = dedupe([*splits, *(r.case.split for r in results)])
    if names:
        out["splits"] = {
            name: _summary(
                [r for r in results if r.case.split == name],
                None if baseline is None else [b for b in baseline if b.case.split == name],
            )
            for name in names
        }
    return out


def _summary(
    results: Sequence[CaseResult], baseline: Sequence[BaselineResult] | None
) -> dict[str, Any]:
    scores = [r.score for r in results]
    lat = [r.latency_ms if r.answer is not None else None for r in results]
    out = summarize(scores, lat)
    out["errors"] = sum(1 for r in results if r.error)
    out["modes"] = dict(sorted(_count(r.answer.mode for r in results if r.answer).items()))
    out["per_category"] = _grouped([r.case.category for r in results], scores, lat)
    out["per_variant"] = _grouped([r.case.variant for r in results], scores, lat)
    if baseline is not None:
        bs = [b.score for b in baseline]
        bl = [b.latency_ms for b in baseline]
        base = summarize(bs, bl)
        base["per_category"] = _grouped([b.case.category for b in baseline], bs, bl)
        base["per_variant"] = _grouped([b.case.variant for b in baseline], bs, bl)
        out["baseline"] = base
    else:
        out["baseline"] = None
    return out


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for i in items:
        counts[str(i)] += 1
    return dict(counts)


@dataclass
class EvalRun:
    """One evaluation: what ran, on what, and its results."""

    date: str  # YYYY-MM-DD
    dataset: str  # the case files, comma-separated
    dataset_sha256: str  # of the dev files (what evals/baseline.json was written from)
    index_version: str | None
    results: list[CaseResult]
    baseline: list[BaselineResult] | None
    suite: str = "program"
    splits: tuple[str, ...] = ()  # the splits this run meant to have (a gate fails on an empty one)
    documents: list[str] = field(default_factory=list)  # the indexed documents it answered over
    # the multi suite: the single-document dev set on the same corpus, asked with the document
    # filter on the default document and with none ({"scope": id, "scoped": …, "unscoped": …})
    single_on_corpus: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        out = summary(self.results, self.baseline, self.splits)
        out["documents"] = list(self.documents)
        if self.single_on_corpus is not None:
            out["single_document_on_corpus"] = self.single_on_corpus
        return out

    def to_dict(self) -> dict[str, Any]:
        base = {b.case.id: b.to_dict() for b in self.baseline or ()}
        return {
            "date": self.date,
            "suite": self.suite,
            "dataset": self.dataset,
            "dataset_sha256": self.dataset_sha256,
            "index_version": self.index_version,
            "summary": self.summary(),
            "cases": [{**r.to_dict(), "baseline": base.get(r.case.id)} for r in self.results],
        }


@dataclass
class Scoped:
    """An engine whose every question is asked within `scope` (the UI's document filter)."""

    engine: Any
    scope: list[str]

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Any:
        return self.engine.answer(question, history, self.scope)
