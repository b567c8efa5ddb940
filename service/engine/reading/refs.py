"""How a question names sections by number: "delmål 3.2", "3.2", "fokusområde 2" (also "fokusområde
fyra"), "strategiskt mål 5", "delmål 4,2"; read before the rest of the question. Pure."""

from __future__ import annotations

import re

from ingest.text import fold

from . import lexicon as lx

SUBGOAL_RE = re.compile(r"(?<![\d.,:])(\d{1,2})\s?\.\s?(\d{1,2})(?![\d:]|\.\d|\s\d{3})")
# "delmål 3": a sub-goal number without its focus area (no such sub-goal exists)
BARE_SUBGOAL_RE = re.compile(r"\b(?:delmal\w*|sub-?goals?)\s+(\d{1,2})\b(?![.:]\d)")
FOCUS_RE = re.compile(
    r"\b(?:fokusomr\w*|focus\s+areas?|(?:prioritera(?:t|de)\s+)?omradet?|strategisk[at]?\s+mal(?:et)?|mal(?:et)?|kriteri\w*"
    r"|insatsomr\w*|goal|objective)\s+(?:nr\.?\s*|nummer\s+|number\s+)?(\d{1,2})\b(?![.,]\d)"
)
COMMA_REF_RE = re.compile(
    r"(?i)(\b(?:delmål\w*|delmal\w*|åtgärd\w*|atgard\w*|aktivitet\w*|insatsområde\w*"
    r"|insatsomrade\w*|sub-?goal)\s+\d{1,2}),(\d{1,2})\b"
)
# "fokusområde 3 och 4", "fokusområdena 1, 2 och 5": the numbers listed after the first
MORE_NUMBERS_RE = re.compile(r"(?:\s*(?:,|och|and|samt|&)\s*\d{1,2}\b(?![.,:]\d))+")


SPELLED_FOCUS_RE = re.compile(r"(?i)\b(fokusomr\w*|focus\s+areas?)\s+(\w+)\b")


def digits_of_spelled(m: re.Match[str]) -> str:
    number = lx.NUMBER_WORDS.get(fold(m.group(2)))
    return f"{m.group(1)} {number}" if number is not None else m.group(0)


def focus_numbers(text: str) -> list[str]:
    out: list[str] = []
    for m in FOCUS_RE.finditer(text):
        out.append(m.group(1))
        more = MORE_NUMBERS_RE.match(text, m.end())
        if more:
            out += re.findall(r"\d{1,2}", more.group(0))
    return out


def title_numbers(question: str, title: str) -> set[str]:
    """The numbers of a document's title that the question writes as the title does
    ("I Program för tillgänglighet 2024–2027, …": 2024 and 2027 name the document, they are no
    number asked about)."""
    runs = re.findall(r"\d[\d\s–—-]*\d|\d", title)
    spaced = " ".join(question.split())
    out: set[str] = set()
    for run in runs:
        if " ".join(run.split()) in spaced:
            out.update(re.findall(r"\d+", run))
    return out
