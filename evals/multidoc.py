"""Scoring multi-document answers (evals/multi/*.jsonl; rules in evals/METRICS.md).

Sections are named "<document>#<section>". Owners are free strings, folded to one key per body
through the glossary (abbreviation, variants and expansion are one body). Per-document owners come
from Answer.owners_by_document, or else from the part of the text labelled with the document's
title. The documents an answer cites are checked against `expected_documents` and `document`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.engine.models import Answer, Citation

from .dataset import Case
from .facts import mentions, mentions_section, normalize
from .metrics import (
    CaseScore,
    PageText,
    dedupe,
    finish_score,
    missing_facts,
    score_retrieval,
)

_NUMBERED_RE = re.compile(r"^\d+(\.\d+)*$")
# a section number in running text: 3, 3.2, 3.2.1 (not part of a longer number or a year range)
_SECTION_IN_TEXT_RE = re.compile(r"(?<![\d.\-–])\d{1,2}(?:\.\d{1,2})*(?![\d\-–]|\.\d)")
_COMPANY_RE = re.compile(r"^(ab )?(.*?)( ab)?$")


@dataclass
class MultiContext:
    """What scoring needs to know about the fixture corpus: bodies and document names."""

    keys: dict[str, str] = field(default_factory=dict)  # folded written form -> body key
    forms: dict[str, list[str]] = field(default_factory=dict)  # body key -> written forms
    names: dict[str, list[str]] = field(default_factory=dict)  # document id -> title, aliases

    @classmethod
    def build(
        cls, glossary: Sequence[Mapping[str, Any]], names: Mapping[str, Sequence[str]]
    ) -> MultiContext:
        ctx = cls(names={d: [n for n in ns if n] for d, ns in names.items()})
        for entry in glossary:
            abbr, expansion = entry.get("abbreviation"), entry.get("expansion")
            written = [str(w) for w in (abbr, *(entry.get("variants") or ()), expansion) if w]
            if not written:
                continue
            key = str(abbr or expansion)
            ctx.forms[key] = dedupe(written)
            for w in written:
                ctx.keys[_fold(w)] = key
        return ctx

    def key(self, owner: str) -> str:
        """One key per body: "Tekniska nämnden", "TN" -> "TN"; unknown names fold as written.
        "UKF genom Bostaden och Ultra" is UKF (through its companies), as the parse reads it."""
        head = re.split(r"\s+genom\s+", owner, maxsplit=1)[0]
        if head != owner and _fold(head) in self.keys:
            owner = head
        return self.keys.get(_fold(owner), _fold(owner))

    def named(self, text: str, owner: str) -> bool:
        """The text names the body: an abbreviation as written (ÄN ≠ an), a name in any case."""
        forms = dedupe([owner, *self.forms.get(self.key(owner), ())])
        return any(_names(text, f) for f in forms)


def _fold(name: str) -> str:
    m = _COMPANY_RE.match(normalize(name))
    return m.group(2) if m else normalize(name)


def _names(text: str, form: str) -> bool:
    if len(form) <= 6 and form.upper() == form:  # an abbreviation: as written
        return mentions(text, form)
    return re.search(rf"(?<!\w){re.escape(normalize(form))}(?!\w)", normalize(text)) is not None


def qualified(answer: Answer) -> list[str]:
    """The cited "<document>#<section>" in citation order; else Answer.sections (qualified with
    the scope when it is one document)."""
    cited = dedupe(f"{c.document}#{c.section}" for c in answer.citations if c.section)
    if cited:
        return cited
    scope = answer.scope[0] if len(answer.scope) == 1 else None
    return dedupe(s if "#" in s or scope is None else f"{scope}#{s}" for s in answer.sections)


def cited_documents(answer: Answer) -> set[str]:
    """The documents the answer cites; its scope when it cites nothing."""
    return {c.document for c in answer.citations} or set(answer.scope)


def citation_correct(c: Citation, gold_sections: Iterable[str], gold_pages: Iterable[int]) -> bool:
    """As for the program, with the section qualified by its document; a citation without a
    section must at least come from a gold document; no gold pages: the page is not judged."""
    gold = set(gold_sections)
    if c.section is None and c.page is None:
        return False
    if c.section is not None and f"{c.document}#{c.section}" not in gold:
        return False
    if c.section is None and c.document not in {g.split("#", 1)[0] for g in gold}:
        return False
    pages = set(gold_pages)  # [] when the case writer could not know the rendered pages
    return c.page is None or not pages or c.page in pages


def _owner_sets(
    ctx: MultiContext, got: Iterable[str], expected: Iterable[str], where: str
) -> list[str]:
    g = {ctx.key(o) for o in got}
    e = {ctx.key(o) for o in expected}
    reasons = []
    if e - g:
        reasons.append(f"owners missing{where}: {', '.join(sorted(e - g))}")
    if g - e:
        reasons.append(f"owners extra{where}: {', '.join(sorted(g - e))}")
    return reasons


def _charfold(text: str) -> str:
    """Lowercase, diacritics and dashes folded, one character for one (offsets are kept)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(normalize(base)[:1] if base.strip() else " ")
    return "".join(out)


def segment(text: str, document: str, names: Mapping[str, Sequence[str]]) -> str | None:
    """The part of the text labelled with the document: from the first mention of its title (or
    an alias) to the first mention of another document after it; None when it is not named."""
    folded = _charfold(text)

    def first(doc: str, start: int = 0) -> int | None:
        hits = [folded.find(_charfold(n), start) for n in names.get(doc, ())]
        found = [h for h in hits if h >= 0]
        return min(found) if found else None

    begin = first(document)
    if begin is None:
        return None
    ends = [first(d, begin + 1) for d in names if d != document]
    end = min([e for e in ends if e is not None], default=len(text))
    return text[begin:end]


def owner_reasons(case: Case, answer: Answer, ctx: MultiContext) -> list[str]:
    reasons: list[str] = []
    if case.owners_by_document is not None:
        all_owners = {o for v in case.owners_by_document.values() for o in v}
        known = set(ctx.forms) | {ctx.key(o) for o in all_owners}
        for doc, expected in sorted(case.owners_by_document.items()):
            where = f" ({doc})"
            if answer.owners_by_document is not None:
                if doc not in answer.owners_by_document:
                    reasons.append(f"owners of {doc} not given")
                    continue
                reasons += _owner_sets(ctx, answer.owners_by_document[doc], expected, where)
                continue
            part = segment(answer.text, doc, ctx.names)
            if part is None:
                reasons.append(f"no part of the text is labelled with {doc}")
                continue
            found = {k for k in known if any(_names(part, f) for f in ctx.forms.get(k, [k]))}
            found |= {ctx.key(o) for o in all_owners if ctx.named(part, o)}
            reasons += _owner_sets(ctx, found, expected, where)
        extra = set(answer.owners_by_document or {}) - set(case.owners_by_document)
        extra = {d for d in extra if (answer.owners_by_document or {}).get(d)}
        if extra:
            reasons.append(f"owners of documents not asked: {', '.join(sorted(extra))}")
    elif case.expected_owners is not None:
        got: Sequence[str] | None = answer.owners
        if got is None and answer.owners_by_document and len(answer.owners_by_document) == 1:
            got = next(iter(answer.owners_by_document.values()))
        if got is None:
            return ["owners: the answer gives no owners"]
        reasons += _owner_sets(ctx, got, case.expected_owners, "")
    expected_all = set(case.expected_owners or ()) | {
        o for v in (case.owners_by_document or {}).values() for o in v
    }
    absent = [o for o in sorted(expected_all) if not ctx.named(answer.text, o)]
    if absent:
        reasons.append(f"owners not named in the text: {', '.join(absent)}")
    return reasons


def section_reasons(
    answer_sections: Sequence[str], text: str, expected: frozenset[str]
) -> list[str]:
    """The listed sections at the levels asked about (the depths of the expected ids) must be
    exactly `expected`; each numbered one must be named in the text."""
    depths = {s.count(".") for s in expected if _NUMBERED_RE.match(s)}
    plain = [s.split("#", 1)[-1] for s in answer_sections]
    got = {s for s in plain if (_NUMBERED_RE.match(s) and s.count(".") in depths) or s in expected}
    reasons = []
    if expected - got:
        reasons.append(f"sections missing: {', '.join(sorted(expected - got))}")
    if got - expected:
        reasons.append(f"sections extra: {', '.join(sorted(got - expected))}")
    absent = [
        s for s in sorted(expected & got) if _NUMBERED_RE.match(s) and not mentions_section(text, s)
    ]
    if absent:
        reasons.append(f"sections not named in the text: {', '.join(absent)}")
    return reasons


def sections_by_document_reasons(case: Case, answer: Answer, ctx: MultiContext) -> list[str]:
    """Each document's sections: from the qualified ids in Answer.sections when it has them,
    else the section numbers named in the part of the text labelled with the document."""
    expected_all = case.sections_by_document or {}
    given = [s for s in answer.sections if "#" in s]
    reasons: list[str] = []
    for doc, expected in sorted(expected_all.items()):
        if given:
            mine = [s for s in given if s.split("#", 1)[0] == doc]
            text = segment(answer.text, doc, ctx.names) or answer.text
        else:
            part = segment(answer.text, doc, ctx.names)
            if part is None:
                reasons.append(f"no part of the text is labelled with {doc}")
                continue
            text = part
            mine = [m.group(0) for m in _SECTION_IN_TEXT_RE.finditer(part)]
        reasons += [f"{r} ({doc})" for r in section_reasons(mine, text, expected)]
    if given:
        extra = {s.split("#", 1)[0] for s in given} - set(expected_all)
        if extra:
            reasons.append(f"sections of documents not asked: {', '.join(sorted(extra))}")
    return reasons


def document_reasons(case: Case, docs: set[str]) -> list[str]:
    reasons = []
    if case.expected_documents is not None and docs != set(case.expected_documents):
        reasons.append(
            f"documents: cites {sorted(docs)}, expected {sorted(case.expected_documents)}"
        )
    if case.document is not None and docs != {case.document}:
        reasons.append(f"document: cites {sorted(docs)}, expected only {case.document}")
    return reasons


def score_multi_answer(
    case: Case, answer: Answer, page_text: PageText, ctx: MultiContext
) -> CaseScore:
    reasons: list[str] = []
    if not case.answerable:
        if not answer.abstained:
            reasons.append("answered, but no document holds the answer (should abstain)")
    elif answer.abstained:
        reasons.append("abstained, but the documents hold the answer")
    else:
        reasons += document_reasons(case, cited_documents(answer))
        reasons += owner_reasons(case, answer, ctx)
        if case.expected_sections is not None:
            reasons += section_reasons(answer.sections, answer.text, case.expected_sections)
        if case.sections_by_document is not None:
            reasons += sections_by_document_reasons(case, answer, ctx)
        lost = missing_facts(answer.text, case.required_facts)
        if lost:
            reasons.append("facts missing: " + ", ".join(repr(f) for f in lost))
    return finish_score(case, answer, reasons, qualified(answer), page_text, citation_correct)


def multi_passage_reasons(
    case: Case, passage: str, document: str | None, ctx: MultiContext
) -> list[str]:
    """The baseline's top chunk bears the answer: it comes from the one document asked about and
    holds every expected owner, numbered section and fact (one chunk is one document, so a case
    expecting two documents fails)."""
    if not case.answerable:
        return ["never abstains"]
    reasons = document_reasons(case, {document} if document else set())
    owners = set(case.expected_owners or ()) | {
        o for v in (case.owners_by_document or {}).values() for o in v
    }
    absent = [o for o in sorted(owners) if not ctx.named(passage, o)]
    if absent:
        reasons.append(f"owners not in the passage: {', '.join(absent)}")
    wanted = set(case.expected_sections or ()) | {
        s for v in (case.sections_by_document or {}).values() for s in v
    }
    numbered = [s for s in sorted(wanted) if _NUMBERED_RE.match(s)]
    absent = [s for s in numbered if not mentions_section(passage, s)]
    if absent:
        reasons.append(f"sections not in the passage: {', '.join(absent)}")
    lost = missing_facts(passage, case.required_facts)
    if lost:
        reasons.append("facts missing: " + ", ".join(repr(f) for f in lost))
    return reasons


def score_multi_passage(
    case: Case, top: Sequence[Any], ranked: Sequence[str], ctx: MultiContext
) -> CaseScore:
    """The baseline on a multi case: its answer is the top chunk (`top[0].text`)."""
    passage = top[0].text if top else ""
    document = top[0].document if top else None
    reasons = multi_passage_reasons(case, passage, document, ctx)
    score = CaseScore(
        passed=not reasons,
        reasons=reasons,
        answerable=case.answerable,
        abstained=False,
        ranked=list(ranked),
    )
    score_retrieval(score, case)
    return score
