"""The sections before and after a section: the next of its level ("Vilket delmål kommer efter
3.2?"), the next heading as printed ("… i dokumentet"), and what follows the last focus area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.models import Program, Section

from ..reading import lexicon as lx
from ..reading.asks import has
from . import headings, passages
from .structure import _answer, _ordinal, _targets

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_neighbour(a: Answering) -> Result:
    """'Vilket delmål kommer efter 3.2?': the next (previous) section of the same level, or the
    next heading of any kind after the last one ('efter fokusområde 5' → Uppföljning)."""
    prog = a.c.program
    if (a.p.rule or "").startswith("example:") and not has(a.p.folded, lx.ORDER_WORDS):
        # read by a near example only, and it asks about no order of sections
        return a.read_as_usual("neighbour")
    if prog is not None and a.p.rule_field in ("after_top", "last") and prog.focus_areas:
        return _after_the_structure(a, prog)
    named = a._sections(a.p.sub_goals or a.p.focus_areas)
    if not named and _ordinal(a.p.tokens) is not None:
        named = [s for s in _targets(a) if s.kind != "other"]  # "efter det sista delmålet"
    if not named:
        # "Vilket avsnitt kommer närmast före Relaterade dokument?": a heading by its words;
        # "Vilket delmål kommer efter 'Ett Umeå fritt från våld'?": a numbered one by its title
        heading = headings.named_heading(a) or headings.quoted_title(a)
        named = [heading] if heading is not None else []
    if not named and (a.p.rule or "").startswith("heading-"):
        return a.read_as_usual("neighbour")  # no heading named after all
    if prog is None or not named:
        return passages.k_open(a)
    sec, step = named[0], (-1 if a.p.rule_field == "before" else 1)
    in_text = step > 0 and has(a.p.folded, lx.DOCUMENT_ORDER_PHRASES)
    if step > 0 and prog.focus_areas and sec is prog.focus_areas[-1] and (_plural(a) or in_text):
        return _after_the_structure(a, prog)  # "Vilka avsnitt kommer efter fokusområde 5?"
    if in_text:
        # "Vad kommer direkt efter delmål 3.3 i dokumentet?": the next heading as printed
        order = prog.sections
        nxt = next((s for s in order[order.index(sec) + 1 :] if s.parent != sec.id), None)
        if nxt is not None:
            text = a.r.t("neighbour_after", name=a.r.label(sec), other=a.r.label(nxt))
            return a.result(_answer(a, text, [a.c.heading_citation(nxt)], [nxt.id]), "title")
    # an unnumbered heading's neighbours are the headings beside it at its level, of any kind
    same = [
        s
        for s in prog.sections
        if (s.parent == sec.parent if sec.kind == "other" else s.kind == sec.kind)
    ]
    i = same.index(sec) + step if sec in same else -1
    other: Section | None = same[i] if 0 <= i < len(same) else None
    if other is None:
        # past the last of its level: the next heading of the document that is not inside it
        order = prog.sections
        at = order.index(sec)
        rest = order[at + 1 :] if step > 0 else list(reversed(order[:at]))
        other = next((s for s in rest if s.parent != sec.id and s.kind != "sub_goal"), None)
        if other is None:
            return passages.k_open(a)
    key = "neighbour_before" if step < 0 else "neighbour_after"
    text = a.r.t(key, name=a.r.label(sec), other=a.r.label(other))
    # the heading that answers is cited, not the one the question named
    return a.result(_answer(a, text, [a.c.heading_citation(other)], [other.id]), "title")


def _plural(a: Answering) -> bool:
    return a.p.tokens[:1] in (["vilka"], ["which"]) and a.p.tokens[1:2] != ["delmal"]


def _after_the_structure(a: Answering, prog: Program) -> Result:
    """'Vilka avsnitt följer efter fokusområdena?': the top headings after the last focus area;
    'Vad heter det sista avsnittet?': the last of them (or the last focus area)."""
    last = prog.focus_areas[-1]
    order = prog.sections
    after = [s for s in order[order.index(last) + 1 :] if s.kind == "other" and s.parent is None]
    if a.p.rule_field == "last":
        other = after[-1] if after else last
        text = a.r.t("last_section", other=a.r.label(other))
        return a.result(_answer(a, text, [a.c.heading_citation(other)], [other.id]), "title")
    if not after:
        return passages.k_open(a)
    items = a.r.join([a.r.label(s) for s in after])
    text = a.r.t("after_structure", name=a.r.label(last), items=items)
    cites = [a.c.heading_citation(s) for s in after]
    return a.result(_answer(a, text, cites, [s.id for s in after]), "title")
