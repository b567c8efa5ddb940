"""Follow-ups read against the conversation: what a question asks when its words alone would
read it otherwise ("Och vilket har färst?", "Är KS med bland de ansvariga?", "Och vilka saknar
KS?", "hur många är de?", "vilka är de?")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .glossary import Mention
from .reading import lexicon as lx
from .reading.asks import has
from .scoping import plan_scope
from .topics import COUNT_WORDS
from .understand import understand

if TYPE_CHECKING:
    from .turn import Answering, Result

# answers that counted owners: "vilka är de?" after them asks for the owners themselves
COUNTED_OWNERS = {"extreme", "owners_count"}
OWNER_FAMILY = {"owners", "owners_count", "companies", "membership", "common", "compare_owners"}
# answers that list sections: "hur många är de?" after them counts that list, "vilka är det?"
# after their count lists it
SECTION_LISTS = {"reverse", "list_subgoals", "count_subgoals", "count_compare"}


def follow_up_kind(a: Answering) -> str | None:
    """The kind a follow-up asks for, from the answer before it; None when its own reading
    stands."""
    p = a.p
    if "both" in p.asks and len(a.users) >= 2 and not p.bodies and not p.sub_goals:
        prev, before = a.ctx(), a.ctx2()
        lists = [r for r in (before, prev) if r is not None and r.kind == "reverse"]
        bodies = [r.bodies[0] for r in lists if len(set(r.bodies)) == 1]
        if len(bodies) == 2 and bodies[0] != bodies[1]:
            # "Vilka finns i båda listorna?" after two bodies' sub-goals: those they share
            p.bodies = [Mention(b, len(p.tokens), len(p.tokens)) for b in bodies]
            return "reverse"
    if (
        a.users
        and not p.bodies
        and not p.sub_goals
        and "subgoal_word" in p.asks
        and set(p.tokens) & (lx.ALL_WORDS | lx.BOTH_WORDS)
    ):
        prev = a.ctx()
        owners = prev.answer.owners if prev is not None and prev.kind in OWNER_FAMILY else None
        if owners and len(owners) >= 2:
            # "I vilka delmål finns alla tre med?" after a sub-goal's three owners: where each
            # of them is
            p.bodies = [Mention(b, len(p.tokens), len(p.tokens)) for b in owners]
            return "reverse"
    if p.bodies and a.users and not p.sub_goals and set(p.tokens) & lx.SAME_WORDS:
        prev = a.ctx()
        if prev is not None and prev.kind == "reverse":
            # "Har KN samma eller skiljer det sig?" after FN's sub-goals: KN's, to compare
            return "reverse"
    extreme_asked = {"most", "fewest"} & p.asks or p.exactly is not None
    if p.kind == "open" and extreme_asked and a.users:
        prev = a.ctx()
        if prev is not None and prev.kind == "extreme":
            # "Och vilket har färst?" after the sub-goal with the most owners
            return "extreme"
    if p.kind == "reverse" and "yes_no" in p.asks and a.users and not p.residual:
        prev = a.ctx()
        if prev is not None and prev.kind in OWNER_FAMILY and prev.sections:
            # "Är kommunstyrelsen med bland de ansvariga?" after the owners of a sub-goal
            return "membership"
    if (
        p.kind == "open"
        and p.bodies
        and a.users
        and not [w for w in a._topic_words(None) if w not in lx.NEGATION_WORDS]
    ):
        prev = a.ctx()
        if prev is not None and prev.kind == "reverse":
            # "Och vilka saknar KS?" after the sub-goals of a body
            return "reverse"
    if p.kind in ("open", "owners") and "count" in p.asks and p.anaphora and a.users:
        prev = a.ctx()
        if prev is not None and prev.kind in OWNER_FAMILY and p.kind == "open":
            # "hur många är de?" after the owners of a sub-goal
            return "owners_count"
        if (
            prev is not None
            and prev.kind == "reverse"
            and len(prev.sections) == 1
            and not p.sub_goals
        ):
            # "how many bodies share responsibility for it?" after a body's one sub-goal
            return "owners_count"
        counted = [w for w in a._topic_words(None) if w not in COUNT_WORDS]
        if prev is not None and prev.kind in SECTION_LISTS and not counted:
            # "hur många är de?" after a body's sub-goals: that list, counted
            return _same_list(a, prev)
    if (
        p.kind in ("open", "section_content")
        and p.anaphora
        and a.users
        and p.tokens[:1] in (["vilka"], ["who"], ["which"])
        and set(p.tokens) & lx.ANAPHORA_PLURAL
    ):
        prev = a.ctx()
        if prev is not None and prev.kind in COUNTED_OWNERS and not a._topic_words(None):
            # "vilka är de?" after "Vilket delmål har flest huvudansvariga?"
            return "owners"
    if (
        p.kind in ("open", "section_content")
        and p.anaphora
        and a.users
        and p.tokens[:1] in (["vilka"], ["which"])
        and not a._topic_words(None)
        and not (p.focus_areas or p.sub_goals or p.among)  # "vilka av dem ligger i …" filters
    ):
        prev = a.ctx()
        if prev is not None and prev.kind in COUNTED_OWNERS and p.tokens[-1:] == ["det"]:
            # "vilka är det?" after "Vilket delmål har flest huvudansvariga?"
            return "owners"
        if prev is not None and prev.kind in SECTION_LISTS:
            # "vilka är det?" after "Hur många delmål har fokusområde 5?" or a body's count
            return _same_list(a, prev)
    if p.kind in ("open", "section_content") and a.users and has(p.folded, lx.LIST_THEM_PHRASES):
        prev = a.ctx()
        if prev is not None and prev.kind in COUNTED_OWNERS:
            return "owners"  # "Räkna upp dem." after the sub-goal with most owners
        if prev is not None and prev.kind in SECTION_LISTS:
            return _same_list(a, prev)
    continuation = p.kind == "open" or (
        p.rule == "nth-section" and not set(p.tokens) & lx.QUESTION_WORDS
    )
    if continuation and p.ordinal is not None and a.users and not p.bodies:
        prev = a.ctx()
        if prev is not None and prev.kind in OWNER_FAMILY and not a._topic_words(None):
            # "Vem ansvarar för 5.2?" – "och för det andra delmålet?"
            return "owners"
    if p.kind == "reverse" and "companies" in p.asks and a.users and not p.sub_goals:
        prev = a.ctx()
        if prev is not None and prev.kind in OWNER_FAMILY and len(prev.sections) == 1:
            # "och genom vilka bolag deltar UKF?" after the owners of one sub-goal
            return "companies"
    if p.kind == "open" and a.users and {"columns", "change", "money", "unit"} & p.asks:
        prev, grant = a.ctx(), a._grant_section()
        if prev is not None and (prev.kind == "grant" or grant and grant.id in prev.sections):
            # "är det samma belopp i alla kolumnerna?" after the grant
            p.asks.add("grant")
            return "grant"
    if (
        p.kind == "open"
        and a.users
        and set(p.tokens) & lx.ANAPHORA_PLURAL
        and has(p.folded, lx.BODY_TASK_PHRASES)
        and not (p.bodies or p.sub_goals or p.focus_areas)
    ):
        prev = a.ctx()
        if prev is not None and prev.kind in OWNER_FAMILY and len(prev.sections) == 1:
            # "Och vad ska de göra konkret?" after a section's owners: what the section says
            return "section_content"
    if p.kind == "metadata" and a.users and set(p.tokens) & lx.ANAPHORA_PLURAL:
        prev = a.ctx()
        if prev is not None and prev.kind == "related_docs":
            # "Är någon av dem antagen av kommunfullmäktige?" after a related-documents list:
            # asked of the listed documents (of the focus area asked about), not of the program
            if not p.focus_areas:
                p.focus_areas = understand(a.users[-1], a.c.glossary).focus_areas
            return "related_docs"
    if p.kind == "open" and a.users and has(p.folded, lx.REPEATED_ENTRY_PHRASES):
        prev = a.ctx()
        if prev is not None and prev.kind == "related_docs":
            # "står CEMR-deklarationen någon annanstans också?" after a related-documents list
            return "related_docs"
    if (
        p.kind == "open"
        and a.users
        and p.anaphora
        and "subgoal_word" in p.asks
        and set(p.tokens[:2]) & lx.PLURAL_ASKS
    ):
        prev = a.ctx()
        if prev is not None and any(s.kind == "focus_area" for s in a._sections(prev.sections)):
            # "och vilka delmål hör dit?" after a question about a focus area
            return "list_subgoals"
    if (
        p.kind == "open"
        and a.users
        and p.anaphora
        and "focus_plural" in p.asks
        and not (p.focus_areas or p.sub_goals or p.bodies or p.residual)
    ):
        earlier = understand(a.users[-1], a.c.glossary)
        if not (earlier.focus_areas or earlier.sub_goals or earlier.bodies):
            # "And what are its focus areas?" after "What is this programme about?": the
            # pronoun is the document the conversation is about
            return "list_focus_areas"
    if _body_from_conversation(a):
        # "Vilka delmål har de ansvar för?" after "Vad betyder JUSK?"
        return "reverse"
    return None


# answers about one body: a follow-up's "den" / "de" is that body
_BODY_ANSWERS = {"glossary", "reverse", "body_head", "membership"}


def _body_from_conversation(a: Answering) -> bool:
    """A question about "its" sub-goals names no body: the body of the answer before it is
    read into the question."""
    p = a.p
    toks = set(p.tokens)
    # "I vilka delmål då?": "då" marks a follow-up as a pronoun does
    then = bool(toks & lx.THEN_WORDS)
    kinds = ("open", "section_content", "list_subgoals") if then else ("open", "section_content")
    if _pronoun_holds(p.tokens):
        kinds = (*kinds, "owners")  # "Vilka har de inte huvudansvar för då?": they hold them
    if (
        p.kind not in kinds
        or p.bodies
        or p.sub_goals
        or p.focus_areas
        or not a.users
        or not (p.anaphora or toks & lx.ANAPHORA_LAST or then)
    ):
        return False
    if has(p.folded, lx.SECTION_CONTENT_ASKS):
        return False  # "vad handlar det delmålet om?" asks what the section says
    prev = a.ctx()
    if prev is None or prev.kind not in _BODY_ANSWERS or len(set(prev.bodies)) != 1:
        return False
    negated = bool(toks & lx.NEGATION_WORDS)
    if not ({"responsibility", "lead", "subgoal_word"} & p.asks) and not (
        # "och vilka har de inte?" after the sub-goals of a body
        prev.kind == "reverse"
        and negated
        and p.tokens[:2] in (["och", "vilka"], ["vilka"])
        or prev.kind == "reverse"
        and p.tokens[:1] == ["vilka"]
        and negated
    ):
        return False
    p.bodies = [Mention(prev.bodies[0], len(p.tokens), len(p.tokens))]
    if negated:
        p.negated.add(prev.bodies[0])
    return True


def _pronoun_holds(tokens: list[str]) -> bool:
    """'Vilka har de (inte) huvudansvar för?': a plural pronoun is the subject and the question
    ends on its preposition, so what is asked is the items the pronoun's body holds."""
    words = [t for t in tokens if t not in lx.THEN_WORDS]
    if words[:1] in (["och"], ["and"]):
        words = words[1:]
    return bool(set(words[1:3]) & lx.ANAPHORA_PLURAL) and words[-1:] in (["for"], ["i"], ["in"])


def _same_list(a: Answering, prev: Result) -> str:
    """The list before asked for again (counted or listed); a body's list keeps its body."""
    p = a.p
    if prev.kind == "reverse" and len(set(prev.bodies)) == 1 and not p.bodies:
        p.bodies = [Mention(prev.bodies[0], len(p.tokens), len(p.tokens))]
    return prev.kind


# words that make a short question a follow-up of the one before ("samma för X?"); a first
# "och" / "and" does as well ("och i X då?")
_ANOTHER_DOCUMENT_MARKERS = frozenset({"samma", "same", "ocksa", "also"})


def asked_of_named(a: Answering) -> Result | None:
    """'och i tillgänglighetsprogrammet då?': the question before, asked again of the document
    this one names (its own words about the earlier document left out)."""
    p = a.p
    toks = set(p.tokens)
    marked = bool(toks & (lx.THEN_WORDS | _ANOTHER_DOCUMENT_MARKERS)) or p.tokens[:1] in (
        ["och"],
        ["and"],
    )
    if (
        not a.users
        or not a.named_scope
        or not marked
        or p.sub_goals
        or p.focus_areas
        or p.bodies
        or a._topic_words(None)
        or len(p.tokens) > 8
    ):
        return None
    before = a.users[-1]
    plan = plan_scope(before, a.c.snapshot, a.c.default_document, a.caller)
    again = type(a)(a.e, before, a.users[:-1], a.c, frozenset(plan.words), a.caller)
    return again.run()
