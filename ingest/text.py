"""Swedish text normalisation for lexical search and matching. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Swedish function words (Snowball's Swedish stopword list), as written with diacritics.
_STOPWORDS_SV = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från
ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt
mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa
några deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje
vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
"""
STOPWORDS_SV = frozenset(_STOPWORDS_SV.split())


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# the same words folded ("för" -> "for"): how they look when typed without å/ä/ö
STOPWORDS = frozenset(_fold_word(w) for w in STOPWORDS_SV)


def is_stopword(token: str) -> bool:
    """A casefolded token is a function word. Checked before folding, so content words that
    fold onto one ("år" -> "ar" like "är", "män" -> "man") stay; a word typed without
    diacritics ("for", "ar") is taken as the function word it most likely is."""
    return token in STOPWORDS_SV or (token.isascii() and token in STOPWORDS)


# a section number such as 3.2 or 2021:8 stays one token
_TOKEN_RE = re.compile(r"\d+[.:]\d+|\w+", re.UNICODE)


def fold(text: str) -> str:
    """Casefold and strip diacritics: 'Umeå' -> 'umea', 'Hemlöshet' -> 'hemloshet'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def padded_words(text: str) -> str:
    """' umea kommuns handlingsplan ': a text's folded words, one space apart and padded, so a
    phrase test (`" mot vald " in padded_words(q)`) matches whole words only."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish")


def tokenize(text: str, *, stem: bool = True, keep_stopwords: bool = False) -> list[str]:
    """Tokens for BM25: folded, stopwords removed, Snowball-Swedish stemmed; '3.2' kept whole."""
    raw = _TOKEN_RE.findall(text.casefold())
    words = [fold(t) for t in raw if keep_stopwords or not is_stopword(t)]
    if not stem:
        return words
    stemmer = _stemmer()
    return [t if not t.isalpha() else stemmer.stemWord(t) for t in words]


def content_words(text: str) -> set[str]:
    """Folded, stemmed content words, for overlap scoring."""
    return set(tokenize(text))
