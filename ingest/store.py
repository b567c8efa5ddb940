"""Vector store behind a small protocol: chroma embedded (PersistentClient) or a chroma server."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np


class VectorStore(Protocol):
    def create(self, name: str, metadata: dict[str, Any]) -> None: ...

    def add(
        self,
        name: str,
        ids: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[dict[str, Any]],
    ) -> None: ...

    def query(self, name: str, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest ids with cosine similarity, best first."""
        ...

    def delete(self, name: str) -> None: ...

    def names(self) -> list[str]: ...


class ChromaStore:
    """One chroma collection per index version; cosine space."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._cache: dict[str, Any] = {}

    @classmethod
    def embedded(cls, path: Path) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
        )
        return cls(client)

    @classmethod
    def server(cls, host: str, port: int) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.HttpClient(
            host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False)
        )
        return cls(client)

    def _collection(self, name: str) -> Any:
        col = self._cache.get(name)
        if col is None:
            col = self._client.get_collection(name)
            self._cache[name] = col
        return col

    def create(self, name: str, metadata: dict[str, Any]) -> None:
        self.delete(name)
        self._cache[name] = self._client.create_collection(
            name=name, metadata={"hnsw:space": "cosine", **metadata}, embedding_function=None
        )

    def add(
        self,
        name: str,
        ids: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        if not ids:
            return
        col = self._collection(name)
        step = 1000
        for i in range(0, len(ids), step):
            col.add(
                ids=list(ids[i : i + step]),
                embeddings=vectors[i : i + step].tolist(),
                metadatas=[dict(m) for m in metadatas[i : i + step]],
            )

    def query(self, name: str, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        col = self._collection(name)
        res = col.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        ids = res["ids"][0]
        dists = res["distances"][0] if res.get("distances") else [0.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=True)]

    def delete(self, name: str) -> None:
        self._cache.pop(name, None)
        # chroma raises different types for "not found"
        with contextlib.suppress(Exception):
            self._client.delete_collection(name)

    def names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self._client.list_collections()]


def make_store(data_dir: Path, host: str | None, port: int) -> ChromaStore:
    if host:
        return ChromaStore.server(host, port)
    return ChromaStore.embedded(data_dir / "chroma")
