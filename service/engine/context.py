"""A question after sentences that set its context: "Delmål 1.2 säger att arbetet utgår från
kommunens handlingsplan mot våld. Vilken period gäller den planen?".

The statements before the question name documents; the question itself refers back to one of
them ("den planen", "strategin", "den") without naming it. It is then asked of the document the
context named last, as the question alone (the section numbers of the context belong to the
other document), and the answer first quotes where the context's document names it, so both
are cited: where the pointer is, and what the document pointed to says.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold, padded_words

from .models import Answer, Citation
from .premises import premise_target, split_premise, states_link
from .reading import lexicon as lx
from .reading.scope import DocInfo, kind_of, load_scope_words, resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .turn import Result

_SENTENCE_RE = re.compile(r"(?<=[.!])\s+(?=\S)")


def split_context(question: str) -> tuple[str, str] | None:
    """(the statements, the question) when statements come first, else None."""
    parts: list[str] = []
    for part in _SENTENCE_RE.split(question.strip()):
        if parts and parts[-1].split()[-1].lower().rstrip(".") in lx.ABBREVIATIONS:
            parts[-1] += " " + part  # "t.ex." ends no sentence
        else:
            parts.append(part)
    if len(parts) < 2 or parts[-1].count("?") == 0:
        return None
    context = " ".join(parts[:-1])
    if "?" in context:
        return None
    return context, parts[-1]


def last_named(engine: AnswerEngine, text: str, allowed: list[str]) -> str | None:
    """The document the text names last: the shortest ending of the text that names one."""
    infos = doc_infos(engine.corpus.snapshot, allowed)
    words = text.rstrip(" .!").split()
    for start in range(len(words) - 1, -1, -1):
        found = resolve_scope(" ".join(words[start:]), infos, None, joined_compounds=True)
        # a kind word names a document when the corpus has one of that kind ("medborgarlöften")
        if found.documents and (found.how != "kind" or len(found.documents) == 1):
            return found.documents[0]
    return None


def answer_in_context(
    engine: AnswerEngine, q: str, users: tuple[str, ...], caller: tuple[str, ...] | None
) -> Result | None:
    """The question asked of the document its context named last; None when it is no such
    question (no statements first, or the question names its own document)."""
    split = split_context(q) or split_premise(q)
    if split is None:
        return None
    context, asked = split
    c = engine.corpus
    allowed = [d for d in (caller or c.snapshot.documents) if d in c.snapshot.documents]
    if len(allowed) < 2:
        return None
    own = resolve_scope(asked, doc_infos(c.snapshot, allowed), None, joined_compounds=True)
    if own.documents and own.how != "kind" and not points_back(asked):
        return None  # the question names its document itself
    linked = states_link(context)
    premise = premise_target(engine, context, allowed) if linked else None
    target = premise.document if premise is not None else last_named(engine, context, allowed)
    if target is None:
        return None
    if premise is not None and premise.section is not None:
        # "… ett delmål i programmet. Vilka har huvudansvar för det delmålet?": that section
        asked = f"{asked.rstrip(' ?')} ({_section_name(engine, premise.section)})?"
    result = engine.respond(asked, users, (target,))
    if result.answer.abstained and premise is None:
        return None
    result = copy.copy(result)
    result.answer = copy.copy(result.answer)  # the memoised answer to `asked` stays as it was
    # the pointer is quoted beside a passage; a fact from the manifest needs no second source,
    # unless the document was found through the pointer (a premise that does not name it)
    if premise is not None:
        where: Citation | None = premise.pointer
    elif result.kind == "metadata":
        where = None
    else:
        where = _pointer(engine, context, target, allowed)
    if where is not None:
        a = result.answer
        sec = c.section(where.section or "", where.document)
        line = engine.messages.render(
            "answer.context_pointer",
            where=where_label(sec, c.title(where.document)),
            document=c.title(where.document),
            quote=" ".join(where.quote.split()),
        )
        a.text = line + "\n\n" + a.text
        a.citations = [where, *a.citations]
        a.scope = list(dict.fromkeys([where.document, *a.scope, target]))
        result.documents = list(dict.fromkeys([where.document, target]))
    else:
        result.documents = [target]
    return result


def points_back(asked: str) -> bool:
    """Does the question name its document only by a demonstrative and a kind ("enligt det
    programmet", "i den planen")? Then it is the one the statements before it named."""
    sw = load_scope_words()
    words = re.findall(r"\w+", fold(asked))
    return any(
        w in lx.DEMONSTRATIVE_WORDS and (k := kind_of(nxt, sw)) is not None and k[1] == 0
        for w, nxt in zip(words, words[1:], strict=False)
    )


def _section_name(engine: AnswerEngine, sec: Section) -> str:
    """'delmål 3.2': the section's level name (as its document calls it) and number."""
    prog = engine.corpus.by_document.get(sec.document)
    level = prog.level_name(sec) if prog is not None else None
    return f"{(level or '').lower()} {sec.id}".strip()


def _pointer(
    engine: AnswerEngine,
    context: str,
    target: str,
    allowed: list[str],
    sources: list[str] | None = None,
) -> Citation | None:
    """Where another document the context names (else the default one) names the target."""
    found = _pointers(engine, context, target, allowed, sources, limit=1)
    return found[0] if found else None


def _pointers(
    engine: AnswerEngine,
    context: str,
    target: str,
    allowed: list[str],
    sources: list[str] | None,
    limit: int,
) -> list[Citation]:
    """Up to `limit` sentences of another document (the context's, else the default one)
    that name the target, those of a section the context names first."""
    out: list[Citation] = []
    c = engine.corpus
    infos = doc_infos(c.snapshot, allowed)
    if sources is None:
        named = [
            d
            for d in resolve_scope(context, infos, None, joined_compounds=True).documents
            if d != target
        ]
        sources = named or ([c.default_document] if c.default_document else [])
    target_info = [i for i in infos if i.id == target]
    every = doc_infos(c.snapshot, list(c.snapshot.documents))
    shared = bool(target_info) and sum(i.kind == target_info[0].kind for i in every) > 1
    numbers = re.findall(r"\b\d{1,2}(?:\.\d{1,2})?\b", context)
    for doc in sources:
        chunks = [i for i, ch in enumerate(c.snapshot.chunks) if ch.document == doc]
        # the section the context names first ("Delmål 3.2 utgår från …"), then the rest
        named_secs = [s for n in numbers if (s := c.section(n, doc)) is not None]
        first = [i for s in named_secs for i in c.chunks_of(s)]
        for ci in first + [i for i in chunks if i not in first]:
            for unit in c.units(ci):
                if target_info and names_document(unit.text, target_info[0], shared):
                    cites = c.cite_unit(unit)
                    if cites and cites[0] not in out:
                        out.append(cites[0])
                        if len(out) == limit:
                            return out
    return out


def names_document(text: str, target: DocInfo, shared_kind: bool = False) -> bool:
    """Does a passage name the document: by title or alias, or by a title word that is more
    than its kind ("samverkansöverenskommelsen", not "handlingsplanen")? Where another document
    has the same kind (`shared_kind`), the kind word in its title names neither ("handlingsplan"
    of "Handlingsplan mot barnfattigdom" in "… handlingsplan mot våld")."""
    found = resolve_scope(text, [target], None)
    if not found.documents:
        return False
    if found.how == "title":
        return True  # an alias may be a kind alone ("programmet"): checked below
    folded = padded_words(text)
    names = [fold(a) for a in target.aliases] + [
        w for w in re.findall(r"\w+", fold(target.title)) if len(w) >= 8
    ]

    own_kind = fold(target.kind) or "\0"

    def kind_only(n: str) -> bool:  # "programmet", "handlingsplanen": a kind, no name
        if shared_kind and " " not in n and n.startswith(own_kind[: max(4, len(own_kind) - 1)]):
            return True  # a title word, not an alias ("handlingsplan mot våld")
        return any(
            n.startswith(k) and len(n) - len(k) <= 4 and len(k) < 10 for k in lx.DOCUMENT_KIND_STEMS
        )

    return any(f" {n} " in folded and not kind_only(n) for n in names if n)


def answer_links(engine: AnswerEngine, q: str, caller: tuple[str, ...] | None) -> Result | None:
    """'Hur hänger medborgarlöftena ihop med samverkansöverenskommelsen?': where each of the
    two documents the question names names the other, quoted from both."""

    c = engine.corpus
    toks = re.findall(r"\w+", fold(q))
    folded = " " + " ".join(toks) + " "
    together = "ihop" in toks and bool(set(toks) & lx.TOGETHER_VERBS)  # "hänger X ihop med Y"
    if not together and not any(p in folded for p in _fold_all(lx.LINK_PHRASES)):
        return None
    allowed = [d for d in (caller or c.snapshot.documents) if d in c.snapshot.documents]
    infos = doc_infos(c.snapshot, allowed)
    named = [d for d in resolve_scope(q, infos, None, joined_compounds=True).documents][:2]
    if len(named) < 2:
        return None
    cites: list[Citation] = []
    lines: list[str] = []
    for a, b in ((named[0], named[1]), (named[1], named[0])):
        # each place a names b (the agreement says both what the promises are part of and
        # what they build on)
        for where in _pointers(engine, "", b, [a, b], [a], limit=2):
            cites.append(where)
            lines.append(pointer_line(engine, a, where.section, where.quote, where.document))
    if not lines:
        return None
    return quoted_result(lines, cites, "open", named)


def quoted_result(
    lines: list[str],
    cites: list[Citation],
    kind: str,
    documents: list[str],
    sections: list[str] | None = None,
) -> Result:
    """An answer made of quotes from named documents: its lines, their citations, the
    documents quoted (and the sections it is about, when not those cited)."""
    from .turn import Result

    answer = Answer(
        text="\n".join(lines),
        citations=cites,
        abstained=False,
        mode="extractive",
        confidence=1.0,
        scope=documents,
        sections=sections if sections is not None else [],
    )
    cited = list(dict.fromkeys(ct.section or "" for ct in cites))
    return Result(answer, kind, cited, [], documents, True)


def pointer_line(
    engine: AnswerEngine,
    document: str,
    section: str | None,
    quote: str,
    section_document: str | None = None,
) -> str:
    """One quoted line of an answer over named documents: the document, where in it, the quote
    (the section looked up in `section_document`, the quoted document unless given)."""
    c = engine.corpus
    sec = c.section(section or "", section_document or document)
    return engine.messages.render(
        "answer.context_pointer",
        document=c.title(document),
        where=where_label(sec, c.title(document)),
        quote=" ".join(quote.split()),
    )


def where_label(sec: Section | None, fallback: str) -> str:
    """'Delmål 3.2 Motverka barnfattigdom', or a plain heading's title, or the document."""
    if sec is None:
        return fallback
    if sec.kind != "other":
        return " ".join(x for x in (getattr(sec, "label", ""), sec.id, sec.title) if x)
    return sec.title or fallback


def _fold_all(phrases: tuple[str, ...]) -> list[str]:
    return [" " + " ".join(fold(p).split()) + " " for p in phrases]
