"""The related-documents lists: all of them, one by its focus area or own word, the entries that
hold a word, entries in several lists, and how many."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from ..extractive import match_score
from ..models import Answer
from ..reading import lexicon as lx
from . import passages, related_ops

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_related_docs(a: Answering) -> Result:
    p, prog = a.p, a._program()
    grouped = [s for s in prog.sections if s.groups] if prog else []
    # the related-documents list itself before any other grouped list of the document
    holder = next(
        (s for s in grouped if any(st in fold(s.title) for st in lx.RELATED_STEMS)),
        grouped[0] if grouped else None,
    )
    if holder is None:
        return passages.k_open(a)
    focus = a._explicit_focus() or a._focus_by_title(require_word=False)
    names = list(holder.groups)
    if related_ops.asks_repeated(a):
        return a.result(_repeated(a, holder, names, focus), "related_docs")
    chosen: list[str] = []
    if focus is not None:
        chosen = [n for n in names if re.search(rf"\b{re.escape(focus.id)}\b\s*$", fold(n))]
        of_them = bool(a.users and set(p.tokens) & lx.ANAPHORA_PLURAL)
        words = [w for w in p.residual if _picks_entries(w)] if of_them else []
        found = related_ops.holding(a, holder, words, of=chosen) if chosen and words else None
        if found is not None:
            # "Är någon av dem antagen av kommunfullmäktige?" after focus area 2's list: its
            # entries, as any list of the document describes them
            return a.result(found, "related_docs")
    if not chosen:
        chosen = _named_by_own_word(a, names)
        naming = {w for n in chosen for w in re.findall(r"\w+", fold(n))}
        words = [w for w in p.residual if w not in naming and _picks_entries(w)]
        found = related_ops.holding(a, holder, words, chosen) if chosen and words else None
        if found is not None:
            return a.result(found, "related_docs")
    if not chosen:
        words = [w for w in p.residual if _picks_entries(w)]
        best, best_score = [], 0.0
        for n in names:
            score = match_score(n, {w: 1.0 for w in words}, a.c.search) if words else 0.0
            if score > best_score:
                best, best_score = [n], score
        chosen = best if best_score >= 0.5 else []
    if not chosen and focus is None:
        words = [w for w in p.residual if _picks_entries(w)]
        found = related_ops.holding(a, holder, words)
        if found is not None:
            return a.result(found, "related_docs")
    if not chosen:
        if focus is not None or a._topic_words(None, extra_generic=lx.RELATED_LIST_WORDS):
            return passages.k_open(a)
        chosen = names
    if "count" in p.asks:
        return a.result(related_ops.counted(a, holder, chosen), "related_docs")
    return a.result(a.s.related(holder, chosen), "related_docs")


def _picks_entries(word: str) -> bool:
    """A question word that can pick lists or entries: not one that asks about the lists as
    such ("relaterade", "listas", "relaterar")."""
    return word not in lx.RELATED_LIST_WORDS and not word.startswith(lx.RELATED_STEMS)


def _named_by_own_word(a: Answering, names: list[str]) -> list[str]:
    """The lists the question names by a word of their own name that few list names share
    ("Övriga relaterade dokument", "övergripande styrdokument")."""
    counts: dict[str, int] = {}
    for n in names:
        for w in set(re.findall(r"\w+", fold(n))):
            counts[w] = counts.get(w, 0) + 1
    asked = set(a.p.tokens)
    return [
        n
        for n in names
        if any(
            w in asked
            and len(w) > 5
            and counts[w] * 2 < len(names)
            and not w.startswith(lx.RELATED_STEMS)  # "relaterar": the lists' own subject
            for w in re.findall(r"\w+", fold(n))
        )
    ]


def _repeated(a: Answering, holder: Section, names: list[str], focus: Section | None) -> Answer:
    """Entries in several lists; after a list ("Finns något av dem även bland övriga?"), the
    previous list's entries that the named list(s) also hold."""
    named = [
        n
        for n in names
        if (focus is not None and re.search(rf"\b{re.escape(focus.id)}\b\s*$", fold(n)))
        or n in _named_by_own_word(a, names)
    ]
    prev = a.ctx() if a.users else None
    against: list[str] = []
    if prev is not None and prev.kind == "related_docs" and not prev.answer.abstained:
        against = [n for n in names if n in prev.answer.text and n not in named]
    if against:
        return related_ops.repeated(
            a, holder, named or [n for n in names if n not in against], against
        )
    return related_ops.repeated(a, holder, named if len(named) >= 2 else names)
