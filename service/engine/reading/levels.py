"""A document's own level names read as the structure's two roles.

The reading rules know the program convention's words: "fokusområde" for a top-level item and
"delmål" for the numbered items under it. Another document calls its levels "Strategiskt mål" /
"Insatsområde", "Mål" / "Åtgärd" or "Prioriterat område" (each document records its levels at
ingest). For reading only, a question over one such document has its level words replaced by
the convention's ("Vilka strategiska mål har bostadsförsörjningsprogrammet?" is read as "Vilka
fokusområden …?"), so every structural operation works for every document. Answers keep the
document's own names (render.py), and the lexical search gets the question as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.text import fold

from . import lexicon as lx

# the convention's words, by role and grammatical form
_ROLE_WORDS = {
    "top": {
        "sg": "fokusomrade",
        "def": "fokusomradet",
        "pl": "fokusomraden",
        "pldef": "fokusomradena",
    },
    "item": {"sg": "delmal", "def": "delmalet", "pl": "delmal", "pldef": "delmalen"},
}
# endings of a Swedish noun by form, tried longest first ("-erna", "-ena", "-en", "-et" …)
_ENDINGS = (
    ("erna", "pldef"),
    ("arna", "pldef"),
    ("ena", "pldef"),
    ("na", "pldef"),
    ("er", "pl"),
    ("ar", "pl"),
    ("en", "def"),
    ("et", "def"),
    ("n", "def"),
    ("", "sg"),
)


def _label_pattern(label: str) -> re.Pattern[str]:
    """The folded label with its inflections: 'strategiskt mål' → strategisk(t|a) mal(et|en)."""
    words = fold(label).split()
    parts = []
    for i, w in enumerate(words):
        if i < len(words) - 1:
            # an adjective before the noun: strategiskt / strategiska, prioriterat / prioriterade
            base = re.sub(r"(t|a|e|de)$", "", w)
            parts.append(re.escape(base) + r"(?:t|a|e|de)?")
        elif _latin(w):  # kriterium: kriteriet, kriterier, kriterierna
            parts.append(re.escape(w[:-2]) + r"(?P<end>um|et|erna|er)")
        else:
            base = w[:-1] if w.endswith("e") and len(w) > 4 else w
            parts.append(
                re.escape(base) + r"(?P<end>" + "|".join(e for e, _ in _ENDINGS if e) + r"|e|)"
            )
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def _latin(noun: str) -> bool:
    """A noun of the Latin -um kind ("kriterium", "centrum"): its forms drop the "um"."""
    return noun.endswith("um") and len(noun) > 5


def _form(matched: str, label: str) -> str:
    """Singular, definite, plural or plural definite, from the matched words' endings."""
    noun = fold(label).split()[-1]
    words = matched.split()
    if _latin(noun):
        end = words[-1][len(noun) - 2 :]
        return {"um": "sg", "et": "def", "er": "pl", "erna": "pldef"}.get(end, "sg")
    end = words[-1][len(noun) - (1 if noun.endswith("e") and len(noun) > 4 else 0) :]
    if noun.endswith("e") and len(noun) > 4:  # område: området, områden, områdena
        form = {"e": "sg", "et": "def", "en": "pl", "ena": "pldef"}.get(end, "sg")
    else:  # aktivitet(en, er, erna), åtgärd(en, er, erna), mål(et, en)
        form = {
            "": "sg",
            "en": "def",
            "et": "def",
            "n": "def",
            "er": "pl",
            "ar": "pl",
            "erna": "pldef",
            "arna": "pldef",
            "na": "pldef",
        }.get(end, "sg")
        if noun == "mal" and end == "en":
            form = "pldef"
    if form == "sg" and len(words) > 1 and re.search(r"(a|e|de)$", words[0]):
        form = "pl"  # "strategiska mål", "prioriterade områden"
    return form


def _in_title(folded: str, m: re.Match[str], titles: Sequence[str]) -> bool:
    """Is the matched level word the start of a document's title as typed ("kriterierna för
    utvecklingsanslaget" for "Kriterier utvecklingsanslag …"): the title's next word follows,
    with at most a preposition between?"""
    after = [w for w in folded[m.end() :].split()[:2] if w not in lx.TITLE_LINK_WORDS][:1]
    if not after or len(after[0]) < 5:
        return False
    head = m.group(0).split()[-1][:6]
    for title in titles:
        words = fold(title).split()
        for i, w in enumerate(words[:-1]):
            if w[:6] == head[:6] and words[i + 1][:6] == after[0][:6]:
                return True
    return False


def normalise_levels(question: str, levels: Sequence[str], titles: Sequence[str] = ()) -> str:
    """The question with the document's level words in the convention's words (the rest of
    it as typed: case and diacritics matter to the reading of names). `titles`: the titles of
    the documents in view, whose words name a document, not a level."""
    if not levels:
        return question
    folded = fold(question)
    if len(folded) != len(question):  # positions would not map back: read the folded text
        question = folded
    roles = [("top", levels[0])] + ([("item", levels[-1])] if len(levels) >= 2 else [])
    spans: list[tuple[int, int, str]] = []
    for role, label in roles:
        if fold(label) in ("fokusomrade", "delmal"):
            continue
        short = len(fold(label)) < 5  # "mål": a plain word too, so only after a question word
        for m in _label_pattern(label).finditer(folded):
            before = folded[: m.start()].split()[-2:]
            asked = bool(set(before) & lx.LEVEL_QUESTION_WORDS)
            numbered = re.match(r"\s*\d", folded[m.end() :]) is not None
            if short and not asked and not numbered:
                continue
            if before and before[-1] in lx.ANAPHORA_LAST and not numbered:
                continue  # "den aktiviteten": a reference back, read as typed
            if any(a < m.end() and m.start() < b for a, b, _ in spans):
                continue
            if _in_title(folded, m, titles):
                continue
            form = _form(m.group(0), label)
            if form == "sg" and before and before[-1] in lx.PLURAL_BEFORE:
                form = "pl"  # "vilka mål"
            spans.append((m.start(), m.end(), _ROLE_WORDS[role][form]))
    for a, b, word in sorted(spans, reverse=True):
        question = question[:a] + word + question[b:]
    return question


def levels_named(question: str, by_document: dict[str, Sequence[str]]) -> list[str]:
    """Over several documents: the levels of the documents whose own level names the question
    uses ("Hur många aktiviteter …?"), when those documents agree on them; else []."""
    folded = fold(question)
    found: list[tuple[str, ...]] = []
    for levels in by_document.values():
        named = [
            label
            for label in levels
            if fold(label) not in ("fokusomrade", "delmal")
            and len(fold(label)) >= 5
            and _label_pattern(label).search(folded)
        ]
        if named:
            found.append(tuple(levels))
    if found and all(f == found[0] for f in found):
        return list(found[0])
    if found and all(f[:1] == found[0][:1] for f in found):
        return list(found[0][:1])  # they agree on the top level's name ("strategiska mål")
    return []


def label_used(label: str, folded_question: str) -> bool:
    """Does the (folded) question use a level name, in any of its forms?"""
    return bool(fold(label).strip()) and _label_pattern(label).search(folded_question) is not None
