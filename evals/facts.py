"""Required facts: normalising text, and finding the facts an answer lacks (METRICS.md, 4).

A number written as a word or as digits is the same fact: "fem" = "5", "sjätte" = "6" = "6:e".
One is left out ("en", "ett" are mostly articles), and so is "andra" (mostly "other").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# ‐ ‑ ‒ – — ― −
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_SPACE_RE = re.compile(r"\s+")
# after whitespace is collapsed: a space, NBSP, thin space or comma between two digits
_DIGIT_GAP_RE = re.compile(r"(?<=\d)[ ,\u00a0\u2009\u202f](?=\d)")

_CARDINALS = (
    "",
    "",
    "tva",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "atta",
    "nio",
    "tio",
    "elva",
    "tolv",
)
_ORDINALS = (
    "",
    "",
    "",
    "tredje",
    "fjarde",
    "femte",
    "sjatte",
    "sjunde",
    "attonde",
    "nionde",
    "tionde",
)


def number_forms(fact: str) -> list[str]:
    """Other ways to write a fact that is only a number (normalised), else []."""
    n: int | None = None
    if re.fullmatch(r"\d{1,2}(?::e)?", fact):
        n = int(fact.split(":")[0])
    elif fact in _CARDINALS[2:]:
        n = _CARDINALS.index(fact)
    elif fact in _ORDINALS[3:]:
        n = _ORDINALS.index(fact)
    if n is None or not 2 <= n <= 12:
        return []
    forms = [str(n), f"{n}:e", _CARDINALS[n]]
    if n < len(_ORDINALS) and _ORDINALS[n]:
        forms.append(_ORDINALS[n])
    return [f for f in forms if f and f != fact]


def normalize(text: str) -> str:
    """Casefold, strip diacritics (NFKD), one kind of dash, single spaces, digits joined.

    normalize("Umeå 6 000–6,000") == "umea 6000-6000"
    """
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.translate(_DASHES)
    t = _SPACE_RE.sub(" ", t).strip()
    return _DIGIT_GAP_RE.sub("", t)


def missing_facts(text: str, facts: Iterable[str]) -> list[str]:
    """The required facts that are not substrings of `text` once both are normalised; a fact
    that is only a number also counts when written the other way, as a whole word."""
    hay = normalize(text)
    lost = []
    for f in facts:
        nf = normalize(f)
        if nf in hay:
            continue
        if any(
            re.search(rf"(?<![\w.]){re.escape(x)}(?![\w]|[.,]\d)", hay) for x in number_forms(nf)
        ):
            continue
        lost.append(f)
    return lost


def mentions(text: str, form: str) -> bool:
    """`form` occurs in `text` as a whole word, case and diacritics as written ("ÄN" ≠ "an")."""
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def mentions_section(text: str, section_id: str) -> bool:
    """A section number such as 3.2 occurs in `text`, not as part of 13.2, 3.21 or 3.2.1."""
    pattern = rf"(?<![\d.]){re.escape(section_id)}(?!\d|\.\d)"
    return re.search(pattern, text) is not None
