"""What a question asks for, as a set of flags read from its words: money, responsibility,
a count, a list, the period, yes or no ... (the operation is chosen from them in classify.py)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from ingest.text import STOPWORDS, fold

from . import lexicon as lx

if TYPE_CHECKING:
    from ..understand import Parsed


def has(folded: str, phrases: tuple[str, ...] | frozenset[str]) -> bool:
    return any(p in folded for p in phrases)


def stem_in(tokens: list[str], stems: tuple[str, ...]) -> bool:
    return any(t.startswith(s) for t in tokens for s in stems if " " not in s)


def has_phrase(tokens: list[str], phrases: tuple[str, ...]) -> bool:
    """`has` over the question's words alone, with no punctuation between them."""
    return has(" " + " ".join(tokens) + " ", phrases)


def asks_alone(tokens: list[str]) -> bool:
    """'där JUSK är ensam huvudansvarig'; not 'ensam eller ihop med någon annan'."""
    return bool(set(tokens) & lx.EXCLUSIVE_WORDS) and not has_phrase(
        tokens, lx.EITHER_ALONE_PHRASES
    )


def asks_which_body(tokens: list[str], nouns: AbstractSet[str]) -> bool:
    """'Vilken nämnd …', 'Which committees …': a question word right before a noun for bodies."""
    return any(
        t in lx.PARTITIVE_WORDS and nxt in nouns for t, nxt in zip(tokens, tokens[1:], strict=False)
    )


_STRANDED_AFTER = r"(?=\s*$|\s+(?:under|for|inom|i|nar|in|about)\b)"


def points_to_asked(folded: str) -> bool:
    """'… vilka dokument programmet hänvisar till under fokusområde 3': the preposition left
    at the end of its clause makes the documents pointed to the thing asked for."""
    verbs = "|".join(sorted(lx.POINTING_VERBS))
    return bool(re.search(rf"\b(?:{verbs})\b(?:\s+\w+)?\s+(?:till|pa|to){_STRANDED_AFTER}", folded))


def read_asks(p: Parsed) -> set[str]:
    f, toks = p.folded, p.tokens
    asks: set[str] = set()
    # at a word's start: "skattepengar" names a topic, it asks for no sum ("tax money" neither)
    priced = f
    for phrase in lx.NOT_MONEY_PHRASES:
        priced = priced.replace(phrase, " ")
    if has(priced, tuple(" " + m for m in lx.MONEY_STEMS)):
        asks.add("money")
    if set(toks) & lx.UNIT_WORDS:
        asks.add("unit")
    if stem_in(toks, lx.COLUMN_STEMS):
        asks.add("columns")
    if set(toks) & lx.CHANGE_WORDS:
        asks.add("change")
    # "när det gäller bostäder" is "as for housing", no question of time
    timed = f
    for phrase in lx.NOT_TIME_PHRASES:
        timed = timed.replace(phrase, " ")
    asked = toks[p.intro :]
    if asked[:1] and asked[0] in lx.YES_NO_OPENERS:
        # "Måste ledsagaren betala när de går på evenemang?": a yes/no question's "när" is
        # "whenever", no question of time
        for word in lx.WHEN_CONJUNCTIONS:
            timed = timed.replace(f" {word} ", " ")
    elif asked[:1] and asked[0] in lx.OPENING_QUESTION_WORDS:
        # "Vad ska ligga till grund när kommunen prioriterar …?": after another question word,
        # "när" inside the clause is "when(ever)"; "… och när?" or ", när …" asks a second time
        for word in lx.WHEN_CONJUNCTIONS:
            if not re.search(rf"(?:,|\b(?:och|and|samt))\s+{word}\b", fold(p.lower)):
                timed = timed.replace(f" {word} ", " ")
    if has(timed, tuple(" " + a for a in lx.TIME_ASKS)) or any(
        t.endswith(lx.TIME_WORD_ENDINGS) for t in toks
    ):
        asks.add("time")
    if has(f, lx.OUTCOME_ASKS):
        asks.add("outcome")  # "Vad blev resultatet av …?": what came of it, not what it is
    last = re.split(r"[.!?:]\s+", p.question.strip().rstrip("?!. "))[-1]
    if has(" " + " ".join(re.findall(r"\w+", fold(last))) + " ", lx.REASON_ASKS):
        asks.add("reason")  # "Varför …?": the reasons, quoted on from the topic's sentence
    if has(f, lx.DURATION_ASKS):
        asks |= {"time", "duration"}  # "Hur snabbt ska …?": a span of time answers
    if has(p.lower, lx.YEAR_ASKS) or _year_without_ring(toks):
        asks.add("year")
    if has(f, lx.CONTACT_ASKS):
        asks.add("contact")  # "Vilket telefonnummer har …?": a number or an address answers
    if has(f, lx.PERSON_ASKS) or (" vad heter " in f and names_person_role(toks)):
        asks.add("person")  # "vad heter delmål 4.1" asks a title, "vad heter chefen" a name
    # "Vilka bostadsområden räknas som utsatta?": the answer names places or organisations
    if (
        len(toks) > 1
        and toks[0] in {"vilka", "vilken", "vilket", "which"}
        and any(n in toks[1] for n in lx.NAMED_ENTITY_NOUNS)
        and not toks[1].startswith(lx.LEVEL_NOUN_STEMS)
    ):
        asks.add("names")
    if stem_in(toks, lx.SHARE_STEMS):
        # "Hur stor andel …?" asks for a share, not for a sum of money
        asks.add("share")
        asks.discard("money")
    if has(f, lx.COUNT_PHRASES):
        asks.add("count")
    if has(p.lower, lx.PERIOD_ASKS) or set(toks) & lx.PERIOD_WORDS:
        asks.add("period")
    if stem_in(toks, lx.RESPONSIBILITY_STEMS) or " in charge " in f:
        asks.add("responsibility")
    if (p.sub_goals or p.focus_areas) and set(toks) & lx.OWNING_WORDS:
        asks.add("responsibility")  # "Vem äger 2.2?": who owns a section is who leads it
    if has(f, lx.FOLLOW_UP_PHRASES):
        asks.add("followup")
    if set(toks) & lx.LEAD_VERBS or has(f, lx.LEAD_PHRASES):
        asks.add("lead")
    who = False
    low = p.lower.split()
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        nxt_low = low[i + 1] if i + 1 < len(low) else ""
        if (
            t in {"vem", "who"}
            or t in lx.WHO_WORDS
            and not (
                nxt in lx.SUB_GOAL_WORDS
                or nxt.startswith(("delmal", "dokument", "fokusomr", "document", "focus", "sub"))
                or nxt == "ansvar"
                or nxt_low == "år"
                or nxt in {"period", "data", "year", "years", "nummer", "number", "datum"}
            )
        ):
            who = True
        if t in lx.WHO_WORDS and nxt in lx.BODY_TYPE_WORDS:
            asks.add("lead")
    if any(
        t.startswith(lx.PARTNER_STEMS)
        and (set(toks[i + 1 : i + 3]) & {"med", "with"} or toks[:1] in (["med"], ["with"]))
        for i, t in enumerate(toks)
    ):
        # "Vilka aktörer ska kommunen samverka med?": partners asked for, not who leads
        asks.discard("lead")
    if who:
        asks.add("who")
    if toks[:1] and toks[0] in {"vem", "who"} and set(toks) & lx.HEAD_WORDS:
        asks.add("head")
    if has(f, lx.GLOSSARY_PHRASES):
        asks.add("glossary")
    if has(f, lx.DEFINITION_ASKS) and asked[:1] not in (["var"], ["where"]):
        asks.add("definition")  # "Var definieras …?" asks where, answered by a pointer
    if stem_in(toks, lx.COMPANY_STEMS):
        asks.add("companies")
    if set(toks) & lx.BOTH_WORDS:
        asks.add("both")
    if set(toks) & lx.MOST_WORDS:
        asks.add("most")
    for i, t in enumerate(toks):
        # "minst två": at least, not the fewest
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if t in lx.FEWEST_WORDS and not (nxt.isdigit() or nxt in lx.NUMBER_WORDS):
            asks.add("fewest")
    if set(toks) & lx.ALL_WORDS:
        asks.add("all")
    if stem_in(toks, lx.PRIORITY_STEMS):
        asks.add("priority")
    if any(g in t for t in toks for g in lx.GRANT_STEMS if " " not in g):
        asks.add("grant")
        if has(f, lx.SIZE_ASKS) and "share" not in asks:
            asks.add("money")
    if stem_in(toks, lx.DOCUMENT_STEMS) or " documents " in f:
        asks.add("documents")
    if (
        has(f, lx.RELATED_STEMS)
        or stem_in(toks, ("relaterad", "ovrig", "overgripande"))
        or points_to_asked(f)
    ):
        asks.add("related")
    if (
        (
            toks[p.intro : p.intro + 1]
            and toks[p.intro]
            in {"vilka", "vilket", "vilken", "lista", "list", "which", "what", "namn"}
        )
        or " lista " in f
        or has(f, lx.LIST_PHRASES)
    ):
        asks.add("list")
    if any(t in lx.SUB_GOAL_WORDS or t.startswith("delmal") for t in toks) or has(
        f, (" sub goal", " sub-goal", " subgoal")
    ):
        asks.add("subgoal_word")
    if any(t in {"fokusomraden", "fokusomradena"} for t in toks) or " focus areas " in f:
        asks.add("focus_plural")
    asked = toks[p.intro :] if p.intro < len(toks) else toks  # after the asker's introduction
    if asked[:1] and asked[0] in {"ar", "finns", "is", "are", "har", "has", "does"}:
        asks.add("yes_no")
    return asks


def _year_without_ring(toks: list[str]) -> bool:
    """'vilket ar skrev …': "år" typed without its ring, told from "är" by the verb after it."""
    return any(
        toks[i : i + 2] in (["vilket", "ar"], ["vilka", "ar"])
        and toks[i + 2].endswith(lx.YEAR_ASK_VERB_ENDINGS)
        for i in range(len(toks) - 2)
    )


def spelled_numerals(question: str) -> list[str]:
    """Numbers written as words after what they number ("inriktningsmål ett" -> "1"), not an
    article ("ett mål") nor a level of the document's own structure ("delmål tre")."""
    toks = [fold(w) for w in re.findall(r"\w+", question)]
    nexts = [*toks[2:], ""]
    return [
        str(lx.NUMBER_WORDS[t])
        for prev, t, nxt in zip(toks, toks[1:], nexts, strict=False)
        if t in lx.NUMBER_WORDS
        and t not in lx.ARTICLE_NUMBERS
        and (
            # a count of a unit: "efter fem år", "två gånger per år"
            nxt in lx.COUNTED_UNITS
            # the numeral ends its phrase ("… inriktningsmål ett ut på?"); before a noun it
            # is an article ("Har programmet ett mål …", "… är programmet en konkretisering av?")
            or (not nxt or nxt in STOPWORDS or len(nxt) <= 2)
            and len(prev) >= 6
            and prev not in STOPWORDS
            and prev not in lx.SUB_GOAL_WORDS
            and not prev.startswith((*lx.LEVEL_NOUN_STEMS, *lx.LEVEL_WORD_STEMS))
        )
    ]


def names_person_role(tokens: list[str]) -> bool:
    """'vad heter trygghetssamordnaren?': a word for a person by role ("…samordnaren",
    "lokalpolisområdeschefen") right after "heter", so "Kommunpolis här. Vad heter
    prioriterat område 4?" asks a title."""
    return any(
        t == "heter" and any(w.endswith(lx.PERSON_ROLE_ENDINGS) for w in tokens[i + 1 : i + 3])
        for i, t in enumerate(tokens)
    )


def defined_term(p: Parsed, naming: AbstractSet[str]) -> str | None:
    """The word a question for a definition asks about, right after its verb ("Hur definierar
    barnfattigdomsplanen barnfattigdom?", "Vad menas med trångboddhet?"), even where it is also
    a word of the document's title; a word that named the document (`naming`) is not it."""
    toks = p.tokens
    for i, t in enumerate(toks):
        if not t.startswith(lx.DEFINITION_VERBS):
            continue
        for w in toks[i + 1 : i + 5]:
            if len(w) > 3 and w not in naming and w not in STOPWORDS and w not in lx.GENERIC_WORDS:
                return w
    return None
