"""A document's outline: its headings ("Vilka rubriker finns i medborgarlöftena?"), its labelled
unnumbered parts ("Vilka bilagor har bostadsprogrammet?", "Vad heter bilaga 2?") and the names of
its numbered levels ("Vad kallas nivåerna i barnfattigdomsplanen?").

Everything comes from the parsed heading tree: a section's title, its label as written
("Bilaga", "Åtgärd") and its number. A question that names a level of the document to leave out
("… förutom de fyra målen") gets the other headings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Program, Section
from ingest.text import fold

from ..models import Citation
from ..reading import lexicon as lx
from ..reading.rules import load_rules
from ..understand import alternatives
from . import lists

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_outline(a: Answering) -> Result | None:
    """The answer for a rule's outline field, or None when the question is not one after all."""
    prog = a.c.program
    if prog is None or (a.p.rule or "").startswith("example:"):
        return None  # an outline is read by its own rule's words, never by a near example
    field = a.p.rule_field
    if field == "themes":
        return _themes(a, prog)
    if field == "levels":
        return _levels(a, prog)
    labelled = _labelled(a, prog)
    if labelled:
        return _parts(a, labelled)
    if field == "parts":
        return None
    if field == "headings" or (field is None and a.named_scope):
        return _headings(a, prog)
    return None


def _themes(a: Answering, prog: Program) -> Result | None:
    """'Vilka områden tar medborgarlöftena upp?': a document's main parts, asked with no topic
    of the question's own: its top level when it has numbered levels, else its headings. None
    when the question has a topic ("Vilka områden räknas som utsatta?")."""
    if any(all(w not in lx.THEME_WORDS for w in alternatives(r)) for r in a.p.residual):
        return None
    if prog.levels and prog.focus_areas:
        return lists.k_list_focus_areas(a)
    return _headings(a, prog)


def _labelled(a: Answering, prog: Program) -> list[Section]:
    """The unnumbered-level parts whose label the question names ('bilagor' for 'Bilaga')."""
    by_label: dict[str, list[Section]] = {}
    for s in prog.sections:
        if s.kind == "other" and s.label:
            by_label.setdefault(fold(s.label), []).append(s)
    for label, secs in by_label.items():
        if any(a._same(t, label) for t in a.p.tokens):
            return secs
    return []


def _parts(a: Answering, secs: list[Section]) -> Result | None:
    """'Bilaga 2 heter …' for a number the question gives, else every part with that label."""
    wanted = [s for s in secs if s.number and s.number in a.p.numbers]
    if wanted and not _asks_name(a):
        return None  # "Hur många bostäder planeras enligt bilaga 1?" asks what it says
    if wanted:
        lines = [a.r.t("title", name=_name(s), title=s.title) for s in wanted]
        cites = [a.c.heading_citation(s) for s in wanted]
        return a.result(
            a.s._answer(" ".join(lines), cites, sections=[s.id for s in wanted]), "title"
        )
    items = [a.r.t("outline_part", name=_name(s), title=s.title) for s in secs]
    plural = a.r.level_plural(secs[0].label)
    text = a.r.t("outline_parts", count=len(secs), word=plural, items=a.r.join(items))
    cites = [a.c.heading_citation(s) for s in secs]
    return a.result(a.s._answer(text, cites, sections=[s.id for s in secs]), "children")


def _asks_name(a: Answering) -> bool:
    """The question asks what a part is called (the data rule for a section's title)."""
    return any(r.id == "title-of-section" and r.fires(a.p) for r in load_rules())


def _name(s: Section) -> str:
    return f"{s.label} {s.number}" if s.number else s.label


def _headings(a: Answering, prog: Program) -> Result:
    """The document's top-level headings in order, less a level the question sets aside."""
    top = [s for s in prog.sections if s.parent is None and s.kind != "footnote"]
    left_out = _level_left_out(a, prog)
    if left_out:
        top = [s for s in top if fold(s.label) != left_out]
    items = [a.r.label(s) for s in top]
    title = a.c.title(prog.document)
    text = a.r.t("outline_headings", title=title, count=len(items), items=a.r.join(items))
    cites: list[Citation | None] = [a.c.heading_citation(s) for s in top]
    return a.result(a.s._answer(text, cites, sections=[s.id for s in top]), "children")


def _level_left_out(a: Answering, prog: Program) -> str | None:
    """'förutom de fyra målen': the folded label of the level named after an except word."""
    words = re.findall(r"\w+", fold(a.asked))  # as typed: the document's own level words
    at = next((i for i, w in enumerate(words) if w in lx.EXCEPT_WORDS), None)
    if at is None:
        return None
    after = words[at + 1 :]
    for level in prog.levels:
        forms = {fold(level), fold(a.r.level_plural(level))}
        single = [f for f in forms if len(f.split()) == 1]
        if any(w.startswith(f) or a._same(w, f) for w in after for f in single):
            return fold(level)
    return None


def _levels(a: Answering, prog: Program) -> Result:
    """'Handlingsplanen är indelad i mål och, under varje, åtgärder (till exempel …)'."""
    title = a.c.title(prog.document)
    first = prog.focus_areas[0] if prog.focus_areas else None
    if first is None or not prog.levels:
        return _headings(a, prog)
    examples = [first, *prog.children(first.id)[:1]]
    names = [a.r.level_plural(level) for level in prog.levels]
    key = "outline_levels" if len(names) > 1 else "outline_level_one"
    text = a.r.t(
        key,
        title=title,
        top=names[0],
        below=names[-1],
        examples=a.r.join([a.r.label(s) for s in examples]),
    )
    cites = [a.c.heading_citation(s) for s in examples]
    return a.result(a.s._answer(text, cites, sections=[s.id for s in examples]), "children")
