"""What a question's premise points to, when the premise does not name it.

"Jämställdhetsstrategins mål 5 ska bedrivas enligt en handlingsplan. Vilka nämnder ansvarar för
våldsprevention i skolan i den?" states that a document (or one of its sections) points to
another, and then asks about that other one. When the premise names the document pointed to,
context.py asks the question of it. Here it does not: "en handlingsplan", "en annan plan", "en
överenskommelse" leave it unnamed, and "ett delmål i Program för social hållbarhet" names the
document but not the section. The pointing document's own text says which: its sentence that
names a corpus document of that kind (the named section's first), or that names a section of
the other document at that level ("konkretiserar delmål 3.2 i Program för social hållbarhet").
Nothing is guessed: without such a sentence there is no premise target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from .extractive import Unit
from .models import Citation
from .reading import lexicon as lx
from .reading.levels import label_used
from .reading.scope import DocInfo, doc_kinds, has_kind, kind_of, load_scope_words, resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine

_NUMBER_RE = re.compile(r"\b\d{1,2}(?:\.\d{1,2})?\b")
# a statement, then the question after a dash or a comma: "… hänvisar till X – vad är målet?"
_SOFT_SPLIT_RE = re.compile(r"\s+[–—-]\s+|,\s+(?=(?:vad|vilka|vilket|vilken|vem|hur|när|var)\b)")


@dataclass
class Premise:
    document: str  # the document pointed to
    section: Section | None  # the section of it pointed to, when the premise names a level
    pointer: Citation  # where the pointing document says so


def states_link(context: str) -> bool:
    """Does the statement say that one document points to another ("utgår från", "är en del
    av", "konkretiserar")?"""
    folded = " " + " ".join(re.findall(r"\w+", fold(context))) + " "
    return any(f" {p} " in folded for p in (*lx.REFERENCE_PHRASES, *lx.PREMISE_PHRASES))


def split_premise(question: str) -> tuple[str, str] | None:
    """(the statement, the question) split at a dash or a comma before a question word, when
    the statement says one document points to another; else None."""
    text = question.strip()
    if "?" not in text:
        return None
    for m in _SOFT_SPLIT_RE.finditer(text):
        before, after = text[: m.start()], text[m.end() :]
        if "?" not in before and states_link(before) and after.strip():
            return before, after
    return None


def premise_target(engine: AnswerEngine, context: str, allowed: list[str]) -> Premise | None:
    """The document (and section) the statement points to without naming it; None when the
    pointing document's text does not say."""
    c = engine.corpus
    infos = doc_infos(c.snapshot, allowed)
    named = resolve_scope(context, infos, c.default_document, joined_compounds=True).documents
    section_of = _indefinite_level(engine, context, named)
    if section_of is not None:
        target, level = section_of
        for source in [d for d in named if d != target]:
            found = _section_named_by(engine, source, target, level, infos)
            if found is not None:
                return found
        return None
    wanted = _unnamed_kind(context)
    if wanted is None:
        return None
    said = _content_words(context)
    for source in named:
        units, first = _units_of(engine, source, context)
        others = [i for i in infos if i.id != source and _of_kind(i, wanted)]
        naming: list[tuple[int, int, Unit, str]] = []
        for n, u in enumerate(units):
            if u.kind != "sentence":
                continue
            names = resolve_scope(u.text, others, None)
            if names.documents and names.how != "kind":
                # the sentence that says what the statement says ("arbetet mot barnfattigdom
                # utgår från en handlingsplan …"), a section it names by number first
                shared = len(said & _content_words(u.text)) + (2 if n < first else 0)
                naming.append((-shared, n, u, names.documents[0]))
        for _, _, u, doc in sorted(naming, key=lambda f: (f[0], f[1])):
            cites = c.cite_unit(u)
            if cites:
                return Premise(doc, None, cites[0])
    return None


def _content_words(text: str) -> set[str]:
    """A text's longer words, cut to a five-letter stem ("barnfattigdom" and "barnfattigdomen"
    alike)."""
    return {
        w[:5]
        for w in re.findall(r"\w+", fold(text))
        if len(w) > 3 and w not in lx.GENERIC_WORDS and not w.isdigit()
    }


def _indefinite_level(
    engine: AnswerEngine, context: str, named: list[str]
) -> tuple[str, str] | None:
    """'ett delmål i Program för social hållbarhet': (that document, its level) when an
    indefinite article stands before the level name of a document the statement names."""
    folded = " " + " ".join(re.findall(r"\w+", fold(context))) + " "
    for doc in named:
        prog = engine.corpus.by_document.get(doc)
        for level in prog.levels if prog is not None else []:
            first = fold(level).split()[0]
            if label_used(level, folded) and any(
                f" {w} {first}" in folded for w in lx.INDEFINITE_WORDS
            ):
                return doc, level
    return None


def _unnamed_kind(context: str) -> str | None:
    """The kind stem after an indefinite article ("en handlingsplan" → "handlingsplan"; "en
    annan plan" → "plan"), or None."""
    sw = load_scope_words()
    words = re.findall(r"\w+", fold(context))
    for i, w in enumerate(words[:-1]):
        if w not in lx.INDEFINITE_WORDS:
            continue
        for nxt in words[i + 1 : i + 3]:
            k = kind_of(nxt, sw)
            if k is not None and k[1] == 0:
                return k[0]
    return None


def _of_kind(info: DocInfo, stem: str) -> bool:
    """A document of that kind; the bare "plan" is any plan ("en annan plan")."""
    return has_kind(doc_kinds(info, load_scope_words()), stem)


def _units_of(engine: AnswerEngine, doc: str, context: str) -> tuple[list[Unit], int]:
    """The document's units, those of the sections the statement names by number first (and
    how many of those there are)."""
    c = engine.corpus
    named = [s for n in _NUMBER_RE.findall(context) if (s := c.section(n, doc)) is not None]
    first = [u for s in named for u in c.section_units(s)]
    rest = [
        u
        for i, ch in enumerate(c.snapshot.chunks)
        if ch.document == doc
        for u in c.units(i)
        if u not in first
    ]
    return first + rest, len(first)


def _section_named_by(
    engine: AnswerEngine, source: str, target: str, level: str, infos: list[DocInfo]
) -> Premise | None:
    """The source's sentence naming the target document and a section of it at the level
    (section_links.named_by_other, the same reading of "delmål 3.2 i Program för …")."""
    from .section_links import named_by_other  # it imports context, which imports this module

    prog = engine.corpus.by_document.get(target)
    if prog is None:
        return None
    for _, unit, sec in named_by_other(engine, prog, level, source, target, infos):
        cites = engine.corpus.cite_unit(unit)
        if cites:
            return Premise(target, sec, cites[0])
    return None
