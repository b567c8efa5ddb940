"""Headings named by their words and the headings under one: "Vilka underrubriker har avsnittet
Relaterade dokument?", "Vilket avsnitt kommer närmast före Relaterade dokument?".

An unnumbered heading is named by its title's words in the question (the longest title that the
question holds wins). The headings under a section are its child sections, or, for a section
whose text is grouped under sub-headings (the related-document lists), those sub-headings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from ..models import Citation
from ..reading import lexicon as lx
from . import outline

if TYPE_CHECKING:
    from ..turn import Answering, Result

OUTLINE_FIELDS = ("levels", "parts", "headings", "themes")  # rules read by the outline


def named_heading(a: Answering) -> Section | None:
    """The unnumbered section whose whole title the question holds."""
    prog = a.c.program
    if prog is None:
        return None
    texts = {a.p.folded, a.p.as_typed or a.p.folded}
    best: Section | None = None
    for s in prog.sections:
        if s.kind != "other" or not s.title:
            continue
        title = " " + " ".join(fold(s.title).split()) + " "
        if len(title.split()) < 2 and len(title.strip()) < 8:
            continue  # a short one-word title is too easily a word of the question
        if any(title in t for t in texts) and (best is None or len(s.title) > len(best.title)):
            best = s
    return best


def k_children(a: Answering) -> Result:
    prog = a.c.program
    named = a._sections(a.p.sub_goals or a.p.focus_areas)
    sec = named[0] if named else named_heading(a)
    if sec is None or a.p.rule_field in OUTLINE_FIELDS:
        # no heading named: the document's own outline (its levels, parts or headings)
        whole = outline.k_outline(a)
        if whole is not None:
            return whole
    if prog is None or sec is None:
        return a.read_as_usual("children")
    kids = prog.children(sec.id)
    cites: list[Citation | None]
    if kids:
        items = [a.r.label(k) for k in kids]
        cites = [a.c.heading_citation(k) for k in kids]
        ids = [k.id for k in kids]
    elif sec.groups:
        items = list(sec.groups)
        cites = []
        for name, items_of in sec.groups.items():
            spans = sec.group_spans.get(name, [])
            heads = spans[: max(0, len(spans) - len(items_of))]
            cites += [a.c.cite(sec.document, sec.id, sp) for sp in heads[:1]]
        ids = [sec.id]
    else:
        text = a.r.t("children_none", name=a.r.label(sec))
        return a.result(
            a.s._answer(text, [a.c.heading_citation(sec)], sections=[sec.id]), "children"
        )
    text = a.r.t("children_of", name=a.r.label(sec), count=len(items), items=a.r.join(items))
    return a.result(
        a.s._answer(text, cites or [a.c.heading_citation(sec)], sections=ids), "children"
    )


def k_number(a: Answering) -> Result:
    """'Vilket nummer har Ett Umeå fritt från våld?', 'Är "33 Förebyggande folkhälsoarbete" ett
    eget fokusområde eller ett delmål?': the section by its title words, its number and level."""
    prog = a.c.program
    sec = _titled(a)
    if prog is None or sec is None:
        return a.read_as_usual("number")
    parent = prog.section(sec.parent) if sec.parent else None
    name = a.r.name(sec)
    name = name[:1].lower() + name[1:]  # inside a sentence: "är delmål 1.2"
    if parent is not None:
        text = a.r.t("number_of_in", title=sec.title, name=name, parent=a.r.label(parent))
    else:
        text = a.r.t("number_of", title=sec.title, name=name)
    cites = [a.c.heading_citation(sec)]
    return a.result(a.s._answer(text, cites, sections=[sec.id]), "title")


def quoted_title(a: Answering) -> Section | None:
    """The one numbered section whose title holds a phrase the question quotes."""
    prog = a.c.program
    if prog is None:
        return None
    for q in re.findall(r"[”\"“'‘’]([^”\"“'‘’]{4,})[”\"“'‘’]", a.p.question):
        phrase = " ".join(w for w in re.findall(r"\w+", fold(q)) if not w.isdigit())
        found = [s for s in prog.sections if s.number and phrase and phrase in fold(s.title)]
        if len(found) == 1:
            return found[0]
    return None


def _titled(a: Answering) -> Section | None:
    """The numbered section the question names by its title: a quoted phrase in its title, or
    the section the question's topic words point at."""
    prog = a.c.program
    if prog is None:
        return None
    quoted = quoted_title(a)
    if quoted is not None:
        return quoted
    if a.users and (a.p.anaphora or set(a.p.tokens) & lx.ANAPHORA_LAST):
        # "vilket nummer har det delmålet?": the section the conversation is about
        talked = [s for s in a._ctx_sections() if s.kind in ("sub_goal", "focus_area")]
        if talked:
            return talked[0]
    if not a._topic_words(None):
        return None
    sec, coverage, hits = a._topic(kinds=("sub_goal", "focus_area"), within=None)
    if sec is not None and a._topic_accepted(sec, coverage, hits):
        return sec
    return None
