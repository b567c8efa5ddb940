"""Answers quoted from the text: a section's content and open questions (scoped by the
conversation, routed by a section title, or over the whole corpus view)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import STOPWORDS, fold

from ..evidence import counts_asked
from ..extractive import has_amount, has_number
from ..glossary import Mention, words
from ..models import Answer
from ..operations import Kind
from ..reading import lexicon as lx
from . import footnotes, listed, rows
from .grant import k_grant
from .statements import parallel_statements

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_section_content(a: Answering) -> Result:
    p = a.p
    secs = a._sections(p.sub_goals or p.focus_areas)
    if not secs and p.anaphora:
        secs = a._ctx_sections()
    if not secs:
        return k_open(a)
    if "money" in p.asks and "grant" not in p.asks and not _has_amounts(a, secs):
        label = a.r.label(secs[0])
        return a.result(a.s.abstain([a.r.t("abstain_money", label=label)], secs), "section_content")
    if "count" in p.asks and not any(
        counts_asked(p, u.text) and has_number(u.text) for s in secs for u in a.c.section_units(s)
    ):
        # "Hur många nya bostäder per år ska byggas enligt 4.3?": no number there counts them
        label = a.r.label(secs[0])
        return a.result(a.s.abstain([a.r.t("abstain_count", label=label)], secs), "section_content")
    if len(secs) >= 2 and set(p.tokens) & lx.SIDE_BY_SIDE_WORDS:
        # "Hur hänger 1.2 och 2.3 ihop?": each in its own words
        from .side_by_side import side_by_side

        return a.result(side_by_side(a, secs), "section_content")
    chunks = [i for s in secs for i in a.c.chunks_of(s)]
    words = a._topic_words(None)
    if words and chunks and not [w for w in words if w not in lx.PURPOSE_WORDS]:
        # "Vad är målet med fokusområde 4?": what the section is for, in its own words
        return extract_result(a, chunks, kind="section_content", broad=True, strict=False)
    if a._topic_words(None) and any(s.kind == "focus_area" for s in secs):
        # "Vad vill kommunen uppnå för barn enligt fokusområde 3?": the focus area's own text
        # first, when it answers; its sub-goals and lists about it only when it does not
        own = a.q.extract(chunks, broad=True)
        if own is not None:
            return a.result(own, "section_content")
    if a._topic_words(None):
        # "Vilka år gäller Medborgarlöften som listas för fokusområde 1?": the answer may lie
        # in a chunk about the named section rather than in its own text
        near = _about(a, secs)
        hits = a._hybrid(allowed=lambda i: i in near)
        found = a.q.extract([h.chunk for h in hits], broad=False)
        if found is not None and found.sections and found.sections[0] not in {s.id for s in secs}:
            return a.result(found, "section_content")
    return extract_result(a, chunks, kind="section_content", broad=True, strict=False)


def absent_specific(a: Answering, secs: Sequence[Section]) -> Answer | None:
    """'Vilka indikatorer …?': a specific thing asked for in words that no text in scope
    (the named sections, else the documents in scope) holds: an abstention saying so."""
    asked = [
        (t, s)
        for t in a.p.tokens[a.p.intro :]  # not a word of the asker's preamble ("deadline")
        for s in lx.SPECIFIC_ASKS
        if t.startswith(s) and " " not in s
    ]
    if not asked:
        return None
    if secs:
        texts = [fold(u.text) for sec in secs for u in a.c.section_units(sec)]
        # and the table that holds a row of theirs ("tidplanen för åtgärd 3.3")
        ids = {s.id for s in secs}
        texts += [fold(r.holder.title) for r in rows.table_rows(a) if r.cells[0] in ids]
    else:
        docs = [a.c.document] if a.c.document else list(a.c.pages)
        texts = [fold(t) for d in docs for t in a.c.pages.get(d, {}).values()]
    word, stem_ = asked[0]
    if any(stem_ in t for t in texts):
        return None
    what = next((w for w in a.p.question.split() if fold(w).strip("?.,!").startswith(stem_)), word)
    what = what.strip("?.,!")
    if secs:
        reason = a.r.t("abstain_specific", what=what, label=a.r.label(secs[0]))
        return a.s.abstain([reason], secs)
    key = "abstain_specific_any_documents" if a.c.spans_documents else "abstain_specific_any"
    return a.s.abstain([a.r.t(key, what=what)])


def _has_amounts(a: Answering, secs: Sequence[Section]) -> bool:
    """Do these sections state any sum of money?"""
    return any(has_amount(u.text) for s in secs for u in a.c.section_units(s))


def _about(a: Answering, secs: Sequence[Section]) -> set[int]:
    """Chunks of these sections, their sub-goals, and chunks whose title names them."""
    out: set[int] = set()
    for s in secs:
        out.update(a.c.chunks_of(s))
        if s.kind == "focus_area":
            pat = re.compile(rf"\bfokusomrade\s+{re.escape(s.id)}\b")
        else:
            pat = re.compile(rf"(?<![\d.]){re.escape(s.id)}(?![\d.])")
        for i, ch in enumerate(a.c.snapshot.chunks):
            if pat.search(fold(ch.title_path)):
                out.add(i)
    return out


def k_open(a: Answering, grant: bool = True) -> Result:
    p = a.p
    # the terms of the grant asked for, not where they are ("Var hittar jag kriterierna?")
    terms = bool(set(p.tokens) & lx.REQUIREMENT_WORDS) and not set(p.tokens) & (
        lx.LISTED_LOCATION_WORDS
    )
    asks_grant = "money" in p.asks or terms
    if grant and asks_grant and "grant" in p.asks and a._grant_section() is not None:
        return k_grant(a)
    if "money" in p.asks and p.anaphora:
        target = a._ctx_sections()
        if target and not _has_amounts(a, target):
            label = a.r.label(target[0])
            reason = a.r.t("abstain_money", label=label)
            return a.result(a.s.abstain([reason], target), "open")
    if p.sub_goals or p.focus_areas:
        return k_section_content(a)
    notes = footnotes.footnote(a)
    if notes is not None:
        return notes
    stated = parallel_statements(a)
    if stated is not None:
        return stated
    if not a.q.topic and not p.anaphora:
        # "Vad innebär samordningsansvar?": a question about the responsibility label itself
        a.q.topic = responsibility_terms(p.tokens)
    if (p.anaphora or a.users) and not a._topic_words(None):
        # "Vilket nummer har det?", "hur ofta?": asked of the sections talked about
        secs = a._ctx_sections()
        if secs:
            return extract_result(
                a,
                [i for s in secs for i in a.c.chunks_of(s)],
                kind="section_content",
                broad=True,
                strict=False,
            )
    scoped: Result | None = None
    prev = a.ctx()
    if prev is not None and prev.sections:
        talked = a._ctx_sections() if p.ordinal is not None else a._sections(prev.sections)
        chunks = [i for s in talked for i in a.c.chunks_of(s)]  # "det andra av dem": that one
        scoped = extract_result(a, chunks, kind="open")
    hits = a._hybrid(allowed=None)
    routed = a._title_route()
    order = [h.chunk for h in hits]
    if routed:
        order = routed + [i for i in order if i not in routed]
    glob = extract_result(a, order, kind="open")
    if (
        scoped is not None
        and not scoped.answer.abstained
        # a pronoun at the end ("Vem ska genomföra det?") or "då" points at what was talked about
        and (
            p.anaphora
            or bool(set(p.tokens) & lx.THEN_WORDS)
            or glob.answer.abstained
            or scoped.answer.confidence >= glob.answer.confidence
        )
    ):
        return scoped
    return listed.only_listed(a, glob)


def responsibility_terms(tokens: Sequence[str]) -> list[str]:
    """The words naming a kind of responsibility ("samordningsansvar") that the reading took
    for the question's ask; when nothing else is left, they are what is asked about."""
    return [
        t
        for t in dict.fromkeys(tokens)
        if t.startswith(lx.RESPONSIBILITY_STEMS)
        and t not in lx.GENERIC_WORDS
        and t not in STOPWORDS
        and len(t) > 2
    ]


def extract_result(
    a: Answering,
    chunks: Sequence[int],
    kind: str,
    broad: bool = False,
    extra_words: Sequence[str] = (),
    strict: bool = True,
) -> Result:
    ans = a.q.extract(chunks, broad=broad, extra_words=extra_words, strict=strict)
    if ans is None:
        secs: list[Section] = []
        for i in chunks[:4]:
            sec = a.c.chunk_section[i]
            if sec is not None and sec not in secs:
                secs.append(sec)
        ans = a.s.abstain([], secs)
    elif "who" in a.p.asks and ans.owners is None:
        _name_bodies(a, ans)
    return a.result(ans, kind)


def _name_bodies(a: Answering, ans: Answer) -> None:
    """'Till vem ska nämnderna redovisa?' answered by a quote: the bodies the quote names come
    first, by name and abbreviation, so a staff member need not find them in the sentence."""
    keys: list[str] = []
    for c in ans.citations:
        for key in assignment_parties(a.c.glossary.find(c.quote), c.quote, a.p.tokens):
            if key not in keys and key not in a.p.body_keys:
                keys.append(key)
    if not keys or len(keys) > 4:
        return
    ans.owners = keys
    ans.text = (
        a.r.t("who_in_passage", bodies=a.r.join([a.r.body(k) for k in keys])) + "\n" + ans.text
    )


def assignment_parties(mentions: Sequence[Mention], quote: str, asked: Sequence[str]) -> list[str]:
    """The bodies a quote names, but of "KF ger KS i uppdrag att …" only the one asked about:
    the body that received the assignment, or the one that gave it ("Vem gav uppdraget?")."""
    toks = [fold(w) for w in words(quote)]
    for m1, m2 in zip(mentions, mentions[1:], strict=False):
        between = set(toks[m1.end : m2.start])
        after = toks[m2.end : m2.end + 3]
        if between & lx.ASSIGNMENT_GIVING_VERBS and any(w.startswith("uppdrag") for w in after):
            return [m1.key] if set(asked) & lx.ASKS_GIVER_WORDS else [m2.key]
    return [m.key for m in mentions]


def outcome_unstated(a: Answering, out: Result) -> Result:
    """'Vad blev resultatet av tilläggsuppdrag 2021:8?': a passage that says what is to be done
    is no answer to what came of it; unless a quote reports an outcome, an abstention that
    points at the passage."""
    ans = out.answer
    if "outcome" not in a.p.asks or ans.abstained:
        return out
    quotes = [fold(c.quote) for c in ans.citations]
    if any(stem in q for q in quotes for stem in lx.OUTCOME_STEMS) or not quotes:
        return out
    return a.result(a.s.abstain([a.r.t("abstain_outcome")], _cited_sections(a, ans)), out.kind)


# operations computed from the structure: they say who and what, never why
_NO_REASONS = frozenset(
    k.value
    for k in (
        Kind.AMONG,
        Kind.OWNERS,
        Kind.OWNERS_COUNT,
        Kind.COMPANIES,
        Kind.MEMBERSHIP,
        Kind.COMMON,
        Kind.SAME_OWNERS,
        Kind.COMPARE_OWNERS,
        Kind.COMPARE_BODIES,
        Kind.REVERSE,
        Kind.REVERSE_UNKNOWN,
        Kind.EXTREME,
        Kind.COUNT_FOCUS_AREAS,
        Kind.COUNT_SUBGOALS,
        Kind.COUNT_COMPARE,
        Kind.FOCUS_EXTREME,
        Kind.SIZED,
        Kind.LIST_FOCUS_AREAS,
        Kind.LIST_SUBGOALS,
        Kind.TITLE,
        Kind.PARENT,
        Kind.NEIGHBOUR,
        Kind.CHILDREN,
        Kind.NUMBER,
    )
)


def _cited_sections(a: Answering, ans: Answer) -> list[Section]:
    """The sections an answer cites, each in its own document, in order."""
    secs: list[Section] = []
    for c in ans.citations:
        s = a.c.section(c.section, c.document) if c.section else None
        if s is not None and s not in secs:
            secs.append(s)
    return secs


def reason_unstated(a: Answering, out: Result) -> Result:
    """'Varför är bara Bostaden med där och inte Ultra?': owners, counts and headings say who
    and what; a why-question answered by one of them is an abstention that points at it."""
    if "reason" not in a.p.asks or out.answer.abstained or out.kind not in _NO_REASONS:
        return out
    secs = _cited_sections(a, out.answer)  # each in its own document
    return a.result(a.s.abstain([a.r.t("abstain_reason")], secs), out.kind)
