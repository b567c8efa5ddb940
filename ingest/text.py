"""Swedish text normalisation for lexical search and matching. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Swedish function words; a compact list (Snowball's Swedish stopwords, folded).
_STOPWORDS = """
och det att i en jag hon som han pa den med var sig for sa till ar men ett om hade de av icke
mig du henne da sin nu har inte hans honom skulle hennes dar min man ej vid kunde nagot fran
ut nar efter upp vi dem vara vad over an dig kan sina har ha mot alla under nagon eller allt
mycket sedan ju denna sjalv detta at utan varit hur ingen mitt ni bli blev oss din dessa
nagra deras blir mina samma vilken er sadan var blivit dess inom mellan sadant varfor varje
vilka ditt vem vilket sitta sadana vart dina vars vart vara ert era vilkas
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# a section number such as 3.2 or 2021:8 stays one token
_TOKEN_RE = re.compile(r"\d+[.:]\d+|\w+", re.UNICODE)


def fold(text: str) -> str:
    """Casefold and strip diacritics: 'Umeå' -> 'umea', 'Hemlöshet' -> 'hemloshet'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish")


def tokenize(text: str, *, stem: bool = True, keep_stopwords: bool = False) -> list[str]:
    """Tokens for BM25: folded, stopwords removed, Snowball-Swedish stemmed; '3.2' kept whole."""
    raw = _TOKEN_RE.findall(fold(text))
    words = [t for t in raw if keep_stopwords or t not in STOPWORDS]
    if not stem:
        return words
    stemmer = _stemmer()
    return [t if not t.isalpha() else stemmer.stemWord(t) for t in words]


def content_words(text: str) -> set[str]:
    """Folded, stemmed content words, for overlap scoring."""
    return set(tokenize(text))
