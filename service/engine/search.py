"""Hybrid retrieval over one index snapshot: BM25 (Snapshot.lexical) and dense (Snapshot.dense),
fused by reciprocal rank fusion. Diacritics-insensitive throughout (ingest.text.fold).

Before the lexical run a question is mended against the index's own vocabulary: a misspelled
word one edit away from a word of the documents is replaced by it ("barnfatigdom" ->
"barnfattigdom"), and a word that is part of a compound in the documents also searches for the
compound ("fattigdom" -> "barnfattigdom"). Query vectors are cached by text, so a question asked
again (or replayed from a conversation's history) costs no new embedding.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.models import Chunk
from ingest.text import STOPWORDS, fold, tokenize

_WORD_RE = re.compile(r"\w+", re.UNICODE)
RRF_K = 60
_MIN_FUZZY_LEN = 5
_MIN_PART_LEN = 5
_MAX_EXPANSIONS = 4
_MAX_SUFFIX = 4
_MIN_OTHER_ENDING = 8
# inflection endings a misspelled word may carry beyond the form the document uses
_ENDINGS = ("erna", "arna", "et", "en", "na", "ar", "er", "n", "t")


@dataclass
class Hit:
    chunk: int
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    dense: float | None = None  # cosine similarity from the dense run


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    toks = tokenize(word, keep_stopwords=True)
    return toks[0] if toks else word


@lru_cache(maxsize=8192)
def features(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Folded words and stems of a text (cached: units and titles recur)."""
    return (
        frozenset(fold(w) for w in _WORD_RE.findall(text)),
        frozenset(tokenize(text, keep_stopwords=True)),
    )


class Searcher:
    """Retrieval and word-level helpers for one snapshot. Build once; cheap per question."""

    def __init__(
        self,
        snapshot: Snapshot,
        embedder: Embedder,
        cache_size: int = 512,
        protected: Iterable[str] = (),
    ) -> None:
        self.snapshot = snapshot
        self.embedder = embedder
        self.chunks = snapshot.chunks
        self._cache_size = cache_size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.embed_calls = 0
        self.vocab: Counter[str] = Counter()
        self.chunk_words: list[frozenset[str]] = []
        self.chunk_stems: list[frozenset[str]] = []
        for c in self.chunks:
            ws = [fold(w) for w in _WORD_RE.findall(c.embed_text())]
            self.vocab.update(ws)
            self.chunk_words.append(frozenset(ws))
            self.chunk_stems.append(frozenset(tokenize(c.embed_text(), keep_stopwords=True)))
        self.df: Counter[str] = Counter()
        for stems in self.chunk_stems:
            self.df.update(stems)
        self._del_index: dict[str, list[str]] = {}
        for w in self.vocab:
            if len(w) >= _MIN_FUZZY_LEN and not w.isdigit():
                for d in _deletes(w) | {w}:
                    self._del_index.setdefault(d, []).append(w)
        self._long_words = [w for w in self.vocab if len(w) >= _MIN_PART_LEN and w.isalpha()]
        self._partners: dict[str, frozenset[str]] = {}
        self._corrected: dict[str, str] = {}
        # words of the question language itself are never "corrected" into document words
        self.protected: set[str] = set(STOPWORDS) | set(protected)

    # --- words ------------------------------------------------------------------------------
    def idf(self, stem_: str) -> float:
        n = len(self.chunks) or 1
        return math.log(1 + (n - self.df.get(stem_, 0) + 0.5) / (self.df.get(stem_, 0) + 0.5))

    def correct(self, word: str) -> str:
        """A folded word, or the most frequent vocabulary word one edit away from it."""
        got = self._corrected.get(word)
        if got is None:
            got = self._correct(word)
            if len(self._corrected) > 20000:
                self._corrected.clear()
            self._corrected[word] = got
        return got

    def _correct(self, word: str) -> str:
        if word in self.vocab or len(word) < _MIN_FUZZY_LEN or word in self.protected:
            return word
        if not word.isalpha():
            return word
        cands: set[str] = set()
        for d in _deletes(word) | {word}:
            cands.update(self._del_index.get(d, ()))
        # within one letter, and no "o" added or dropped in front: "oräknade" negates "räknade"
        negated = {"o" + word, word[1:] if word[:1] == "o" else ""}
        cands = {c for c in cands if abs(len(c) - len(word)) <= 1 and c not in negated}
        if not cands:
            return self._correct_inflected(word)
        return max(sorted(cands), key=lambda c: self.vocab[c])

    def _correct_inflected(self, word: str) -> str:
        """A typo in an inflected form the document never uses ("tillägsuppdraget"): the base
        one edit from a vocabulary word, with the question's own ending."""
        for ending in _ENDINGS:
            base = word[: -len(ending)]
            if not word.endswith(ending) or len(base) < _MIN_OTHER_ENDING:
                continue
            if base in self.vocab:
                return word  # a right word in a form the document does not use
            cands = {
                c
                for d in _deletes(base) | {base}
                for c in self._del_index.get(d, ())
                if abs(len(c) - len(base)) <= 1 and c != base
            }
            if cands:
                return max(sorted(cands), key=lambda c: self.vocab[c]) + ending
        return word

    def corrections(self, text: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for w in _WORD_RE.findall(text):
            f = fold(w)
            c = self.correct(f)
            if c != f:
                out[f] = c
        return out

    def compounds(self, word: str) -> list[str]:
        """Vocabulary words that contain `word` or are contained in it (compound parts)."""
        if len(word) < _MIN_PART_LEN or word in STOPWORDS:
            return []
        out = [w for w in self._long_words if w != word and (word in w or w in word)]
        out.sort(key=lambda w: -self.vocab[w])
        return out[:_MAX_EXPANSIONS]

    def mend(self, text: str, extra: Iterable[str] = ()) -> str:
        """The lexical query: words corrected, compound partners added."""
        words = [self.correct(fold(w)) for w in _WORD_RE.findall(text)] + list(extra)
        added: list[str] = []
        for w in words:
            if w not in self.vocab:
                added.extend(self.compounds(w))
                # the same long word with another ending ("segregering" / "segregation");
                # a short one ("syftet") is left to the stemmer
                if len(w) >= _MIN_OTHER_ENDING:
                    others = sorted(self.partners(w) - set(added), key=lambda x: -self.vocab[x])
                    added.extend(others[:_MAX_EXPANSIONS])
        return " ".join(words + added)

    def known(self, word: str) -> bool:
        """Does the index have a (folded) word, by spelling, stem or compound?"""
        w = self.correct(word)
        return w in self.vocab or bool(self.df.get(stem(w))) or bool(self.partners(w))

    def covered_in(self, word: str, text: str) -> bool:
        """Is a (folded) word in `text`, by stem, compound or close spelling?"""
        words, stems = features(text)
        return any(self.word_in(alt, words, stems) for alt in word.split("|") if alt)

    def covered(self, word: str, chunk: int) -> bool:
        """Is a (folded) question word present in a chunk, by stem, compound or close spelling?"""
        return self.word_in(word, self.chunk_words[chunk], self.chunk_stems[chunk])

    def word_in(self, word: str, words: AbstractSet[str], stems: AbstractSet[str]) -> bool:
        """Is a (folded) question word among `words` / `stems`, by stem, compound or spelling?"""
        w = self.correct(word)
        if w in words or stem(w) in stems:
            return True
        partners = self.partners(w)
        return bool(partners) and not partners.isdisjoint(words)

    def partners(self, w: str) -> frozenset[str]:
        """Vocabulary words that count as `w`: compounds containing it, its inflected forms."""
        got = self._partners.get(w)
        if got is None:
            out: set[str] = set()
            base = s if len(s := stem(w)) >= 6 else w
            if len(w) >= _MIN_PART_LEN:
                for cw in self._long_words:
                    # the question's word (or its stem: "fattigdomen") inside a document
                    # compound ("barnfattigdom"), or the document's word inflected
                    # ("barnfattigdomen"); not a document word as the head of a more specific
                    # question compound ("vattenförsörjning" is not "försörjning")
                    inside = w in cw or (base != w and base in cw and not cw.startswith(base))
                    if inside or (w.startswith(cw) and len(w) - len(cw) <= _MAX_SUFFIX):
                        out.add(cw)
                        continue
                    # the same word with another ending ("revidera" / "revidering"); a word
                    # the documents use themselves is not a compound of its first part
                    # ("insatsgrupper" is not "insatsen")
                    n = min(len(w), len(cw))
                    common = _common_prefix(w, cw)
                    if (
                        n >= 6
                        and w[:6] == cw[:6]
                        and common >= max(6, int(0.6 * n))
                        and not (w in self.vocab and len(w) - common > _MAX_SUFFIX + 1)
                    ):
                        out.add(cw)
            got = frozenset(out)
            if len(self._partners) > 20000:
                self._partners.clear()
            self._partners[w] = got
        return got

    def in_corpus(self, word: str) -> bool:
        return any(self.covered(word, i) for i in range(len(self.chunks)))

    # --- retrieval ---------------------------------------------------------------------------
    def embed(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._vectors.get(text)
            if vec is not None:
                self._vectors.move_to_end(text)
                return vec
        vec = self.embedder.embed_query(text)
        with self._lock:
            self.embed_calls += 1
            self._vectors[text] = vec
            if len(self._vectors) > self._cache_size:
                self._vectors.popitem(last=False)
        return vec

    def clear_cache(self) -> None:
        with self._lock:
            self._vectors.clear()

    def lexical(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.snapshot.lexical(query, k=k)

    def hybrid(
        self,
        text: str,
        *,
        lexical_text: str | None = None,
        allowed: Callable[[int], bool] | None = None,
        k: int = 10,
        dense: bool = True,
        documents: frozenset[str] | None = None,
    ) -> list[Hit]:
        """Chunks ranked by RRF of the BM25 run and the dense run (both filtered by `allowed`
        and, when given, by `documents`: then every chunk is ranked, so a small document is
        never crowded out of the runs by a large one)."""
        n = len(self.chunks)
        if n == 0:
            return []
        depth = n if n <= 200 or documents is not None else max(50, 5 * k)
        if documents is not None:
            allowed = _within(self.chunks, documents, allowed)

        runs: dict[str, list[int]] = {}
        lex = self.lexical(lexical_text if lexical_text is not None else self.mend(text), depth)
        runs["bm25"] = [i for i, _ in lex if allowed is None or allowed(i)]
        sims: dict[int, float] = {}
        if dense:
            hits = self.snapshot.dense(self.embed(text), k=depth)
            runs["dense"] = [i for i, _ in hits if allowed is None or allowed(i)]
            sims = dict(hits)
        fused: dict[int, Hit] = {}
        for name, order in runs.items():
            for rank, idx in enumerate(order):
                h = fused.setdefault(idx, Hit(idx, 0.0, dense=sims.get(idx)))
                h.score += 1.0 / (RRF_K + rank + 1)
                h.ranks[name] = rank
        return sorted(fused.values(), key=lambda h: -h.score)[:k]


def _within(
    chunks: list[Chunk], documents: frozenset[str], inner: Callable[[int], bool] | None
) -> Callable[[int], bool]:
    def allowed(i: int) -> bool:
        return chunks[i].document in documents and (inner is None or inner(i))

    return allowed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
