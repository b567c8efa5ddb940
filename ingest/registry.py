"""The uploads registry: documents uploaded through the admin API, kept in SQLite under the data
dir, so that every ingest (CLI or API) indexes the union of the manifest and the uploads.

    <data_dir>/uploads.sqlite     one row per upload: id, stored file, original name, title
    <data_dir>/uploads/<id><ext>  the file itself (named by its id, never by the user's name)

Ids are unique: the user's file name is transliterated to ASCII (`名前.txt` -> `mingqian`),
shortened at a word, and suffixed (`-2`, `-3` …) when the id is taken. An upload leaves the
registry only when it is asked to be removed (`styrdok ingest --remove ID`, the admin DELETE).
A manifest document removed that way is recorded as withdrawn, so a restart (whose plain
`styrdok ingest` reads the manifest) does not bring it back; `styrdok ingest --restore ID` does.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import slugify

MAX_ID_CHARS = 60
# longer file names are refused: no file system stores much more, and no person types them
MAX_NAME_CHARS = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    original_name TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS withdrawn (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Upload:
    id: str
    file: str  # name under <data_dir>/uploads/
    original_name: str
    title: str
    created: float


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


def registry_path(data_dir: Path) -> Path:
    return data_dir / "uploads.sqlite"


def base_id(filename: str) -> str:
    """The id a file name asks for: ASCII, lowercase, hyphens, at most MAX_ID_CHARS."""
    from anyascii import anyascii

    stem = Path(filename).stem
    slug = slugify(anyascii(stem))
    if len(slug) > MAX_ID_CHARS:
        cut = slug[: MAX_ID_CHARS + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_ID_CHARS // 2 :] else cut[:MAX_ID_CHARS]
        slug = slug.strip("-")
    return slug or "dokument"


def unique_id(filename: str, taken: Iterable[str]) -> str:
    """`base_id(filename)`, suffixed with -2, -3 … until no document has it."""
    used = set(taken)
    base = base_id(filename)
    if base not in used:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID_CHARS - len(suffix)].rstrip("-") + suffix
        if candidate not in used:
            return candidate
        n += 1


def clean_title(filename: str) -> str:
    """The title an upload is shown with: its name without extension, control characters out."""
    stem = Path(filename).stem
    return re.sub(r"[\x00-\x1f\x7f]+", " ", stem).strip() or filename


class Registry:
    """The uploads of one data dir. Safe across processes (SQLite); callers that allocate an
    id and write its file hold the data dir's ingest lock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = registry_path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), timeout=30)

    @property
    def files_dir(self) -> Path:
        return uploads_dir(self.data_dir)

    def all(self) -> list[Upload]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT id, file, original_name, title, created FROM uploads ORDER BY created, id"
            ).fetchall()
        return [Upload(*row) for row in rows]

    def get(self, doc_id: str) -> Upload | None:
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT id, file, original_name, title, created FROM uploads WHERE id = ?",
                (doc_id,),
            ).fetchone()
        return Upload(*row) if row else None

    def ids(self) -> set[str]:
        return {u.id for u in self.all()}

    def add(self, doc_id: str, file: str, original_name: str, title: str | None = None) -> Upload:
        upload = Upload(
            doc_id, file, original_name, title or clean_title(original_name), time.time()
        )
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO uploads (id, file, original_name, title, created)"
                " VALUES (?, ?, ?, ?, ?)",
                (upload.id, upload.file, upload.original_name, upload.title, upload.created),
            )
        return upload

    def remove(self, doc_id: str, delete_file: bool = True) -> bool:
        upload = self.get(doc_id)
        if upload is None:
            return False
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM uploads WHERE id = ?", (doc_id,))
        if delete_file:
            (self.files_dir / upload.file).unlink(missing_ok=True)
        return True

    def withdraw(self, doc_id: str) -> None:
        """A manifest document the operator removed: later ingests leave it out."""
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO withdrawn (id, created) VALUES (?, ?)",
                (doc_id, time.time()),
            )

    def restore(self, doc_id: str) -> bool:
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM withdrawn WHERE id = ?", (doc_id,)).rowcount > 0

    def withdrawn(self) -> set[str]:
        with closing(self._connect()) as db:
            return {row[0] for row in db.execute("SELECT id FROM withdrawn")}

    def file_of(self, upload: Upload) -> Path:
        return self.files_dir / upload.file

    def manifest_entries(self) -> list[dict[str, Any]]:
        """The uploads as manifest entries (absolute `file`), for the ingest pipeline."""
        return [
            {
                "id": u.id,
                "file": str(self.file_of(u).resolve()),
                "title": u.title,
                "kind": "dokument",
                "uploaded_as": u.original_name,
            }
            for u in self.all()
        ]


def union_manifest(manifest: list[dict[str, Any]], data_dir: Path) -> list[dict[str, Any]]:
    """The manifest's documents (less those withdrawn) and the uploads: what an ingest indexes."""
    if not registry_path(data_dir).exists():
        return list(manifest)
    reg = Registry(data_dir)
    withdrawn = reg.withdrawn()
    return [m for m in manifest if m.get("id") not in withdrawn] + reg.manifest_entries()


def forget_documents(data_dir: Path, ids: Iterable[str], manifest: list[dict[str, Any]]) -> None:
    """After an ingest that removed `ids`: uploads leave the registry (and their files go),
    manifest documents are recorded as withdrawn."""
    ids = list(ids)
    if not ids:
        return
    in_manifest = {m.get("id") for m in manifest}
    reg = Registry(data_dir)
    for doc_id in ids:
        if not reg.remove(doc_id) and doc_id in in_manifest:
            reg.withdraw(doc_id)


def default_document(manifest: list[dict[str, Any]]) -> str | None:
    """The deployment's default document: the manifest entry marked `"default": true`, else
    the first entry; None for an empty manifest."""
    marked = [m["id"] for m in manifest if m.get("default") is True and m.get("id")]
    if marked:
        return str(marked[0])
    return str(manifest[0]["id"]) if manifest and manifest[0].get("id") else None
