"""A versioned index on disk: write a complete version beside the old one, then switch.

    <data_dir>/CURRENT                 name of the version that answers (replaced atomically)
    <data_dir>/versions/<v>/           meta.json, documents.json, structure.json, chunks.json,
                                       glossary.json, bm25/
    <data_dir>/chroma/                 embedded chroma; one collection per version
    <data_dir>/embcache.sqlite         passage vectors by (embedder, text), reused across versions

A crash or an error before `switch()` leaves CURRENT, and so the answering index, untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import IndexMismatchError, NoIndexError
from .models import Chunk, Program
from .store import VectorStore
from .text import tokenize

INDEX_FORMAT = 1


@dataclass
class DocumentRecord:
    id: str
    title: str
    kind: str
    path: str
    sha256: str
    pages: list[str]
    meta: dict[str, Any] = field(default_factory=dict)
    is_program: bool = False


def collection_name(data_dir: Path, version: str) -> str:
    key = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:10]
    return f"styrdok-{key}-{version}"


def new_version_name() -> str:
    """Sorts by creation time, to the microsecond (prune keeps the newest by name)."""
    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now * 1e6) % 1_000_000:06d}"
    return f"v{stamp}-{uuid.uuid4().hex[:6]}"


def current_version(data_dir: Path) -> str | None:
    try:
        name = (data_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name and (data_dir / "versions" / name / "meta.json").exists() else None


_held = threading.local()  # data dirs whose lock this thread holds, with a depth each


@contextlib.contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """One writer at a time per data dir, across threads and processes (server workers, the
    CLI). Re-entrant within a thread: an admin request that holds it may run an ingest."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key = str(data_dir.resolve())
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    with (data_dir / ".ingest.lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0
            fcntl.flock(f, fcntl.LOCK_UN)


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_version(
    data_dir: Path,
    store: VectorStore,
    *,
    meta: dict[str, Any],
    documents: Sequence[DocumentRecord],
    programs: Sequence[Program],
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    glossary: list[dict[str, Any]],
) -> str:
    """Write a complete new version (files, bm25, vector collection). Does not switch to it."""
    import bm25s

    version = new_version_name()
    root = data_dir / "versions" / version
    tmp = data_dir / "versions" / f".tmp-{version}"
    tmp.mkdir(parents=True)
    try:
        _write_json(tmp / "documents.json", [asdict(d) for d in documents])
        _write_json(tmp / "structure.json", [p.to_dict() for p in programs])
        _write_json(tmp / "chunks.json", [c.to_dict() for c in chunks])
        _write_json(tmp / "glossary.json", glossary)
        if chunks:
            retriever = bm25s.BM25()
            retriever.index([tokenize(c.embed_text()) for c in chunks], show_progress=False)
            retriever.save(str(tmp / "bm25"), show_progress=False)
        name = collection_name(data_dir, version)
        store.create(name, {"embedder": meta["embedder"], "version": version})
        store.add(
            name,
            [c.id for c in chunks],
            vectors,
            [{"document": c.document, "section": c.section or ""} for c in chunks],
        )
        meta = {
            **meta,
            "format": INDEX_FORMAT,
            "version": version,
            "collection": name,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "chunks": len(chunks),
        }
        # meta.json last: a version without it is incomplete and never read
        _write_json(tmp / "meta.json", meta)
        os.replace(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(Exception):
            store.delete(collection_name(data_dir, version))
        raise
    return version


def switch(data_dir: Path, version: str) -> None:
    """Make `version` the answering index, atomically."""
    tmp = data_dir / f".CURRENT.{uuid.uuid4().hex}"
    tmp.write_text(version, encoding="utf-8")
    os.replace(tmp, data_dir / "CURRENT")


def prune(data_dir: Path, store: VectorStore, keep: int = 2) -> None:
    """Remove all but the newest `keep` complete versions (the current one always stays)."""
    cur = current_version(data_dir)
    vdir = data_dir / "versions"
    if not vdir.exists():
        return
    versions = sorted(p.name for p in vdir.iterdir() if (p / "meta.json").exists())
    stale = [v for v in versions[:-keep] if v != cur]
    for v in stale:
        store.delete(collection_name(data_dir, v))
        shutil.rmtree(vdir / v, ignore_errors=True)
    for p in vdir.iterdir():  # leftovers of crashed writes
        if p.name.startswith(".tmp-"):
            shutil.rmtree(p, ignore_errors=True)


class Snapshot:
    """One complete, immutable index version, read into memory for answering."""

    def __init__(self, data_dir: Path, version: str, store: VectorStore) -> None:
        root = data_dir / "versions" / version
        self.data_dir = data_dir
        self.version = version
        self.root = root
        self.store = store
        self.meta: dict[str, Any] = _read_json(root / "meta.json")
        self.documents: dict[str, DocumentRecord] = {
            d["id"]: DocumentRecord(**d) for d in _read_json(root / "documents.json")
        }
        self.programs: dict[str, Program] = {
            p["document"]: Program.from_dict(p) for p in _read_json(root / "structure.json")
        }
        self.chunks: list[Chunk] = [Chunk.from_dict(c) for c in _read_json(root / "chunks.json")]
        self.chunk_index: dict[str, int] = {c.id: i for i, c in enumerate(self.chunks)}
        self.glossary: list[dict[str, Any]] = _read_json(root / "glossary.json")
        self._bm25: Any = None

    @classmethod
    def open(cls, data_dir: Path, store: VectorStore) -> Snapshot:
        version = current_version(data_dir)
        if version is None:
            raise NoIndexError(str(data_dir))
        return cls(data_dir, version, store)

    @property
    def default_document(self) -> str | None:
        """The manifest's `default: true` document; else the first program; else the first."""
        for rec in self.documents.values():
            if rec.meta.get("default") is True:
                return rec.id
        for rec in self.documents.values():
            if rec.is_program and rec.id in self.programs:
                return rec.id
        return next(iter(self.documents), None)

    def chunks_of(self, document: str) -> list[Chunk]:
        return [c for c in self.chunks if c.document == document]

    @property
    def embedder_name(self) -> str:
        return str(self.meta["embedder"])

    def check_embedder(self, name: str) -> None:
        if name != self.embedder_name:
            raise IndexMismatchError(self.embedder_name, name)

    def page_text(self, document: str, page: int) -> str:
        doc = self.documents.get(document)
        if doc is None or not 1 <= page <= len(doc.pages):
            return ""
        return doc.pages[page - 1]

    def lexical(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """BM25 over folded, stemmed Swedish tokens: (chunk index, score), best first."""
        if not self.chunks:
            return []
        tokens = tokenize(query)
        if self._bm25 is None:
            import bm25s

            self._bm25 = bm25s.BM25.load(str(self.root / "bm25"))
        vocab = self._bm25.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return []
        scores = self._bm25.get_scores(known)
        order = np.argsort(-scores)[:k]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def dense(self, vector: np.ndarray, k: int = 10) -> list[tuple[int, float]]:
        if not self.chunks:
            return []
        hits = self.store.query(self.meta["collection"], vector, min(k, len(self.chunks)))
        return [(self.chunk_index[cid], score) for cid, score in hits if cid in self.chunk_index]


class EmbeddingCache:
    """Passage vectors keyed by embedder and text, so unchanged text is never embedded twice."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, key TEXT, vec BLOB,"
            " PRIMARY KEY (embedder, key))"
        )

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, embedder: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for text in texts:
            row = self._db.execute(
                "SELECT vec FROM vectors WHERE embedder=? AND key=?", (embedder, self.key(text))
            ).fetchone()
            if row:
                out[text] = np.frombuffer(row[0], dtype=np.float32)
        return out

    def put(self, embedder: str, text: str, vec: np.ndarray) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
            (embedder, self.key(text), np.asarray(vec, dtype=np.float32).tobytes()),
        )

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()
