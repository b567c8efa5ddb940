"""Ingest: files -> pages -> structure -> chunks -> vectors -> a new index version, switched in.

Incremental: a document whose content hash is unchanged keeps its pages, structure and chunks.
Nothing is lost: a file that fails is reported, the rest of the batch goes on, and a document
that was indexed before keeps its previous version. Any exception before the switch leaves the
previous index answering.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .chunking import chunk_program
from .documents import file_sha256, load_document, slugify
from .embedders import Embedder
from .errors import IngestError, NoIndexError
from .glossary_file import aliases_from_glossary, load_glossary
from .index import (
    DocumentRecord,
    EmbeddingCache,
    Snapshot,
    ingest_lock,
    prune,
    switch,
    write_version,
)
from .models import Chunk, LoadedDocument, Page, Program
from .registry import forget_documents, union_manifest
from .store import VectorStore
from .structure import parse_program

PIPELINE_VERSION = "3"  # 2: layout cleaning, the general parser, links; 3: no "#" in spans
CACHE_COMMIT_EVERY = 8
Status = Literal["indexed", "unchanged", "failed", "kept", "removed"]


@dataclass
class FileResult:
    path: str
    document: str
    status: Status
    error: IngestError | None = None
    pages: int = 0
    chunks: int = 0
    # what ingest understood of the document (see `understood`)
    understood: dict[str, Any] | None = None


@dataclass
class IngestReport:
    version: str | None
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    pages_loaded: int = 0
    chunks_total: int = 0
    chunks_embedded: int = 0
    embed_seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status in ("failed", "kept")]

    @property
    def ok(self) -> bool:
        return not self.failed


def load_manifest(corpus_dir: Path) -> list[dict[str, Any]]:
    path = corpus_dir / "manifest.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = data.get("documents", [])
    for d in docs:
        if "id" not in d or "file" not in d:
            raise ValueError(f"{path}: every document needs 'id' and 'file' ({d!r})")
    return list(docs)


def understood(record: DocumentRecord, program: Program) -> dict[str, Any]:
    """What ingest made of one document: pages, sections, owners, what cleaning removed,
    warnings as codes with values (the CLI words them from prompts/messages.toml)."""
    layout = record.meta.get("layout") or {}
    return {
        "pages": len(record.pages),
        "paged": record.meta.get("paged", True),
        "levels": program.levels,
        "sections": len(program.sections),
        "numbered": sum(1 for s in program.sections if s.number),
        "with_owners": sum(1 for s in program.sections if s.owners),
        "removed": layout.get("removed", {}),
        "cover": bool(record.meta.get("cover")),
        "contents_entries": len(record.meta.get("contents") or []),
        "links": sum(1 for s in program.sections for x in s.links if x.get("document")),
        "warnings": list(record.meta.get("warnings") or []) + list(program.warnings),
    }


def link_documents(
    programs: Sequence[Program],
    records: Sequence[DocumentRecord],
    manifest: Sequence[dict[str, Any]],
) -> None:
    """Match every related-document list item to a corpus document by title similarity."""
    from .conventions import conventions
    from .parse import match_links

    aliases = {m["id"]: m.get("aliases") or [] for m in manifest}
    docs = [{"id": r.id, "title": r.title, "aliases": aliases.get(r.id, [])} for r in records]
    threshold = conventions().link_threshold
    for program in programs:
        for s in program.sections:
            items = [x for v in s.groups.values() for x in v]
            s.links = match_links(items, docs, threshold, program.document) if items else []


def pipeline_signature(embedder: Embedder, chunk_size: int, overlap: int, glossary: Any) -> str:
    g = hashlib.sha256(json.dumps(glossary, sort_keys=True).encode()).hexdigest()[:12]
    return f"{PIPELINE_VERSION}|{embedder.name}|{chunk_size}|{overlap}|{g}"


def process_document(
    doc: LoadedDocument, aliases: dict[str, str], chunk_size: int, overlap: int
) -> tuple[DocumentRecord, Program, list[Chunk]]:
    """Pure: parse and chunk a loaded document."""
    marks = (doc.meta.get("layout") or {}).get("headings")
    program = parse_program(
        doc.doc_id,
        doc.pages,
        title=doc.title,
        aliases=aliases,
        headings={int(k): set(v) for k, v in marks.items()} if marks is not None else None,
        contents=doc.meta.get("contents") or (),
    )
    chunks = chunk_program(program, doc.pages, chunk_size, overlap)
    record = DocumentRecord(
        id=doc.doc_id,
        title=doc.title,
        kind=doc.kind,
        path=doc.path,
        sha256=doc.sha256,
        pages=[p.text for p in doc.pages],
        meta=doc.meta,
        is_program=bool(program.focus_areas or program.sub_goals),
    )
    return record, program, chunks


@dataclass
class _Entry:
    path: Path
    manifest: dict[str, Any] | None
    # add mode: an earlier document not named in this batch, carried over without reading its file
    carried: DocumentRecord | None = None


def _targets(
    corpus_dir: Path,
    paths: Sequence[Path] | None,
    previous: Snapshot | None,
    mode: str,
    manifest: list[dict[str, Any]],
) -> list[_Entry]:
    by_file = {(corpus_dir / m["file"]).resolve(): m for m in manifest}
    entries: dict[Path, _Entry] = {}
    if mode == "sync" or not paths:
        for m in manifest:
            p = (corpus_dir / m["file"]).resolve()
            entries[p] = _Entry(p, m)
    if mode == "add" and previous is not None:
        for rec in previous.documents.values():
            p = Path(rec.path).resolve()
            entries.setdefault(p, _Entry(p, by_file.get(p), carried=rec))
    for raw in paths or []:
        p = raw.resolve()
        entries[p] = _Entry(p, by_file.get(p))
    named = {e.path for e in entries.values() if e.carried is None}
    # a carried document that is also named again (under another path) is read anew
    return [
        e
        for e in entries.values()
        if e.carried is None or not any(_same_doc(e.carried, p) for p in named)
    ]


def _same_doc(rec: DocumentRecord, path: Path) -> bool:
    return Path(rec.path).resolve() == path


def _rebuild(
    old: DocumentRecord, aliases: dict[str, str], chunk_size: int, overlap: int
) -> tuple[DocumentRecord, Program, list[Chunk]]:
    """Re-parse a document from the pages stored in the index (its file is not needed)."""
    pages = [Page(i + 1, t) for i, t in enumerate(old.pages)]
    doc = LoadedDocument(old.id, old.path, old.title, old.kind, pages, old.sha256, old.meta)
    return process_document(doc, aliases, chunk_size, overlap)


def run_ingest(
    data_dir: Path,
    store: VectorStore,
    embedder: Embedder,
    *,
    corpus_dir: Path,
    paths: Sequence[Path] | None = None,
    mode: Literal["sync", "add"] = "sync",
    remove: Sequence[str] = (),
    chunk_size: int = 1200,
    overlap: int = 120,
    progress: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    """Build and switch in a new index version.

    mode "sync": the index holds exactly the manifest's documents plus `paths`.
    mode "add": the previous documents stay; `paths` are added or updated; `remove` ids go.
    """
    t0 = time.perf_counter()
    data_dir = data_dir.resolve()
    with ingest_lock(data_dir):
        try:
            previous: Snapshot | None = Snapshot.open(data_dir, store)
        except NoIndexError:
            previous = None
        # the index is the union of the manifest and the uploads registry
        corpus_manifest = load_manifest(corpus_dir)
        manifest = union_manifest(corpus_manifest, data_dir)
        glossary = load_glossary(corpus_dir)
        aliases = aliases_from_glossary(glossary)
        signature = pipeline_signature(embedder, chunk_size, overlap, glossary)
        reusable = previous is not None and previous.meta.get("signature") == signature

        report = IngestReport(version=None)
        records: list[DocumentRecord] = []
        programs: list[Program] = []
        chunks: list[Chunk] = []
        seen: set[str] = set()

        def finish(result: FileResult) -> None:
            if result.status in ("indexed", "unchanged", "kept") and records:
                result.understood = understood(records[-1], programs[-1])
            report.results.append(result)
            if on_file:
                on_file(result)

        for entry in _targets(corpus_dir, paths, previous, mode, manifest):
            if entry.carried is not None:
                doc_id = entry.carried.id
            else:
                doc_id = (entry.manifest or {}).get("id") or slugify(entry.path.stem)
            if doc_id in remove:
                continue
            if doc_id in seen:
                exc = IngestError("duplicate_id", str(entry.path), doc_id)
                finish(FileResult(str(entry.path), doc_id, "failed", exc))
                continue
            old = previous.documents.get(doc_id) if previous else None
            if entry.carried is not None:
                carried = entry.carried
                if reusable and previous is not None:
                    parts = (carried, previous.programs[doc_id], previous.chunks_of(doc_id))
                else:
                    parts = _rebuild(carried, aliases, chunk_size, overlap)
                records.append(parts[0])
                programs.append(parts[1])
                chunks.extend(parts[2])
                seen.add(doc_id)
                finish(
                    FileResult(
                        carried.path, doc_id, "unchanged", None, len(carried.pages), len(parts[2])
                    )
                )
                continue
            try:
                sha = file_sha256(entry.path) if entry.path.exists() else None
                if reusable and previous and old and sha == old.sha256:
                    records.append(replace(old, path=str(entry.path)))
                    programs.append(previous.programs[doc_id])
                    kept = previous.chunks_of(doc_id)
                    chunks.extend(kept)
                    finish(
                        FileResult(
                            str(entry.path), doc_id, "unchanged", None, len(old.pages), len(kept)
                        )
                    )
                    seen.add(doc_id)
                    continue
                bar = _page_bar(entry.path) if progress else None
                doc = load_document(entry.path, entry.manifest, progress=bar)
                report.pages_loaded += len(doc.pages)
                record, program, doc_chunks = process_document(doc, aliases, chunk_size, overlap)
                status: Status = "indexed"
                error = None
            except IngestError as exc:
                if old is None:
                    finish(FileResult(str(entry.path), doc_id, "failed", exc))
                    continue
                # keep what was indexed before, rebuilt from its stored pages
                record, program, doc_chunks = _rebuild(old, aliases, chunk_size, overlap)
                status, error = "kept", exc
            records.append(record)
            programs.append(program)
            chunks.extend(doc_chunks)
            seen.add(doc_id)
            finish(
                FileResult(
                    str(entry.path), doc_id, status, error, len(record.pages), len(doc_chunks)
                )
            )

        if previous is not None:
            for doc_id, rec in previous.documents.items():
                if doc_id not in seen:
                    finish(FileResult(rec.path, doc_id, "removed"))
        link_documents(programs, records, manifest)
        for r in report.results:
            if r.understood is not None and r.document in {p.document for p in programs}:
                prog = next(p for p in programs if p.document == r.document)
                r.understood["links"] = sum(
                    1 for s in prog.sections for x in s.links if x["document"]
                )

        if (
            reusable
            and previous is not None
            and all(r.status == "unchanged" for r in report.results)
        ):
            # nothing changed: the current version stays; no new version is written
            report.version = previous.version
            report.chunks_total = len(chunks)
            forget_documents(data_dir, remove, corpus_manifest)
            report.seconds = time.perf_counter() - t0
            return report

        te = time.perf_counter()
        vectors, embedded = embed_chunks(data_dir, embedder, chunks, progress=progress)
        report.embed_seconds = time.perf_counter() - te
        report.chunks_embedded = embedded
        report.chunks_total = len(chunks)

        meta = {
            "embedder": embedder.name,
            "dim": embedder.dim,
            "signature": signature,
            "documents": {r.id: r.sha256 for r in records},
        }
        version = write_version(
            data_dir,
            store,
            meta=meta,
            documents=records,
            programs=programs,
            chunks=chunks,
            vectors=vectors,
            glossary=glossary,
        )
        switch(data_dir, version)
        prune(data_dir, store)
        forget_documents(data_dir, remove, corpus_manifest)  # only what was asked to go
        report.version = version
    report.seconds = time.perf_counter() - t0
    return report


def embed_chunks(
    data_dir: Path, embedder: Embedder, chunks: Sequence[Chunk], progress: bool = False
) -> tuple[np.ndarray, int]:
    """Vectors for every chunk, from the cache where the same text was embedded before."""
    cache = EmbeddingCache(data_dir / "embcache.sqlite")
    try:
        texts = [c.embed_text() for c in chunks]
        known = cache.get(embedder.name, texts)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            it: Any = missing
            if progress:
                from tqdm import tqdm

                it = tqdm(missing, desc="Bäddar in avsnitt", unit="avsnitt")
            for n, text in enumerate(it, 1):
                vec = embedder.embed_passages([text])[0]
                known[text] = vec
                cache.put(embedder.name, text, vec)
                if n % CACHE_COMMIT_EVERY == 0:
                    cache.commit()  # written as it goes: a killed ingest keeps what it embedded
            cache.commit()
        dim = embedder.dim
        vectors = (
            np.stack([known[t] for t in texts]).astype(np.float32)
            if texts
            else np.zeros((0, dim), dtype=np.float32)
        )
        return vectors, len(missing)
    finally:
        cache.close()


def _page_bar(path: Path) -> Callable[[int, int], None]:
    """A progress bar for long PDFs, shown only past a few pages."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 20:
            return
        if "bar" not in state:
            from tqdm import tqdm

            state["bar"] = tqdm(total=total, desc=path.name, unit="sida")
        state["bar"].update(done - state["bar"].n)
        if done == total:
            state["bar"].close()

    return update
