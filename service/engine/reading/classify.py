"""The general reading's choice of operation, when no data rule (rules.py) chose one: from what
the question asks (asks.py), the sections and bodies it names and its conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import lexicon as lx
from .asks import asks_which_body, has

if TYPE_CHECKING:
    from ..understand import Parsed


def classify(p: Parsed) -> str:
    a = p.asks
    resp = "responsibility" in a or "lead" in a
    has_bodies = bool(p.bodies)
    if p.ellipsis:
        return "ellipsis"
    if {"most", "fewest"} & a and len(set(p.positive_bodies)) >= 2 and not p.sub_goals:
        # "Vem har huvudansvar i flest delmål, FGN eller TN?": the named bodies compared
        return "extreme"
    # "Vem leder JUSK?", "Vem är ordförande i KS?": who heads the body itself
    if (
        "head" in a
        and has_bodies
        and not (p.sub_goals or p.focus_areas or p.anaphora)
        and "responsibility" not in a
        and "subgoal_word" not in a
        and not [w for w in p.residual if w not in lx.HEAD_WORDS]
    ):
        return "body_head"
    # glossary: "Vad står KS för?", "Vad är Ultra för något?", "är jusk en nämnd eller ett utskott?"
    if has_bodies and "glossary" in a and not resp:
        short = [t for t in p.residual]
        # "Vad står KF för i …?": the body between the words
        between = any(
            p.tokens[m.start - 1 : m.start] == ["star"] and p.tokens[m.end : m.end + 1] == ["for"]
            for m in p.bodies
        )
        if (
            any(x in p.folded for x in ("betyder", "star for", "stand for", "mean", "forkortning"))
            or between
            or not short
        ):
            return "glossary"
    if has_bodies and " eller " in p.folded and not resp and not set(p.tokens) & lx.SAME_WORDS:
        # "är jusk en nämnd eller ett utskott?"; not "har KN samma eller skiljer det sig?"
        return "glossary"
    if not has_bodies and ("forkortning" in p.folded or "abbreviation" in p.folded):
        return "glossary"
    # "genom vilka bolag då?"; not "Vilka nämnder och bolag har huvudansvaret för det?"
    committees = lx.COMMITTEE_WORDS & set(p.tokens)
    if (
        "companies" in a
        and p.anaphora
        and not (p.sub_goals or has_bodies or committees)
        and p.ordinal is None  # "… i det första av dem?" names an item of the list before
    ):
        return "companies"
    # "Genom vilka bolag har UKF huvudansvar i delmål 1.3?"
    if (
        "companies" in a
        and len(p.sub_goals) == 1
        and (p.tokens[:1] == ["genom"] or " vilka bolag " in p.folded)
        and not any(t.startswith(("namnd", "utskott")) for t in p.tokens)
    ):
        return "companies"
    if has_bodies and p.anaphora and not resp and not p.sub_goals:
        return "membership"
    if "both" in a and not has_bodies and p.anaphora:
        return "common"
    if has_bodies and p.sub_goals and (resp or "yes_no" in a):
        return "membership"
    yes_no_topic = (
        len(p.positive_bodies) == 1
        and "yes_no" in a
        and not p.anaphora
        and not p.sub_goals
        and not p.focus_areas
        # "Är ÄN med i delmålet om …?" names one sub-goal by its topic; "… i något delmål?" not
        and ("subgoal_word" not in a or "delmalet" in p.tokens)
    )
    if (
        p.positive_bodies
        and not (p.sub_goals or p.focus_areas or p.anaphora or p.residual)
        and has(p.folded, lx.BODY_TASK_PHRASES)
    ):
        # "Vad ska Fritidsnämnden göra enligt programmet?": the sub-goals it has a part in
        return "reverse"
    if yes_no_topic and p.residual:
        # "Har FN något ansvar för mötesplatser?": the body in the sub-goal on the topic
        return "membership"
    if yes_no_topic and not p.residual:
        # "Är KS med i programmet?": yes, and where
        return "reverse"
    if has_bodies and (resp or "subgoal_word" in a) and not p.sub_goals:
        return "reverse"
    if (
        "companies" in a
        and resp
        and ("subgoal_word" in a or p.tokens[:1] in (["var"], ["where"]))
        and not (has_bodies or p.sub_goals or p.anaphora)
        and not asks_which_body(p.tokens, lx.ASKED_BODY_NOUNS | lx.BODY_TYPE_WORDS)
    ):
        return "reverse"  # "Var har de kommunala bolagen huvudansvar?", not "Vilka bolag …?"
    if p.unknown_entity and (resp or "subgoal_word" in a) and not p.sub_goals and "who" not in a:
        return "reverse_unknown"
    extreme = {"most", "fewest"} & a or p.exactly is not None or p.at_least is not None
    if extreme and resp and not p.sub_goals:
        return "extreme"
    if (
        "count" in a
        and (resp or "companies" in a or "namnder" in p.folded)
        and (p.sub_goals or p.focus_areas or p.anaphora)
    ):
        return "owners_count"
    # "Hur många olika organ pekas ut som huvudansvariga?": the bodies of the whole program
    if "count" in a and resp and not (p.sub_goals or p.focus_areas or has_bodies or p.anaphora):
        return "owners"
    listed = "documents" in a and ("related" in a or set(p.tokens) & lx.RELATED_LIST_WORDS)
    if "count" in a and "focus_plural" in a and not listed:
        return "count_focus_areas"
    if "count" in a and "subgoal_word" in a and not p.sub_goals:
        return "count_subgoals"
    if "documents" in a and ("related" in a or p.focus_areas) and not p.sub_goals:
        return "related_docs"
    # "… ska delmålet Bostad först läsas med?" names one sub-goal; it asks for no list of them
    # (unless "vilket … delmålet" asks which one it is: "Vilket nummer har delmålet X?")
    one_named = (
        "delmalet" in p.tokens
        and not set(p.tokens) & {"delmal", "delmalen"}
        and p.tokens[:1] not in (["vilket"], ["vilken"])
    )
    if (
        "subgoal_word" in a
        and ("list" in a or "all" in a or _keywords_only(p))
        and not resp
        and not p.sub_goals
        and not one_named
    ):
        return "list_subgoals"
    if "focus_plural" in a and ("list" in a or "all" in a) and not p.focus_areas:
        return "list_focus_areas"
    if (
        "priority" in a
        and not p.focus_areas
        and "responsibility" not in a
        and ("list" in a or p.tokens[:1] == ["vad"])
        and not has(p.lower, lx.PERIOD_ASKS)
    ):
        return "list_focus_areas"
    # "Hur många gånger står 6 000 i tabellen över utvecklingsanslag?": an amount counted
    if "grant" in a and (
        "money" in a
        or "unit" in a
        or "columns" in a
        or p.numbers
        and "count" in a
        or has(p.folded, lx.PER_BODY_PHRASES)  # "fördelas mellan nämnderna": its split
    ):
        return "grant"
    if "who" in a and resp:
        return "owners"
    # "ansvar bostadsförsörjning hemlöshet": a keyword query for a topic's owners
    if (
        "responsibility" in a
        and not has_bodies
        and not p.numbers
        and p.residual
        and not set(p.tokens) & lx.QUESTION_WORDS
    ):
        return "owners"
    if "who" in a and ("lead" in a or "followup" in a) and p.language == "sv":
        return "owners"
    if "period" in a and has(p.lower, lx.PERIOD_ASKS + (" period ",)) and not p.sub_goals:
        return "period"
    # "huvudansvar 2.2", "huvudansvar 2.3 mäns våld": a responsibility word and a sub-goal
    # (with its title words, say), no question word asking for anything else
    if (
        p.sub_goals
        and resp
        and not has_bodies
        and not p.numbers
        and (not p.residual or not set(p.tokens) & lx.QUESTION_WORDS)
    ):
        return "owners"
    if p.sub_goals or p.focus_areas:
        return "section_content"
    return "open"


def _keywords_only(p: Parsed) -> bool:
    """'delmål under fokusområde 2?': a focus area and the sub-goal word, nothing asked beside."""
    return bool(p.focus_areas) and not p.residual and not set(p.tokens) & lx.QUESTION_WORDS
