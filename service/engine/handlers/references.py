"""The sections whose text names a document: "Vilka delmål hänvisar till handlingsplanen mot
våld?", "Vilka handlingsplaner utgår delmålen ifrån?", "Vilka underlag utgår delmålen i
fokusområde 4 ifrån?".

Each sub-goal's sentences that name a governing document are the evidence. The words after the
verb of reference ("hänvisar till …", "utgår ifrån …") pick the document; a kind word alone
("handlingsplaner") picks the sentences naming a document of that kind; nothing picks every one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.text import STOPWORDS, fold

from ..extractive import match_score, word_weights
from ..reading import lexicon as lx
from ..reading.scope import ScopeWords, kind_of, kinds_named, load_scope_words, resolve_scope
from ..scoping import doc_infos
from . import passages
from .structure import names_a_document

if TYPE_CHECKING:
    from ..turn import Answering, Result

_REFERENCE_RE = re.compile(
    r" (?:hanvisar (?:ocksa |aven )?till|hanvisas (?:ocksa |aven )?till"
    r"|utgar (?:ocksa |aven )?(?:i)?fran|utgar|bygger (?:ocksa |aven )?pa"
    r"|knyter (?:ocksa |aven )?an till|refers to|based on|builds on) (.*)$"
)
_NOT_NAMES = frozenset({"under", "efter", "enligt", "texten", "ifran", "fran", "delmalen"})
# share of the named document's words a sentence must hold
_NAMED_SHARE = 0.6


def k_refers_to(a: Answering) -> Result:
    if (a.p.rule or "").startswith("example:") and "list" not in a.p.asks:
        # near an example only, and no list asked for ("Vad utgår arbetet … ifrån?")
        return a.read_as_usual("refers_to")
    docs = a.scope_docs or ([a.c.document] if a.c.document else list(a.c.by_document))
    m = _REFERENCE_RE.search(a.p.folded)
    if m is not None and len(docs) > 1:
        # the sections of the document named before the verb, not of the one referred to
        infos = doc_infos(a.c.snapshot, docs)
        source = resolve_scope(
            a.p.folded[: m.start()], infos, None, joined_compounds=True
        ).documents
        referred = resolve_scope(m.group(1), infos, None, joined_compounds=True).documents
        docs = [d for d in (source or docs) if d not in referred or d in source]
    programs = [p for d in docs if (p := a.c.by_document.get(d)) is not None and p.sub_goals]
    if a.c.program is not None and a.c.program not in programs:
        programs.insert(0, a.c.program)
    if not programs:
        return passages.k_open(a)
    focus = a._explicit_focus()
    subs = [s for prog in programs for s in prog.sub_goals if focus is None or s.parent == focus.id]
    m = _REFERENCE_RE.search(a.p.folded)
    named = m.group(1) if m else ""
    again = _REFERENCE_RE.search(" " + named)  # "utgår från eller knyter an till X": X
    tail = (again.group(1) if again else named).split()
    sw = load_scope_words()
    stems = kinds_named(a.p.tokens, sw) - {"styrdokument"}
    words = [
        w
        for w in tail
        if w not in STOPWORDS
        and w not in lx.GENERIC_WORDS
        and w not in _NOT_NAMES
        and not _kind_alone(w, sw)
        and len(w) > 2
        and not w.startswith(("delmal", "fokusomr"))
        and not w.isdigit()
    ]
    weights = word_weights(words, a.c.search)
    found = []
    for sec in subs:
        for u in a.c.section_units(sec):
            if u.kind != "sentence" or not names_a_document(u.text):
                continue
            text = fold(u.text)
            if words and match_score(u.text, weights, a.c.search) < _NAMED_SHARE:
                continue
            if stems and not any(st in text for st in stems):
                continue
            found.append((sec, u))
    if a.users and set(a.p.tokens) & lx.OTHER_WORDS:
        # "Vilket annat delmål bygger också på …?": not the one the conversation was about
        earlier = {i for r in (a.ctx(), a.ctx2()) if r is not None for i in r.sections}
        found = [(sec, u) for sec, u in found if sec.id not in earlier] or found
    if not found:
        return passages.k_open(a)
    lines = [
        a.r.t(
            "section_quote",
            label=a.r.label(sec),
            page=a.r.page(u.parts[0].page),
            quote=a.r.t("quote", text=u.text),
        )
        for sec, u in found
    ]
    cites = [c for _, u in found for c in a.c.cite_unit(u)]
    ids = list(dict.fromkeys(sec.id for sec, _ in found))
    return a.result(a.s._answer("\n".join(lines), cites, sections=ids), "refers_to")


def _kind_alone(word: str, sw: ScopeWords) -> bool:
    """'handlingsplanen' is a kind alone; 'bostadsförsörjningsprogrammet' names one."""
    k = kind_of(word, sw)
    return k is not None and k[1] < sw.min_stem
