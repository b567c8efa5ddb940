"""Which documents a question is about, read from the words people type. Pure.

A question names a document by its title or an alias ("Program för tillgänglighet"), by a
compound of its subject and its kind ("tillgänglighetsprogrammet", "jämställdhetsstrategin"),
by its kind and subject ("handlingsplanen mot våld"), or by its kind alone ("handlingsplanen":
every document of that kind; "programmet": the deployment's default program when it is one).
The words that named the document are returned too, so they are not taken for the topic.
The word lists are data (prompts/data/scope.toml).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from ingest.text import STOPWORDS, fold

from . import lexicon as lx

_WORD_RE = re.compile(r"\w+")
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "prompts" / "data" / "scope.toml"


@dataclass(frozen=True)
class ScopeWords:
    kind_stems: tuple[str, ...]
    prepositions: frozenset[str]
    common: frozenset[str]
    phrase_threshold: float
    min_stem: int
    follow_phrases: tuple[str, ...] = ()
    generic_responsibility: frozenset[str] = frozenset()
    kind_endings: frozenset[str] | None = None  # None: any ending
    translations: Mapping[str, str] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_scope_words(path: Path = DEFAULT_DATA) -> ScopeWords:
    with path.open("rb") as fh:
        d = tomllib.load(fh)
    stems = sorted((fold(s) for s in d["kind_stems"]), key=len, reverse=True)
    return ScopeWords(
        kind_stems=tuple(stems),
        prepositions=frozenset(fold(w) for w in d["prepositions"]),
        common=frozenset(fold(w) for w in d["common_title_words"]),
        phrase_threshold=float(d["phrase_threshold"]),
        min_stem=int(d["min_stem"]),
        follow_phrases=tuple(d.get("follow_phrases", [])),
        generic_responsibility=frozenset(fold(w) for w in d.get("generic_responsibility", [])),
        kind_endings=frozenset(d["kind_endings"]) if "kind_endings" in d else None,
        translations={fold(k): fold(v) for k, v in d.get("translations", {}).items()},
    )


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass
class Scope:
    documents: list[str] = field(default_factory=list)  # named documents, best first
    words: set[str] = field(default_factory=set)  # folded question words that named them
    how: str = "none"  # "alias" | "title" | "kind" | "none"


def _title_words(doc: DocInfo, sw: ScopeWords) -> list[str]:
    out = []
    for w in _WORD_RE.findall(fold(doc.title)):
        if len(w) < 3 or w.isdigit() or w in STOPWORDS or w in sw.common:
            continue
        out.append(w)
    return out


def kind_of(word: str, sw: ScopeWords) -> tuple[str, int] | None:
    """The kind stem inside `word` and where it starts ("jamstalldhetsstrategin" -> 13)."""
    for stem in sw.kind_stems:
        i = word.find(stem)
        if i < 0:
            continue
        rest = word[i + len(stem) :]
        if sw.kind_endings is None or rest in sw.kind_endings:
            return stem, i
    return None


def kinds_named(tokens: list[str], sw: ScopeWords) -> set[str]:
    """The kind stems a question names as words of their own ("handlingsplanerna", not the
    compound "jämställdhetsstrategin")."""
    return {k[0] for t in tokens if (k := kind_of(t, sw)) is not None and k[1] == 0}


def kind_stem(kind: str, sw: ScopeWords) -> str | None:
    """The kind stem of a document's kind ("handlingsplan" -> "handlingsplan")."""
    k = kind_of(fold(kind), sw)
    return k[0] if k is not None else None


def doc_kinds(doc: DocInfo, sw: ScopeWords) -> set[str]:
    kinds = set()
    for w in [fold(doc.kind), *_WORD_RE.findall(fold(doc.title))[:2]]:
        k = kind_of(w, sw)
        if k is not None:
            kinds.add(k[0])
    return kinds


def has_kind(kinds: set[str], stem: str) -> bool:
    """A document of that kind: "planen" in "barnfattigdomsplanen" is a handlingsplan."""
    return stem in kinds or any(k.endswith(stem) for k in kinds)


def _similar(a: str, b: str, n: int) -> bool:
    """One word is the other's stem: 'tillganglighet' ~ 'tillgangligheten', 'polis' ~ 'polisen'."""
    if a == b:
        return True
    m = min(len(a), len(b))
    if m < n:
        return False
    k = max(n, m - 2)
    if a[:k] == b[:k]:
        return True
    # a typo ("barnfatigdom"): nearly the same long word
    return m >= 8 and SequenceMatcher(None, a, b).ratio() >= 0.88


def _matches_title(part: str, words: list[str], sw: ScopeWords) -> bool:
    part = part[:-1] if part.endswith("s") and len(part) > sw.min_stem else part
    return any(
        _similar(part, w, sw.min_stem)
        or (len(part) >= sw.min_stem and w.startswith(part))
        # a typo in a compound's first part ("jämstäldhets…" for "jämställdhetsarbete")
        or (len(part) >= 8 and _similar(part, w[: len(part) + 1], sw.min_stem))
        for w in words
    )


def _joined_compounds(question: str, sw: ScopeWords) -> tuple[str, set[str]]:
    """The question with "X-s kind" written as one word, and the folded words joined."""
    parts: set[str] = set()

    def join(m: re.Match[str]) -> str:
        k = kind_of(fold(m.group(2)), sw)
        if k is None or k[1] != 0:
            return m.group(0)
        parts.update({fold(m.group(1)), fold(m.group(2))})
        return m.group(1) + m.group(2)

    joined = re.sub(r"\b(\w{5,}s)\s+(\w+)", join, question)
    return joined, parts


def resolve_scope(
    question: str,
    docs: list[DocInfo],
    default: str | None = None,
    sw: ScopeWords | None = None,
    joined_compounds: bool = False,
) -> Scope:
    """The documents a text names. `joined_compounds`: for a question as typed, a compound
    typed in two words ("bostadsförsörjnings programmet") is read as one too; a document's
    own sentences need not be."""
    sw = sw or load_scope_words()
    if joined_compounds:
        # the joined word names a document where the words apart name none (or only a kind)
        joined, parts = _joined_compounds(question, sw)
        if parts:
            whole = resolve_scope(joined, docs, default, sw)
            apart = resolve_scope(question, docs, default, sw)
            if (
                whole.documents
                and whole.how != "kind"
                and (not apart.documents or apart.how == "kind" or apart.words <= parts)
            ):
                whole.words |= parts
                return whole
            return apart
    text = fold(question)
    for phrase, sv in sw.translations.items():
        if " " in phrase:  # "action plan" → "handlingsplan"
            text = re.sub(rf"\b{re.escape(phrase)}\b", sv, text)
    toks = [sw.translations.get(t, t) for t in _WORD_RE.findall(text)]
    folded = " " + " ".join(toks) + " "
    scores: dict[str, float] = {}
    used: dict[str, set[str]] = {}
    how: dict[str, str] = {}

    def hit(doc: str, score: float, words: set[str], kind: str) -> None:
        if score > scores.get(doc, 0.0):
            scores[doc], used[doc], how[doc] = score, words, kind

    titles = {d.id: _title_words(d, sw) for d in docs}
    kinds = {d.id: doc_kinds(d, sw) for d in docs}
    named: list[tuple[int, int, str, str, bool]] = []  # start, end, doc, phrase, is title
    for d in docs:
        for name in (d.title, *d.aliases):
            phrase = " ".join(_WORD_RE.findall(fold(name)))
            if not phrase:
                continue
            for m in re.finditer(re.escape(f" {phrase} "), folded):
                named.append((m.start(), m.end(), d.id, phrase, name == d.title))
    for start, end, doc, phrase, is_title in named:
        # "programmet för tillgänglighet": one document's short alias ("programmet") inside
        # another's longer name is that other document's name, not a second document
        if any(
            b - a > end - start and a <= start and end <= b and other != doc
            for a, b, other, _, _ in named
        ):
            continue
        hit(doc, 2.0, set(phrase.split()), "title" if is_title else "alias")
    kind_only: dict[str, str] = {}  # kind stem -> the word that named it
    for i, t in enumerate(toks):
        k = kind_of(t, sw)
        if k is None:
            continue
        stem, at = k
        if at >= sw.min_stem:  # a compound: subject + kind
            subject = t[:at]
            for d in docs:
                if has_kind(kinds[d.id], stem) and _matches_title(subject, titles[d.id], sw):
                    hit(d.id, 1.5, {t}, "title")
            continue
        if at != 0:
            continue
        # kind word, then perhaps a preposition and the subject: "planen mot våld"
        after: list[str] = []
        j = i + 1
        if j < len(toks) and toks[j] in sw.prepositions:
            j += 1
            english = False
            while j < len(toks) and len(after) < 3:
                w = toks[j]
                if w in STOPWORDS and w != "och":
                    break
                if w != "och":
                    # an English subject word reads as its Swedish words ("against child poverty")
                    sv = lx.EN_SV.get(w)
                    if english and sv is None:
                        break  # "… against child poverty say …": the English subject has ended
                    english = english or sv is not None
                    after.append("|".join(fold(x) for x in sv.split()) if sv else w)
                j += 1
        if not after:
            # English puts the subject before the kind: "the child poverty action plan"
            after = _english_subject(toks[max(0, i - 4) : i])
        matched_any = False
        for d in docs:
            if not has_kind(kinds[d.id], stem) or not after:
                continue
            found = [
                w for w in after if any(_matches_title(x, titles[d.id], sw) for x in w.split("|"))
            ]
            if found and len(found) / len(after) >= sw.phrase_threshold:
                matched_any = True
                hit(d.id, 1.0 + len(found) / len(after) / 10, {t, *found}, "title")
        if not matched_any:
            kind_only[stem] = t
    if not scores and kind_only:
        for stem, word in kind_only.items():
            of_kind = [d.id for d in docs if stem in kinds[d.id]]
            if default in of_kind and word.startswith(stem) and _singular_definite(word, stem):
                of_kind = [default]
            for doc in of_kind:
                hit(doc, 0.5, {word}, "kind")
    if not scores:
        return Scope()
    best = max(scores.values())
    chosen = [d.id for d in docs if scores.get(d.id, 0.0) >= min(best, 1.0) and d.id in scores]
    if best > 1.0:
        chosen = [d for d in chosen if scores[d] > 1.0 or how[d] != "kind"]
    chosen.sort(key=lambda d: (-scores[d], d != default))
    words = set().union(*(used[d] for d in chosen))
    return Scope(chosen, words, how[chosen[0]])


def _english_subject(before: list[str]) -> list[str]:
    """The Swedish words of the English words before a kind word ('child poverty' →
    'barn', 'fattigdom'); none when they are not English."""
    out: list[str] = []
    for w in before:
        sv = lx.EN_SV.get(w)
        if sv is None:
            out = []  # a word that is no English subject word breaks the run
            continue
        out.append("|".join(fold(x) for x in sv.split()))  # one slot, its alternatives
    return out


def _singular_definite(word: str, stem: str) -> bool:
    """'programmet', 'planen', 'strategin': one document of that kind is meant."""
    rest = word[len(stem) :]
    return rest in {"met", "et", "en", "n", "t"}
