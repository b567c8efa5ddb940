"""The document scope of one question, and answers over several documents kept apart.

The scope comes, in this order, from the caller (a document filter in the UI, a `/v1` model),
from the question's own words (reading/scope.py), from the conversation (the document the last
turn named), and else it is every document. Over several documents a structural question is
answered once per document that can answer it, each part labelled with its document, the
default document first; owners or sections of two documents are never merged into one list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.index import Snapshot
from ingest.text import fold

from .models import Answer, Citation
from .operations import PER_DOCUMENT_KINDS
from .reading.levels import label_used
from .reading.scope import DocInfo, Scope, load_scope_words, resolve_scope

if TYPE_CHECKING:
    from .corpus import Corpus
    from .turn import Answering, Result


@dataclass
class Planned:
    documents: list[str]  # the documents in scope, default first
    named: bool  # the question (or its conversation) named them
    words: set[str]  # question words that named them (not topic words)
    by_title: bool = False  # named by title, alias or compound, not by a kind word alone


def doc_infos(snapshot: Snapshot, allowed: Sequence[str] | None = None) -> list[DocInfo]:
    out = []
    for doc_id, rec in snapshot.documents.items():
        if allowed is not None and doc_id not in allowed:
            continue
        aliases = rec.meta.get("aliases") or []
        out.append(DocInfo(doc_id, rec.title, rec.kind, tuple(str(a) for a in aliases)))
    return out


def plan_scope(
    question: str,
    snapshot: Snapshot,
    default: str | None,
    caller: Sequence[str] | None,
    previous: Sequence[str] = (),
) -> Planned:
    allowed = [d for d in (caller or snapshot.documents) if d in snapshot.documents]
    order = sorted(allowed, key=lambda d: d != default)
    found: Scope = resolve_scope(
        question, doc_infos(snapshot, order), default, joined_compounds=True
    )
    if len(order) <= 1:
        # one document: nothing to choose, but the words that name it are still not the topic
        # ("Vad är syftet med programmet för social hållbarhet?")
        return Planned(order, bool(caller), found.words if found.documents else set())
    if len(found.documents) > 1:
        about = _about_another(question, doc_infos(snapshot, order), default)
        if about is not None:
            return about
    if found.documents:
        return Planned(found.documents, True, found.words, found.how != "kind")
    kept = [d for d in previous if d in order]
    if kept:
        return Planned(kept, True, set())
    return Planned(order, False, set())


_ABOUT_RE = re.compile(r"\b(?:om|about)\b", re.IGNORECASE)
_WHERE_RE = re.compile(r"\b(?:i|in)\b", re.IGNORECASE)


def _about_another(question: str, infos: list[DocInfo], default: str | None) -> Planned | None:
    """'Vad säger samverkansöverenskommelsen om medborgarlöftena?': the document named after
    "om" is what is asked about, the other one is where to look; its name stays the topic.
    None when the question is no such question."""
    for m in _ABOUT_RE.finditer(question):
        after = question[m.end() :]
        where = _WHERE_RE.search(after)
        about_text = after[: where.start()] if where else after
        rest = question[: m.start()] + " " + (after[where.start() :] if where else "")
        about = resolve_scope(about_text, infos, None, joined_compounds=True)
        looked = resolve_scope(rest, infos, default, joined_compounds=True)
        if (
            about.documents
            and looked.documents
            and not set(about.documents) & set(looked.documents)
        ):
            return Planned(looked.documents, True, looked.words)
    return None


def informative(parts: list[tuple[str, Result]]) -> list[tuple[str, Result]]:
    """Of per-document results, those that found something; all of them if none did."""
    found = [(d, r) for d, r in parts if not r.answer.abstained and (r.sections or r.answer.owners)]
    return found or [(d, r) for d, r in parts if not r.answer.abstained] or parts


def merge(parts: Sequence[tuple[str, Answer]], label: str, titles: dict[str, str]) -> Answer:
    """One answer from per-document answers: each part labelled, none merged into another."""
    answered = [(d, a) for d, a in parts if not a.abstained]
    use = answered or list(parts)
    if len(use) == 1:
        return use[0][1]
    text = "\n\n".join(label.format(title=titles.get(d, d), text=a.text) for d, a in use)
    citations: list[Citation] = [c for _, a in use for c in a.citations]
    owners = {d: list(a.owners) for d, a in use if a.owners is not None}
    first = use[0][1]
    return Answer(
        text=text,
        citations=citations,
        abstained=not answered,
        mode=first.mode if answered else "abstain",
        confidence=min(a.confidence for _, a in use),
        owners=[o for _, a in use for o in (a.owners or [])] if owners else None,
        sections=[s for _, a in use for s in a.sections],
        suggestions=[s for _, a in use for s in a.suggestions],
        language=first.language,
        scope=[d for d, _ in use],
        operation=first.operation,
        owners_by_document=owners or None,
    )


# at most this many named documents are answered one by one (more: over all of them at once)
MAX_NAMED_APART = 3


def _named_by_labels(c: Corpus, documents: list[str], folded: str) -> list[str]:
    """Of `documents`, those whose own words the question uses: its level names ("åtgärd 3.2"
    is a handlingsplan's, "insatsområde" a bostadsförsörjningsprogram's) and then its
    responsibility label ("samordningsansvar", "huvudansvar"). None used: all of them."""

    def uses(word: str) -> bool:
        w = fold(word).strip()
        return bool(w) and re.search(rf"(?<!\w){re.escape(w)}\w{{0,3}}(?!\w)", folded) is not None

    # the most specific level name used wins: "strategiskt mål 3" is not a handlingsplan's "Mål"
    longest = {
        d: max((len(lv) for lv in c.by_document[d].levels if label_used(lv, folded)), default=0)
        for d in documents
    }
    best = max(longest.values(), default=0)
    by_level = [d for d in documents if best and longest[d] == best]
    documents = by_level or documents
    generic = load_scope_words().generic_responsibility
    by_resp = [
        d
        for d in documents
        if any(
            uses(s.owners_label)
            for s in c.by_document[d].sections
            if s.owners_label and fold(s.owners_label) not in generic
        )
    ]
    return by_resp or documents


def per_document(
    c: Corpus, probe: Answering, documents: list[str], by_title: bool = False
) -> list[str]:
    """The documents a structural question is answered in, one part each; [] for a
    question answered over all of them at once (an open question over the corpus). An
    open question about the few documents it names ("Vad är skillnaden i hur
    barnfattigdomsplanen och våldsplanen följs upp?") is answered in each of them."""
    kind = probe.kind()
    if kind == "open" and by_title and 2 <= len(documents) <= MAX_NAMED_APART:
        return list(documents)
    if kind not in PER_DOCUMENT_KINDS:
        return []
    p = probe.p
    structured = [
        d
        for d in documents
        if (prog := c.by_document.get(d)) and (prog.sub_goals or prog.focus_areas)
    ]
    refs = p.sub_goals + p.focus_areas
    asked = " " + fold(probe.asked) + " "  # the level names as typed
    if refs:
        having = [d for d in structured if all(c.section(r, d) is not None for r in refs)]
        return _named_by_labels(c, having, asked) or structured[:1]
    return _named_by_labels(c, structured, asked)
