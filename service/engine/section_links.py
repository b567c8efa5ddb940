"""Which sections of one document a second document is tied to, by either one's text.

"Vilka insatsområden i bostadsförsörjningsprogrammet ska läsas tillsammans med Program för
tillgänglighet?": the question names two documents and asks for a level of one of them (A). The
sections of A at that level whose sentences name the other document (B) are the answer, every
one of them. When none does, B's own sentences that name A and a section of A at that level
are ("Vilket delmål i programmet för social hållbarhet konkretiseras av
bostadsförsörjningsprogrammet?" - the housing programme says it concretises sub-goal 4.3), quoted
with the section of A they name. The verb relating the two is not read: the texts say how.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Program, Section
from ingest.text import fold

from .context import names_document, pointer_line, quoted_result
from .extractive import Unit
from .models import Citation
from .reading import lexicon as lx
from .reading.levels import label_used
from .reading.scope import DocInfo, resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .turn import Result

_NUMBER_RE = re.compile(r"\b\d{1,2}(?:\.\d{1,2})?\b")


def answer_section_links(
    engine: AnswerEngine, q: str, caller: tuple[str, ...] | None
) -> Result | None:
    """The sections of the asked-for level tying the two named documents; None when the
    question is no such question or neither text ties them."""

    c = engine.corpus
    toks = re.findall(r"\w+", fold(q))
    folded = " " + " ".join(toks) + " "
    if not set(toks) & lx.LEVEL_QUESTION_WORDS or _asks_more(folded):
        return None
    allowed = [d for d in (caller or c.snapshot.documents) if d in c.snapshot.documents]
    infos = {i.id: i for i in doc_infos(c.snapshot, allowed)}
    found = resolve_scope(q, list(infos.values()), None, joined_compounds=True)
    if found.how == "kind" or len(found.documents) != 2:
        return None
    asked = _asked_level(engine, folded, found.documents)
    if asked is None:
        return None
    a_doc, level = asked
    b_doc = next(d for d in found.documents if d != a_doc)
    prog = c.by_document[a_doc]
    # a sentence names the document it names best among all of the corpus, not only those in
    # scope ("handlingsplan mot våld" is not the plan against child poverty)
    every = doc_infos(c.snapshot, list(c.snapshot.documents))
    naming = {
        sec.id: (sec, u)
        for sec in prog.sections
        if prog.level_name(sec) == level
        and (u := _first_naming(engine, c.section_units(sec), b_doc, every)) is not None
    }
    pairs: list[tuple[Section | None, Unit]] = []
    # "Bostadsförsörjningsprogrammet är en konkretisering av vilket delmål …?": the other
    # document is the subject, so its own sentence answers and the section is not quoted
    subject = resolve_scope(_before_question_word(q), every, None, joined_compounds=True).documents
    for own, u, sec in named_by_other(engine, prog, level, b_doc, a_doc, every):
        pairs.append((own, u))
        if subject == [b_doc]:
            naming.pop(sec.id, None)
            continue
        here = naming.pop(sec.id, None)
        first = next((x for x in c.section_units(sec) if x.kind == "sentence"), None)
        if here is not None:
            pairs.append(here)
        elif first is not None:
            pairs.append((sec, first))
    pairs += list(naming.values())
    lines, cites = _quote(engine, pairs)
    listed = [
        ct.section
        for ct in cites
        if ct.document == a_doc
        and ct.section
        and (listed_sec := prog.section(ct.section)) is not None
        and prog.level_name(listed_sec) == level
    ]
    if not lines:
        return None
    docs = list(dict.fromkeys(ct.document for ct in cites))
    return quoted_result(lines, cites, "section_links", docs, list(dict.fromkeys(listed)))


def _asks_more(folded: str) -> bool:
    """A question asking owners or a count of the sections is another handler's."""
    return any(s in folded for s in lx.RESPONSIBILITY_STEMS) or any(
        p in folded for p in lx.COUNT_PHRASES
    )


def _asked_level(engine: AnswerEngine, folded: str, documents: list[str]) -> tuple[str, str] | None:
    """(the document, its level) the question asks for: the level name it uses right after a
    question word ("vilka insatsområden"), of the one named document that has that level."""
    c = engine.corpus
    having: list[tuple[str, str]] = []
    for d in documents:
        prog = c.by_document.get(d)
        for lv in prog.levels if prog is not None else []:
            if label_used(lv, folded) and _after_question_word(lv, folded):
                having.append((d, lv))
    docs = {d for d, _ in having}
    if len(docs) == 1:
        return having[0]
    return None


def _before_question_word(q: str) -> str:
    """The words before the question's first question word ("" when it starts with one)."""
    words = q.split()
    for i, w in enumerate(words):
        if fold(w).strip("?,.") in lx.LEVEL_QUESTION_WORDS:
            return " ".join(words[:i])
    return ""


def _after_question_word(level: str, folded: str) -> bool:
    first = fold(level).split()[0][:5]
    return any(
        f" {w} {first}" in folded or f" {w} {fold(level)}" in folded
        for w in lx.LEVEL_QUESTION_WORDS
    )


def _names(text: str, doc: str, every: list[DocInfo]) -> bool:
    """Does the text name the document (context.names_document), and is it among the
    documents the text names when all are candidates ("handlingsplan mot våld" names no
    other handlingsplan)?"""
    info = next((i for i in every if i.id == doc), None)
    if info is None or not names_document(text, info):
        return False
    return doc in resolve_scope(text, every, None).documents  # and no other plan of its kind


def _first_naming(
    engine: AnswerEngine, units: list[Unit], doc: str, every: list[DocInfo]
) -> Unit | None:
    return next((u for u in units if u.kind == "sentence" and _names(u.text, doc, every)), None)


def _quote(
    engine: AnswerEngine, pairs: list[tuple[Section | None, Unit]]
) -> tuple[list[str], list[Citation]]:
    c = engine.corpus
    lines: list[str] = []
    cites: list[Citation] = []
    for sec, u in pairs:
        unit_cites = c.cite_unit(u)
        if not unit_cites:
            continue
        where = (sec.id, sec.document) if sec is not None else (None, None)
        lines.append(pointer_line(engine, u.document, where[0], u.text, where[1]))
        cites += unit_cites
    return lines, cites


def named_by_other(
    engine: AnswerEngine, prog: Program, level: str, other: str, this: str, every: list[DocInfo]
) -> list[tuple[Section | None, Unit, Section]]:
    """The other document's sentences naming this one and a section of it at the level: (the
    sentence's own section, the sentence, the section of this document it names)."""
    c = engine.corpus
    units = [
        u for i, ch in enumerate(c.snapshot.chunks) if ch.document == other for u in c.units(i)
    ]
    out: list[tuple[Section | None, Unit, Section]] = []
    for u in units:
        if u.kind != "sentence" or not _names(u.text, this, every):
            continue
        text = " " + " ".join(re.findall(r"[\w.]+", fold(u.text))) + " "
        for n in _NUMBER_RE.findall(u.text):
            sec = prog.section(n)
            # the number as this document's level ("delmål 4.3"), not another's "1.2"
            if sec is not None and f" {fold(level)} {n} " in text:
                out.append((c.section(u.section or "", other), u, sec))
                break
    return out
