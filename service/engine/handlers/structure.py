"""Operations on the heading tree: title, parent, count comparisons, extremes, same owners.

Each handler computes its answer exactly from the parsed document and cites the headings or
responsibility lines it rests on; it never guesses. A section the question names but the
document lacks was already answered ("Det finns inget delmål 3.4") before a handler runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.models import Program, Section
from ingest.text import fold

from ..models import Answer, Citation
from ..reading import lexicon as lx
from . import passages

if TYPE_CHECKING:
    from ..turn import Answering, Result


def _number(a: Answering, n: int) -> str:
    words = a.r.t("number_words").split(",")
    return words[n].strip() if 0 <= n < len(words) else str(n)


def name(a: Answering, sec: Section) -> str:
    """'Delmål 3.2', 'Fokusområde 4', or the document's own label: 'Åtgärd 3.2'."""
    label = getattr(sec, "label", None)
    if label:
        return f"{label} {sec.id}"
    key = "name_focus_area" if sec.kind == "focus_area" else "name_sub_goal"
    return a.r.t(key, id=sec.id)


def _answer(a: Answering, text: str, cites: Sequence[Citation | None], ids: list[str]) -> Answer:
    seen: list[Citation] = []
    for c in cites:
        if c is not None and c not in seen:
            seen.append(c)
    return Answer(
        text=text,
        citations=seen,
        abstained=False,
        mode="structured",
        confidence=1.0,
        sections=ids,
        language=a.r.language,
    )


def _targets(a: Answering) -> list[Section]:
    """The sections the question points at: by number, by ordinal within a named focus area,
    by the conversation, or by topic."""
    p = a.p
    named = a._sections(p.sub_goals or p.focus_areas)
    prog = a.c.program
    ordinal = p.ordinal if p.ordinal is not None else _ordinal(p.tokens)
    if ordinal is not None and prog is not None:
        focus = next((s for s in named if s.kind == "focus_area"), None)
        wants_sub = "subgoal_word" in p.asks
        # "det sista delmålet" reads as a reference back only within a conversation
        back = p.anaphora and bool(a.users)
        if wants_sub and (focus is not None or not (named or back)):
            kids = prog.sub_goals_of(focus.id) if focus is not None else prog.sub_goals
            try:
                return [kids[ordinal]]
            except IndexError:
                return []
        if not named and back:
            return a._ctx_sections()
        if not named and not wants_sub:
            try:
                return [prog.focus_areas[ordinal]]
            except IndexError:
                return []
    if named:
        return named
    if p.anaphora and (a.users or not a._topic_words(None)):
        # "det" points back within a conversation; alone, it is the topic just named
        # ("Ett Umeå fritt från våld – under vilket fokusområde ligger det?")
        return a._ctx_sections()
    if a._topic_words(None):
        sec, coverage, hits = a._topic(kinds=("sub_goal", "focus_area"), within=None)
        if sec is not None and a._topic_accepted(sec, coverage, hits):
            return [sec]
        return []
    # nothing named, no topic: the question is about what the conversation was about
    return a._ctx_sections()


def _ordinal(tokens: Sequence[str]) -> int | None:
    for i, t in enumerate(tokens):
        if t in lx.ORDINALS:
            # "näst sista": one before the one named ("second last")
            before = tokens[i - 1] if i else ""
            step = -1 if before in lx.ORDINAL_BEFORE and int(lx.ORDINALS[t]) < 0 else 0
            return int(lx.ORDINALS[t]) + step
    return None


def k_title(a: Answering) -> Result:
    secs = [s for s in _targets(a) if s.title]
    if not secs:
        return passages.k_open(a)
    lines = [a.r.t("title", name=name(a, s), title=s.title) for s in secs]
    cites = [a.c.heading_citation(s) for s in secs]
    return a.result(_answer(a, " ".join(lines), cites, [s.id for s in secs]), "title")


def k_parent(a: Answering) -> Result:
    prog = a.c.program
    secs = [s for s in _targets(a) if s.kind == "sub_goal"]
    if not secs or prog is None:
        return passages.k_open(a)
    lines, cites, ids = [], [], []
    for s in secs:
        parent = prog.section(s.parent) if s.parent else None
        if parent is None:
            lines.append(a.r.t("parent_none", child=a.r.label(s)))
            continue
        lines.append(a.r.t("parent", child=a.r.label(s), parent=a.r.label(parent)))
        cites += [a.c.heading_citation(parent), a.c.heading_citation(s)]
        ids += [s.id, parent.id]
    return a.result(_answer(a, " ".join(lines), cites, ids), "parent")


def _children(a: Answering, focus: Section) -> list[Section]:
    prog = a.c.program
    return prog.sub_goals_of(focus.id) if prog else []


def _ids(a: Answering, secs: Sequence[Section]) -> str:
    return a.r.join([s.id for s in secs])


def k_count_compare(a: Answering) -> Result:
    focus = [s for s in a._sections(a.p.focus_areas) if s.kind == "focus_area"][:2]
    if len(focus) < 2 and "all" in a.p.asks and a.c.program is not None:
        return _all_counts(a)
    if len(focus) < 2:
        return passages.k_open(a)
    (x, y), (kx, ky) = focus, (_children(a, focus[0]), _children(a, focus[1]))
    parts = [
        a.r.t("count_of", name=name(a, f), count=_number(a, len(k)), ids=_ids(a, k))
        for f, k in ((x, kx), (y, ky))
    ]
    if len(kx) == len(ky):
        verdict = a.r.t("count_equal")
    else:
        more = x if len(kx) > len(ky) else y
        verdict = a.r.t("count_more", name=name(a, more))
    text = a.r.t("count_compare", first=parts[0], second=parts[1], verdict=verdict)
    cites = [a.c.heading_citation(s) for s in (x, *kx, y, *ky)]
    return a.result(_answer(a, text, cites, [s.id for s in (*kx, *ky)]), "count_compare")


def k_focus_extreme(a: Answering) -> Result:
    prog = a.c.program
    if prog is None or not prog.focus_areas:
        return passages.k_open(a)
    fewest = any(w in a.p.folded for w in a.r.t("fewest_words").split(","))
    counts = {f.id: len(_children(a, f)) for f in prog.focus_areas}
    best = min(counts.values()) if fewest else max(counts.values())
    chosen = [f for f in prog.focus_areas if counts[f.id] == best]
    items = a.r.join([f"{a.r.label(f)} ({_ids(a, _children(a, f))})" for f in chosen])
    key = "focus_fewest" if fewest else "focus_most"
    text = a.r.t(key, count=_number(a, best), items=items)
    kids = [k for f in chosen for k in _children(a, f)]
    cites = [a.c.heading_citation(s) for s in (*chosen, *kids)]
    return a.result(_answer(a, text, cites, [f.id for f in chosen]), "focus_extreme")


def k_same_owners(a: Answering) -> Result:
    prog = a.c.program
    named = a._sections(a.p.sub_goals) or (a._ctx_sections() if a.users else [])
    secs = [s for s in named if s.kind == "sub_goal"]  # named, or the one talked about
    if prog is not None and not secs and not a.p.sub_goals:
        return _same_owner_groups(a, prog)  # "Finns det två delmål med samma huvudansvariga?"
    if prog is None or not secs or not secs[0].owners:
        return passages.k_open(a)
    ref = secs[0]
    key = set(ref.owner_abbreviations)
    same = [s for s in prog.sub_goals if s is not ref and set(s.owner_abbreviations) == key]
    owners = a.r.join([a.r.owner(o) for o in ref.owners])
    if not same:
        text = a.r.t("same_owners_none", id=ref.id, owners=owners)
    else:
        items = a.r.join([a.r.t("reverse_item", id=s.id, title=s.title) for s in same])
        text = a.r.t("same_owners", id=ref.id, owners=owners, items=items)
    cites = [a.c.owners_citation(s) for s in (ref, *same)]
    answer = _answer(a, text, cites, [s.id for s in same])
    return a.result(answer, "same_owners")


def _same_owner_groups(a: Answering, prog: Program) -> Result:
    """The sub-goals whose owner sets are identical, each group with its owners."""
    groups: dict[frozenset[str], list[Section]] = {}
    for s in prog.sub_goals:
        if s.owners:
            groups.setdefault(frozenset(s.owner_abbreviations), []).append(s)
    same = [g for g in groups.values() if len(g) >= 2]
    if not same:
        return a.result(_answer(a, a.r.t("same_owners_groups_none"), [], []), "same_owners")
    items = a.r.join(
        [
            a.r.t(
                "same_owners_group",
                ids=a.r.join([s.id for s in g]),
                owners=a.r.join([a.r.owner(o) for o in g[0].owners]),
            )
            for g in same
        ]
    )
    members = [s for g in same for s in g]
    cites = [a.c.owners_citation(s) for s in members]
    answer = _answer(a, a.r.t("same_owners_groups", items=items), cites, [s.id for s in members])
    return a.result(answer, "same_owners")


def focus_areas_of(a: Answering, found: Answer) -> Answer:
    """A sub-goal answer lifted to the focus areas the sub-goals lie in, each with its ids."""
    prog = a.c.program
    if prog is None:
        return found
    subs = [s for s in prog.sub_goals if s.id in found.sections]
    if not subs:
        return found  # the items are top-level ones already (a document of one level)
    parents = [f for f in prog.focus_areas if any(s.parent == f.id for s in subs)]
    items = a.r.join(
        [f"{a.r.label(f)} ({_ids(a, [s for s in subs if s.parent == f.id])})" for f in parents]
    )
    text = a.r.t("in_focus_areas", count=_number(a, len(parents)), items=items)
    cites = [a.c.heading_citation(f) for f in parents] + list(found.citations)
    out = _answer(a, text + "\n" + found.text, cites, [f.id for f in parents])
    out.owners = found.owners
    return out


def names_a_document(text: str) -> bool:
    """Does a sentence name a governing document (a plan, a program, a strategy …)?"""
    words = fold(text).split()
    return any(s in w for w in words for s in lx.DOCUMENT_KIND_STEMS) or any(
        w.strip('.,:;()”"').endswith(t) for w in words for t in lx.DOCUMENT_KIND_TAILS
    )


def k_based_on(a: Answering) -> Result:
    """'Vilket program utgår det från?': the sentences of the section that name a document."""
    secs = [s for s in _targets(a) if s.kind in ("sub_goal", "focus_area")]
    if not secs and a.users:
        # "Vilket styrdokument hänvisar det till?": the section the conversation is about
        secs = [s for s in a._ctx_sections() if s.kind in ("sub_goal", "focus_area")]
    for sec in secs[:1]:
        units = [u for u in a.c.section_units(sec) if u.kind == "sentence"]
        naming = [u for u in units if names_a_document(u.text)]
        if naming:
            return a.result(a.s.section_quote(sec, naming[:2]), "section_content")
    return passages.k_open(a)


def _all_counts(a: Answering) -> Result:
    """'Har alla fokusområden lika många delmål?': each one's count, and whether they agree."""
    prog = a.c.program
    assert prog is not None
    kids = {f.id: _children(a, f) for f in prog.focus_areas}
    items = a.r.join(
        [a.r.t("count_item", name=name(a, f), count=len(kids[f.id])) for f in prog.focus_areas]
    )
    same = len({len(k) for k in kids.values()}) <= 1
    text = a.r.t("count_all_equal" if same else "count_all_unequal", items=items)
    cites = [a.c.heading_citation(f) for f in prog.focus_areas]
    ids = [s.id for k in kids.values() for s in k]
    return a.result(_answer(a, text, cites, ids), "count_compare")
