"""Does a passage hold the kind of fact a question asks for: a year, a date, a count, a sum,
a share, a person's name, a named place or organisation? A passage that does not is no answer,
however many of the question's words it holds."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ingest.text import STOPWORDS, fold

from .extractive import _YEAR_RE as YEAR_RE
from .extractive import (
    has_amount,
    has_date,
    has_frequency,
    has_number,
    has_person_name,
    has_year,
    numbers_in,
)
from .reading import lexicon as lx
from .reading.asks import has

if TYPE_CHECKING:
    from .extractive import Unit
    from .understand import Parsed


_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_DEADLINE_RE = re.compile(
    r"\b(?:senast|till och med|innan|fore|klar[at]?|\d{4}-\d{2}-\d{2}"
    r"|(?:under|till|i slutet av|by|before) (?:ar )?\d{4}"
    rf"|\d{{1,2}} (?:{_MONTHS}) \d{{4}})\b"
)


def meets_asks(p: Parsed, units: Sequence[Unit]) -> bool:
    """Does the evidence hold the kind of fact asked for (a year, a date, a name ...)?"""
    a = p.asks
    text = " ".join(u.text for u in units)
    if "person" in a and not has_person_name(text):
        return False
    if "year" in a and not has_year(text):
        return False
    if "time" in a and not (
        has_year(text)
        or has_date(text)
        or has_frequency(text)
        or has_time_of_week(text)
        or ("duration" in a and has_duration(text))
    ):
        return False
    if has(p.as_typed or p.folded, lx.CLOCK_ASKS) and not has_clock_time(text):
        # "vilken tid på dagen …?": a weekday or a year is no time of day
        return False
    if "time" in a and " datum" in p.folded and not has_date(text):
        return False
    if "time" in a and set(p.tokens) & lx.DEADLINE_WORDS and not _DEADLINE_RE.search(fold(text)):
        # "När ska X vara redovisat?": a year the passage names is no deadline
        return False
    if "count" in a and not (has_number(text) and counts_asked(p, text)):
        return False
    if "count" in a and has(p.folded, lx.NOW_PHRASES) and has(fold(text), lx.TARGET_PHRASES):
        # "Hur många invånare har Umeå i dag?": "på väg mot 200 000 invånare" is a goal
        return False
    if "money" in a and not has_amount(text):
        return False
    if "share" in a and "%" not in text and "procent" not in fold(text):
        return False
    if "names" in a and not names_beyond_question(p.question, units):
        return False
    if "contact" in a and not _CONTACT_RE.search(text):
        return False  # "Vilket telefonnummer …?": a number or an address to reach someone
    if p.numbers:
        found = numbers_in(text)
        if not all(n in found for n in p.numbers):
            return False
    return True


# a telephone number, an e-mail address or a web address
_CONTACT_RE = re.compile(
    r"\b0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}\b|[\w.-]+@[\w-]+\.\w+|www\.\w+"
)


def counted_words(p: Parsed) -> list[str]:
    """What a count question counts: the words after "hur många" / "how many" / "antal" up to
    the verb ("Hur många nya bostäder per år ska …" -> nya, bostader), as Swedish stems."""
    toks = p.tokens
    for i in range(len(toks)):
        pair = " ".join(toks[i : i + 2])
        start = i + 2 if pair in lx.COUNT_PHRASES else i + 1 if toks[i] in lx.COUNT_PHRASES else 0
        if not start:
            continue
        out: list[str] = []
        for w in toks[start : start + 3]:
            if w in lx.COUNT_STOP_WORDS:
                break
            out += fold(lx.EN_SV.get(w, w)).split()
        if not out and toks[start : start + 1] and toks[start] in lx.COPULA_WORDS:
            # "Hur många är hemlösa?": what is counted stands after the verb
            for w in toks[start + 1 : start + 3]:
                if w in STOPWORDS or w in lx.COUNT_STOP_WORDS:
                    break
                out += fold(lx.EN_SV.get(w, w)).split()
        return [w for w in out if len(w) > 2]
    return []


def counts_asked(p: Parsed, text: str) -> bool:
    """Does a number in the text count what was asked ("200 000 invånare" counts no "utsatta
    områden")? A number counts a word that stands within three words of it."""
    counted = counted_words(p)
    if not counted:
        return True  # "Hur många är de?": nothing named to count
    words = fold(text).replace("-", " ").split()
    number_words = set(lx.NUMBER_WORDS)

    def names_counted(word: str) -> bool:
        # an inflection of the word ("bostäder", "bostaden"), not a compound ("bostadsförsörjning")
        return any(
            word.startswith(c[: max(4, len(c) - 3)]) and len(word) <= len(c) + 4 for c in counted
        )

    for i, w in enumerate(words):
        digits = w.strip(".,:;()")
        count = digits.isdigit() and not YEAR_RE.fullmatch(digits)  # not "4.3", not a year
        if not count and w not in number_words:
            continue
        near = words[max(0, i - 2) : i] + words[i + 1 : i + 4]
        if any(names_counted(n) for n in near):
            return True
    return False


def has_time_of_week(text: str) -> bool:
    """A day of the week or a clock time ("fredagar och lördagar mellan klockan 22 och 03")."""
    words = fold(text).split()
    return any(w.startswith(lx.WEEKDAY_STEMS) for w in words) or _clock_word_time(words)


def has_clock_time(text: str) -> bool:
    """A time of day: "klockan 22", "kl. 18", "08.30"."""
    return bool(re.search(r"\b\d{1,2}[.:]\d{2}\b", text)) or _clock_word_time(fold(text).split())


def _clock_word_time(words: list[str]) -> bool:
    """A clock word before a number ("klockan 22", "kl. 18")."""
    return any(
        w.strip(".") in lx.CLOCK_WORDS and i + 1 < len(words) and words[i + 1][:1].isdigit()
        for i, w in enumerate(words)
    )


def has_duration(text: str) -> bool:
    """A span of time: "inom fyra veckor", "inom en vecka", "samma dygn" (for "hur snabbt")."""
    words = [w.strip(".,;:()") for w in fold(text).split()]
    counted = set(lx.NUMBER_WORDS) | lx.DURATION_QUANTIFIERS
    return any(
        (w.isdigit() or w in counted) and n.startswith(lx.DURATION_STEMS)
        for w, n in zip(words, words[1:], strict=False)
    )


def holding_fact(
    p: Parsed,
    ranked: Sequence[int],
    cov: dict[int, float],
    best_unit: dict[int, float],
    threshold: float,
    units: Callable[[int], Sequence[Unit]],
) -> int:
    """Of passages ranked best first, the first; when it lacks the kind of fact asked for (a
    sum, a date) and a passage after it holds both the topic and that fact, that one ("Hur
    mycket kan en insats få?": not 'Vem kan söka?' about insatser, but the one with the sum)."""

    def meets(chunk: int) -> bool:
        return any(meets_asks(p, [u]) for u in units(chunk) if u.kind != "heading")

    first = ranked[0]
    if meets(first):
        return first
    for ci in ranked[1:]:
        if cov[ci] >= threshold and best_unit[ci] > 0 and meets(ci):
            return ci
    return first


# the lists whose one-word items say which kind of fact is asked ("datum", "pengar"), per ask;
# True: the items are stems ("finansier"), False: whole words ("nar" is not "nara")
_ASK_LISTS = {
    "time": ("TIME_ASKS", False),
    "money": ("MONEY_STEMS", True),
    "definition": ("DEFINITION_VERBS", True),
    "count": ("COUNT_ASK_WORDS", False),
}


def is_ask_word(word: str, asks: set[str]) -> bool:
    """Does `word` only say which kind of fact is asked ("Vilket datum …?", "Hur mycket pengar
    …?")? Then it is no topic word: meets_asks checks the fact's kind, and the documents write
    the fact ("15 mars", "400 000 kronor"), seldom the word."""
    for ask, (name, stems) in _ASK_LISTS.items():
        if ask not in asks:
            continue
        for item in getattr(lx, name):
            w = item.strip()
            if " " not in w and (word == w or (stems and word.startswith(w))):
                return True
    return False


_TERM_DASH_RE = re.compile(r"^\s*((?:\w+\s+){0,2}\w+)\s*[–—-]\s")


def defines(text: str, topic: Sequence[str]) -> bool:
    """Does the sentence define one of the topic's words: "Trångboddhet – enligt norm 2 …",
    "Med barnfattigdom avses …", "Bostad först innebär att …"?"""
    stems = [a[: max(4, len(a) - 2)] for w in topic for a in w.split("|") if len(a) > 3]
    if not stems:
        return False
    folded = fold(text)

    def term(word: str) -> bool:
        return any(word.startswith(s) for s in stems)

    head = _TERM_DASH_RE.match(folded)
    if head and any(term(w) for w in head.group(1).split()):
        return True
    toks = re.findall(r"\w+", folded)
    for i, t in enumerate(toks[:8]):
        if term(t) and any(a.startswith(lx.DEFINITION_VERBS) for a in toks[i + 1 : i + 4]):
            return True
    return False


def names_beyond_question(question: str, units: Sequence[Unit]) -> bool:
    """Does the evidence name something (a capitalised word inside a sentence) that the
    question does not name itself and that is no document kind ("Program för …")?"""
    asked = {fold(w) for w in re.findall(r"\w+", question)}
    for u in units:
        for m in re.finditer(r"(?<=[^.!?\s]\s)([A-ZÅÄÖ]\w+)", u.text):
            w = fold(m.group(1))
            if any(w.startswith(q[:5]) or q.startswith(w[:5]) for q in asked if len(q) > 3):
                continue
            if any(w.startswith(k) for k in lx.DOCUMENT_KIND_STEMS):
                continue
            return True
    return False


REASONS_AFTER = 4  # sentences after the topic's sentence that a "why" question quotes on


def reasons_after(units_of: Callable[[int], Sequence[Unit]], chosen: Sequence[Unit]) -> list[Unit]:
    """'Varför är arbete viktigt?': a passage gives its reasons in the sentences after the one
    that names the topic ("Lika viktigt … är rätten till yrken"), so those are quoted too."""
    out: list[Unit] = []
    for u in chosen:
        own = [s for s in units_of(u.chunk) if s.kind == "sentence"]
        if u not in own:
            continue
        k = own.index(u)
        out += [s for s in own[k + 1 : k + 1 + REASONS_AFTER] if s not in chosen and s not in out]
    return out
