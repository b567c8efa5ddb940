"""Who is responsible: owners of a section, by number, topic or conversation; their count,
companies, membership of one body, and the owners two earlier answers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ingest.models import Program, Section
from ingest.text import fold

from ..extractive import match_score, word_weights
from ..reading import lexicon as lx
from ..reading.asks import has
from ..search import Hit
from ..structured_base import holds
from ..topics import COUNT_WORDS, TOPIC_THRESHOLD
from . import passages

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_owners(a: Answering) -> Result:
    p, prog = a.p, a._program()
    if prog is None:
        return passages.k_open(a)
    if p.sub_goals:
        secs = a._sections(p.sub_goals)
        if "count" in p.asks and len(secs) == 1:
            return a.result(a.s.owners_count(secs[0]), "owners_count")
        return a.result(a.s.owners(secs), "owners")
    focus = a._explicit_focus()
    topic = a._topic_words(focus, extra_generic=COUNT_WORDS | lx.ALL_WORDS)
    nth = _nth_sub_goal(a, prog, focus)
    if nth is not None:
        # "det första delmålet i fokusområde 4", "… där" after focus area 4
        return a.result(a.s.owners([nth]), "owners")
    if focus is not None and not topic:
        return _owners_of_focus(a, focus)
    if (not topic or p.ordinal is not None and a.users) and p.anaphora:
        # "vem på kommunsidan ansvarar för det första?": the ordinal counts in the last list
        secs = a._ctx_sections()
        if not secs:
            return a._no_context()
        return _owners_of(a, secs)
    if not topic and a.users and not set(p.tokens) & lx.ALL_WORDS:
        # "And who is responsible?" after a question about 5.1: the section talked about
        secs = [s for s in a._ctx_sections() if s.kind in ("sub_goal", "focus_area")]
        prev = a.ctx()
        if 0 < len(secs) <= 3 and prev is not None:
            if set(p.tokens) & lx.OTHER_WORDS and prev.bodies:
                # "Vilka andra delar det ansvaret?" after PN's sub-goals: besides PN
                return _besides(a, secs, prev.bodies)
            return _owners_of(a, secs)
    if not topic and _asks_document_responsible(a):
        from .metadata import k_metadata  # metadata answers from the manifest and the cover

        p.rule_field = "responsible"  # "Vem är ansvarig för bostadsförsörjningsprogrammet?"
        return k_metadata(a)
    if not topic:
        companies = any(t.startswith(lx.COMPANY_STEMS) for t in p.tokens) and not any(
            t.startswith(("namnd", "utskott", "committee")) for t in p.tokens
        )
        return a.result(a.s.owners_all(prog, companies_only=companies), "owners")
    # a document whose top-level items carry their own responsibility lines (a strategy's
    # "Strategiskt mål 3 … Ansvar: FGN, GVN") answers by those items as well
    kinds: tuple[str, ...] = ("sub_goal", "other")
    # (only where the question names the document: unscoped, a top-level item on a near topic
    # would answer for its whole document)
    if a.named_scope and any(s.kind == "focus_area" and s.owners for s in prog.sections):
        kinds = ("sub_goal", "focus_area", "other")
    sec, coverage, hits = a._topic(kinds=kinds, within=focus)
    if (
        focus is not None
        and focus.id in p.focus_areas
        and (coverage < TOPIC_THRESHOLD or _own_text_covers(a, focus, topic, coverage))
    ):
        # "fokusområde 2, alltså jämställdhetsdelen": the words restate the focus area
        return _owners_of_focus(a, focus)
    if sec is None or not a._topic_accepted(sec, coverage, hits):
        return a.result(a._abstain_near(hits), "owners")
    if sec.kind == "sub_goal":
        whole = " " + " ".join(fold(sec.title).split()) + " "
        # the question holds the sub-goal's whole title: that one, not a tie on the topic
        tied = [] if len(whole.split()) >= 3 and whole in a.p.folded else _tied(a, sec, hits, focus)
        return _owners_of(a, [sec, *tied])
    if sec.kind != "sub_goal" and sec.owners:
        # an item or a section with its own responsibility line ("Ansvar för överenskommelsen
        # som helhet: …")
        return a.result(a.s.owners(_own_side(a, [sec])), "owners")
    # "Vem ansvarar för uppföljningen?": an other section answers in its own words
    return passages.extract_result(
        a, [i for i in a.c.chunks_of(sec)], kind="open", extra_words=["ansvar"]
    )


def _own_text_covers(a: Answering, focus: Section, topic: list[str], best: float) -> bool:
    """The focus area's own text holds the topic words as well as its best sub-goal does."""
    weights = word_weights(topic, a.c.search)
    own = " ".join(a.c.snapshot.chunks[i].embed_text() for i in a.c.chunks_of(focus))
    return bool(own) and match_score(own, weights, a.c.search) >= best


def _owners_of_focus(a: Answering, focus: Section) -> Result:
    if focus.owners:  # a top-level item with its own responsibility line
        return a.result(a.s.owners([focus]), "owners")
    prog = a._program()
    subs = prog.sub_goals_of(focus.id) if prog else []
    return a.result(a.s.owners_focus(focus, subs), "owners")


def _tied(a: Answering, sec: Section, hits: Sequence[Hit], within: Section | None) -> list[Section]:
    """Another sub-goal meant as much as `sec` ('arbetet mot våld': 1.2 and 2.3): BM25 and
    the dense run each rank a different one of the two first, and both hold the same share
    of the topic words."""
    weights = word_weights(a._topic_words(within), a.c.search)

    def cov(h: Hit) -> float:
        return match_score(a.c.snapshot.chunks[h.chunk].embed_text(), weights, a.c.search)

    def first(run: str) -> Hit | None:
        return next((h for h in hits if h.ranks.get(run) == 0), None)

    lex, dense = first("bm25"), first("dense")
    if lex is None or dense is None:
        return []
    s1, s2 = a.c.chunk_section[lex.chunk], a.c.chunk_section[dense.chunk]
    if s1 is None or s2 is None or s1 is s2 or sec not in (s1, s2):
        return []
    other = s2 if s1 is sec else s1
    if other.kind != "sub_goal" or abs(cov(lex) - cov(dense)) > 1e-6:
        return []
    return [other]


def _own_side(a: Answering, secs: Sequence[Section]) -> list[Section]:
    """'vem på kommunsidan ansvarar …?': of each section's owners, the bodies the municipality's
    glossary knows (a police unit beside them is the other party's)."""
    if not has(a.p.folded, lx.OWN_SIDE_PHRASES):
        return list(secs)
    known = [
        replace(s, owners=[o for o in s.owners if a.c.glossary.get(o.abbreviation) is not None])
        for s in secs
    ]
    return [k if k.owners else s for k, s in zip(known, secs, strict=True)]


def _owners_of(a: Answering, secs: Sequence[Section]) -> Result:
    prog = a._program()
    secs = _own_side(a, secs)
    subs = [s for s in secs if s.kind == "sub_goal"]
    if subs:
        if "count" in a.p.asks and len(subs) == 1:
            return a.result(a.s.owners_count(subs[0]), "owners_count")
        return a.result(a.s.owners(subs), "owners")
    fas = [s for s in secs if s.kind == "focus_area"]
    if fas and fas[0].owners:
        return a.result(a.s.owners(fas[:1]), "owners")
    if fas and prog is not None:
        fa = fas[0]
        kids = prog.sub_goals_of(fa.id)
        return a.result(a.s.owners_focus(fa, kids), "owners")
    return passages.extract_result(
        a,
        [i for s in secs for i in a.c.chunks_of(s)],
        kind="open",
        extra_words=["ansvar"],
        strict=False,
    )


def _besides(a: Answering, secs: Sequence[Section], bodies: Sequence[str]) -> Result:
    """The owners of the sections besides the bodies the conversation asked about."""
    subs = [s for s in secs if s.kind == "sub_goal" and s.owners]
    if not subs:
        return _owners_of(a, secs)
    lines, keys = [], []
    for s in subs:
        others = [o for o in s.owners if o.abbreviation not in bodies]
        keys += [o.abbreviation for o in others if o.abbreviation not in keys]
        lines.append(
            a.r.t(
                "owners_besides",
                bodies=a.r.join([a.r.body(b) for b in bodies if holds(s, b)] or list(bodies)),
                responsibility=a.r.responsibility(s),
                name=a.s._name(s),
                title=s.title,
                owners=a.s.owners_list(others),
            )
        )
    cites = [a.c.owners_citation(s) for s in subs]
    answer = a.s._answer("\n".join(lines), cites, owners=keys, sections=[s.id for s in subs])
    return a.result(answer, "owners", keys)


def k_owners_count(a: Answering) -> Result:
    p = a.p
    secs = a._sections(p.sub_goals) if p.sub_goals else a._ctx_sections()
    subs = [s for s in secs if s.kind == "sub_goal"]
    if not subs:
        return k_owners(a)
    return a.result(a.s.owners_count(subs[0]), "owners_count")


def k_companies(a: Answering) -> Result:
    named = a._sections(a.p.sub_goals)
    secs = [s for s in (named or a._ctx_sections()) if s.kind == "sub_goal"]
    if not secs:
        return a._no_context()
    return a.result(a.s.companies(secs[0]), "companies")


def k_membership(a: Answering) -> Result:
    p = a.p
    secs = a._sections(p.sub_goals) if p.sub_goals else a._ctx_sections()
    subs = [s for s in secs if s.kind == "sub_goal"]
    keys = p.positive_bodies
    if not subs and keys and not p.anaphora and a._topic_words(None):
        # "är kulturnämnden med i arbetet mot barnfattigdom?": the sub-goal on the topic
        sec, coverage, hits = a._topic(kinds=("sub_goal",), within=None)
        if sec is not None and a._topic_accepted(sec, coverage, hits):
            subs = [sec]
        else:
            return passages.k_open(a)
    if not subs or not keys:
        return a._no_context()
    every = len(subs) > 1 and bool(set(p.tokens) & (lx.BOTH_WORDS | lx.ALL_WORDS))
    if not every:
        answer = a.s.membership(subs[0], keys[0])
        if set(p.tokens) & (lx.ONLY_WORDS | lx.OTHER_WORDS | lx.MORE_OWNER_WORDS):
            # "Är det bara JUSK som har ansvar för 2.2, eller finns det fler?": and every owner
            full = a.s.owners(subs[:1])
            answer.text += "\n\n" + full.text
            answer.owners = full.owners
            answer.citations += [c for c in full.citations if c not in answer.citations]
        return a.result(answer, "membership", keys)
    # "Är UKF med i båda de delmålen?": each of them
    parts = [a.s.membership(s, keys[0]) for s in subs]
    answer = parts[0]
    answer.text = "\n".join(part.text for part in parts)
    answer.citations = [c for part in parts for c in part.citations]
    answer.sections = [s.id for s in subs]
    return a.result(answer, "membership", keys)


def k_common(a: Answering) -> Result:
    named = [s for s in a._sections(a.p.sub_goals) if s.kind == "sub_goal"]
    focus = a._explicit_focus() if len(named) < 2 else None
    prog = a._program()
    if focus is not None and prog is not None:
        # "Vilka är huvudansvariga i alla tre delmålen i fokusområde 3?"
        named = prog.sub_goals_of(focus.id)
    if len(named) >= 2:
        return a.result(a.s.common(named), "common")
    secs: list[Section] = []
    for res in (a.ctx2(), a.ctx()):
        if res is not None:
            secs.extend(s for s in a._sections(res.sections) if s not in secs)
    subs = [s for s in secs if s.kind == "sub_goal"]
    if len(subs) < 2:
        return a._no_context()
    return a.result(a.s.common(subs), "common")


def _asks_document_responsible(a: Answering) -> bool:
    """'Vem är ansvarig för våldsplanen?': a named document and nothing else, asked with a
    plain responsibility word (not a document's own "huvudansvar"): its responsible unit."""
    p = a.p
    if not a.named_scope or p.bodies or a.users or a._explicit_focus() is not None:
        return False
    if not set(p.tokens) & lx.SINGULAR_WHO_WORDS:
        return False  # "Vilka är ansvariga i programmet?" asks for the bodies
    resp = [t for t in p.tokens if t.startswith(lx.RESPONSIBILITY_STEMS)]
    return bool(resp) and all(t in lx.PLAIN_RESPONSIBILITY_WORDS for t in resp)


def _nth_sub_goal(a: Answering, prog: Program, focus: Section | None) -> Section | None:
    """The sub-goal an ordinal counts to within a focus area named, or the one focus area the
    conversation was about."""
    p = a.p
    if p.ordinal is None or "subgoal_word" not in p.asks or p.sub_goals:
        return None
    if focus is None and a.users:
        prev = a.ctx()
        held = [s for s in a._sections(prev.sections if prev else []) if s.kind == "focus_area"]
        focus = held[0] if len(held) == 1 else None
    if focus is None:
        return None
    kids = prog.sub_goals_of(focus.id)
    return kids[p.ordinal] if -len(kids) <= p.ordinal < len(kids) else None
