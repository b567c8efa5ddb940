"""Lists and single facts from the program's structure: focus areas, sub-goals (all, of a
focus area, or the one on a topic), related documents, the period and the glossary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from ..reading import lexicon as lx
from ..topics import COUNT_WORDS
from ..understand import alternatives
from . import passages

if TYPE_CHECKING:
    from ..turn import Answering, Result


def k_list_focus_areas(a: Answering) -> Result:
    prog = a._program()
    if prog is None or not prog.focus_areas:
        return passages.k_open(a)
    if "priority" in a.p.asks and _topic_beyond_priorities(a):
        # "Vilka prioriteras i folkhälsoarbetet?" asks about a topic, not for the priorities
        return passages.k_open(a)
    if _partitive_with_topic(a, prog.focus_areas):
        # "Vilka av kriterierna måste vara uppfyllda?": which of them the text says something
        # of, not the list of them
        return passages.k_open(a)
    answer = a.s.focus_areas(prog)
    if a.p.kind == "count_focus_areas" and _obliges(a) and _said_of_some(a, prog.focus_areas):
        # "Hur många kriterier finns det, och måste alla vara uppfyllda?": the count, then
        # the passage that says which must
        said = passages.k_open(a).answer
        if not said.abstained:
            answer.text += "\n\n" + said.text
            answer.citations += [c for c in said.citations if c not in answer.citations]
    if a.p.kind == "count_focus_areas" and "subgoal_word" in a.p.asks:
        # "Hur många mål och aktiviteter har handlingsplanen?": the items under them, counted
        per = [len(prog.sub_goals_of(f.id)) for f in prog.focus_areas]
        counts = a.r.join([str(n) for n in per])
        answer.text += " " + a.r.t("sub_goals_total", count=sum(per), counts=counts)
    return a.result(answer, "list_focus_areas")


def k_list_subgoals(a: Answering) -> Result:
    p, prog = a.p, a._program()
    if prog is None:
        return passages.k_open(a)
    if p.rule_field == "title_word":
        return _titles_holding(a)
    if "money" in p.asks:
        return passages.k_open(a)  # "the budget for the sub-goal on …" asks for a sum
    several = [s for s in a._sections(p.focus_areas) if s.kind == "focus_area"]
    if len(several) >= 2 and not a._topic_words(None, extra_generic=COUNT_WORDS):
        # "Vilka delmål finns i fokusområde 1 och 2?": each one's
        parts = [a.s.sub_goals(prog, f) for f in several]
        answer = parts[0]
        answer.text = "\n".join(part.text for part in parts)
        answer.citations = [c for part in parts for c in part.citations]
        answer.sections = [i for part in parts for i in part.sections]
        return a.result(answer, "list_subgoals")
    focus = a._explicit_focus()
    if focus is None and not _one_sub_goal(a):
        # "Vilka delmål handlar om kvinnor och män?" may name a focus area by its title;
        # "Vilket delmål handlar om mäns våld mot kvinnor?" asks for one sub-goal
        focus = a._focus_by_title(require_word=False)
    pointing = p.anaphora or bool(a.users and set(p.tokens) & lx.ANAPHORA_LAST)
    if focus is None and pointing and not a._topic_words(None, extra_generic=COUNT_WORDS):
        # "Vilka delmål ingår i det?", "hur många delmål har det och vilka?" after a question
        # about a focus area
        ctx = a._ctx_sections()
        focus = next((s for s in ctx if s.kind == "focus_area"), None)
        parents = {s.parent for s in ctx if s.kind == "sub_goal"}
        if focus is None and len(parents) == 1:
            focus = prog.section(parents.pop() or "")  # its sub-goals were the answer
    named = any(t.startswith("fokusomr") for t in p.tokens) or " focus area" in p.folded
    if focus is None and named and a._topic_words(None, extra_generic=COUNT_WORDS):
        # "fokusområdet om klimat": a focus area the program does not have
        return a.result(a.s.abstain([], prog.focus_areas), "list_subgoals")
    words = a._topic_words(None, extra_generic=COUNT_WORDS)
    if focus is None and words and "all" not in p.asks:
        # "Vilka delmål handlar om våld?": every sub-goal whose title holds the topic word
        titled = _titled(a, words) if len(words) <= 2 else []
        if len(titled) >= 2 and not _one_sub_goal(a):
            text = a.r.t("sub_goals_on", items=a.s._items(titled))
            cites = [a.c.heading_citation(s) for s in titled]
            ids = [s.id for s in titled]
            return a.result(a.s._answer(text, cites, sections=ids), "list_subgoals")
        # "Vilket delmål handlar om hemlöshet?": the sub-goal on that topic
        sec, coverage, hits = a._topic(kinds=("sub_goal",), within=None)
        if sec is None or not a._topic_accepted(sec, coverage, hits):
            return passages.k_open(a)
        units = [u for u in a.c.section_units(sec) if u.kind == "sentence"][:3]
        return a.result(a.s.section_quote(sec, units), "section_content")
    return a.result(a.s.sub_goals(prog, focus), "list_subgoals")


def _titles_holding(a: Answering) -> Result:
    """'Vilka delmål har våld i rubriken?': the sections whose title holds the word."""
    prog = a._program()
    # a quoted phrase is the words asked for, all of them ("börjar med ”Fortsatta arbetet”")
    quoted = re.findall(r"[”\"“'‘’]([^”\"“'‘’]+)[”\"“'‘’]", a.p.question)
    every = bool(quoted)
    words = (
        [fold(w) for w in re.findall(r"\w+", quoted[0])]
        if quoted
        else [w for w in a.p.residual if w not in lx.TITLE_QUESTION_WORDS]
    )
    if prog is None or not words:
        return passages.k_open(a)
    kinds = ("focus_area",) if "focus_plural" in a.p.asks else ("sub_goal",)
    join = all if every else any
    hits = [
        s
        for s in prog.sections
        if s.kind in kinds
        and join(
            any(_word_in_title(w, t) for t in re.findall(r"\w+", fold(s.title))) for w in words
        )
    ]
    if not hits:
        return a.result(a.s.abstain([], []), "list_subgoals")
    typed = (
        quoted[0]
        if quoted
        else next((w for w in re.findall(r"\w+", a.p.question) if a._same(fold(w), words[0])), "")
    )
    text = a.r.t("titles_holding", word=typed or words[0], items=a.s._items(hits))
    cites = [a.c.heading_citation(s) for s in hits]
    return a.result(a.s._answer(text, cites, sections=[s.id for s in hits]), "list_subgoals")


def _titled(a: Answering, words: list[str]) -> list[Section]:
    prog = a._program()
    if prog is None or not words:
        return []
    return titled_among(a, words, prog.sub_goals)


def titled_among(a: Answering, words: list[str], sections: list[Section]) -> list[Section]:
    """The sections whose title holds every topic word (one of its alternatives:
    "barn|barnfattigdom")."""
    return [
        s
        for s in sections
        if all(
            any(
                _word_in_title(alt, t)
                for alt in w.split("|")
                for t in re.findall(r"\w+", fold(s.title))
            )
            for w in words
        )
    ]


def _word_in_title(word: str, title_word: str) -> bool:
    """'våld' in 'våld', 'barn' in 'barnfattigdom'; not 'arbetsmarknaden' in 'arbetet'."""
    return title_word.startswith(word) or (
        len(word) >= 6 and word.startswith(title_word) and len(title_word) >= len(word) - 2
    )


def _topic_beyond_priorities(a: Answering) -> bool:
    rest = [
        w
        for w in a._topic_words(None, extra_generic=COUNT_WORDS)
        if not w.startswith(lx.PRIORITY_STEMS)
        and w not in lx.PERIOD_WORDS
        and w not in lx.PRIORITY_LIST_WORDS
    ]
    return bool(rest)


def _partitive_with_topic(a: Answering, items: Sequence[Section]) -> bool:
    """'Vilka av X …?', 'Vilka X måste vara uppfyllda?': topic words the documents use that
    none of the items' titles holds ask which of them the text says it of, not for the list
    ("Vilka kriterier bedöms ansökningar efter?" asks for the list)."""
    toks = a.p.tokens
    if not any(t in lx.PARTITIVE_WORDS for t in toks[:2]) or a.p.kind == "count_focus_areas":
        return False
    if "av" not in toks[1:3] and not _obliges(a):
        return False
    return _said_of_some(a, items)


def _obliges(a: Answering) -> bool:
    """'måste', 'obligatoriska': what must hold of some of the items."""
    return bool(set(a.p.tokens) & lx.OBLIGATION_WORDS)


def _said_of_some(a: Answering, items: Sequence[Section]) -> bool:
    """Does the question say something of the items ("måste vara uppfyllda") with words the
    documents use and no item's title holds?"""
    titles = fold(" ".join(s.title for s in items))
    return any(
        w not in titles and a.c.search.known(w)
        for w in a._topic_words(None, extra_generic=COUNT_WORDS)
    )


def _one_sub_goal(a: Answering) -> bool:
    """'Vilket delmål …', 'which sub-goal …': one sub-goal asked for, not a list."""
    toks = a.p.tokens
    singular = any(t in {"delmal", "delmalet", "subgoal"} for t in toks) or bool(
        re.search(r" sub.?goal ", a.p.folded)
    )
    return bool({"vilket", "which"} & set(toks)) and singular


def k_period(a: Answering) -> Result:
    prog = a._program()
    rest = [
        w
        for w in a.p.residual
        if not any(
            alt in lx.PERIOD_WORDS | lx.PERIOD_TOPIC_WORDS
            or any(a._same(alt, t) for t in a.c.title_words if len(t) > 3)
            for alt in alternatives(w)
        )
    ]
    quoted = re.search(r"['\"”“‘’].{3,}['\"”“‘’]", a.p.question)  # a name asked about
    if prog is None or rest or quoted:
        return passages.k_open(a)
    ans = a.s.period(prog)
    if ans is None:
        return passages.k_open(a)
    return a.result(ans, "period")


def k_glossary(a: Answering) -> Result:
    p = a.p
    keys = p.positive_bodies
    if not keys:
        prev = a.ctx()
        keys = list(prev.bodies) if prev is not None else []
    if not keys:
        return a._no_context()
    within = a._sections(p.sub_goals)
    parts = [a.s.glossary(k, within[0] if within else None) for k in keys]
    if len(parts) == 1:
        return a.result(parts[0], "glossary", keys[:1])
    answer = parts[0]
    answer.text = "\n".join(part.text for part in parts)
    answer.citations = [c for part in parts for c in part.citations]
    answer.abstained = all(part.abstained for part in parts)
    return a.result(answer, "glossary", keys)
