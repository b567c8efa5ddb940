"""Following a document's pointer to another document in the corpus.

When an answer quotes a sentence that names another document ("Arbetet mot barnfattigdom utgår
ifrån Umeå kommuns handlingsplan för halverad barnfattigdom") and that document is in the
corpus, a question about it ("Vilket dokument utgår 3.2 från, och vad är dess mål?") gets the
linked document's own passage too, labelled with its title. The names are matched the same way
questions name documents (reading/scope.py), so a list entry, a title or an alias all work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.models import Span
from ingest.text import fold

from .extractive import match_score, word_weights
from .models import Answer
from .reading import lexicon as lx
from .reading.scope import kind_of, load_scope_words, resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine


def asks_to_follow(question: str, phrases: Sequence[str]) -> bool:
    folded = " " + " ".join(fold(question).split()) + " "
    return any(p in folded for p in phrases) or refers_to_unnamed(question)


def refers_to_unnamed(question: str) -> bool:
    """'Delmål 3.2 utgår från en handlingsplan – vilken, …?': a verb of reference before an
    unnamed document of a kind ("en handlingsplan") asks about the document pointed to."""
    sw = load_scope_words()
    words = re.findall(r"\w+", fold(question))
    folded = " " + " ".join(words) + " "
    for phrase in lx.REFERENCE_PHRASES:
        at = folded.find(" " + phrase + " ")
        if at < 0:
            continue
        after = folded[at + len(phrase) + 2 :].split()[:2]
        if len(after) == 2 and after[0] in lx.INDEFINITE_WORDS:
            kind = kind_of(after[1], sw)
            if kind is not None and kind[1] == 0:
                return True
    return False


def linked_documents(engine: AnswerEngine, answer: Answer, own: Sequence[str]) -> list[str]:
    """Corpus documents named in the answer's quotes, other than the ones it was answered in."""
    snap = engine.corpus.snapshot
    infos = [d for d in doc_infos(snap) if d.id not in own]
    found: list[str] = []
    for c in answer.citations:
        for doc in resolve_scope(c.quote, infos, None).documents:
            if doc not in found:
                found.append(doc)
    # a section's own list of related documents, matched at ingest
    for c in answer.citations:
        sec = engine.corpus.section(c.section or "", c.document)
        for link in getattr(sec, "links", []) or []:
            doc = link.get("document")
            if (
                doc
                and doc not in own
                and doc not in found
                and fold(link.get("text", "")) in fold(c.quote)
            ):
                found.append(doc)
    return found[:2]


def pointer(
    engine: AnswerEngine, documents: Sequence[str], topic: Sequence[str]
) -> tuple[str, str, Span] | None:
    """The related-documents entry whose name holds the question's topic best (at least half
    of its weight): (document, section id, the entry's span) - where the document points to."""
    c = engine.corpus
    if not topic:
        return None
    weights = word_weights(list(topic), c.search)
    best: tuple[float, str, str, Span] | None = None
    for doc in documents:
        prog = c.by_document.get(doc)
        if prog is None:
            continue
        for sec in prog.sections:
            for name, items in sec.groups.items():
                spans = sec.group_spans.get(name, [])
                item_spans = spans[len(spans) - len(items) :] if len(spans) >= len(items) else []
                for item, span in zip(items, item_spans, strict=False):
                    score = match_score(item, weights, c.search)
                    if score >= POINTER_MIN and (best is None or score > best[0]):
                        best = (score, doc, sec.id, span)
    if best is None:
        return None
    return best[1], best[2], best[3]


# the share of a question's topic a related-documents entry must name to be pointed to
POINTER_MIN = 0.5


_SECTION_NUMBER = re.compile(r"\b\d{1,2}\.\d{1,2}\b")


def about_linked(q: str) -> str:
    """What a question asks of the document another one points to: its last clause ("…, och
    vad är dess mål?" -> "vad är dess mål?"), without section numbers of the first document."""
    parts = re.split(
        r"(?:,?\s+och|\s+[–-])\s+(?=(?:vad|vilka|vilket|vilken|vem|hur|när)\b)", q, flags=re.I
    )
    return _SECTION_NUMBER.sub(" ", parts[-1]).strip()
