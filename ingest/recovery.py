"""The start-up sweep: what a killed ingest or upload left behind, removed, and said.

Under the data dir's ingest lock, taken without waiting (an ingest that runs now owns its
temporary files; the sweep then does nothing):
- `versions/.tmp-*` (a version being written) and `.CURRENT.*` (a switch being made);
- chroma collections of this data dir whose version is not complete on disk;
- `uploads/.incoming-*` (an upload being received);
- registry rows whose file is gone; files in `uploads/` the registry does not know — adopted
  into it when the current index holds them (uploads from before the registry), else removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from dataclasses import dataclass
from pathlib import Path

from .index import collection_name, current_version
from .messages import Messages
from .registry import Registry, uploads_dir
from .store import VectorStore


@dataclass(frozen=True)
class Swept:
    kind: str  # collection | version | temp | upload | registry | adopted
    name: str
    document: str = ""


def _complete_versions(data_dir: Path) -> set[str]:
    vdir = data_dir / "versions"
    if not vdir.is_dir():
        return set()
    return {p.name for p in vdir.iterdir() if (p / "meta.json").exists()}


def sweep(
    data_dir: Path, store: VectorStore | None, indexed: dict[str, str] | None = None
) -> list[Swept]:
    """Remove leftovers; `indexed` maps the current index's file paths to document ids."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / ".ingest.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        try:
            return _sweep(data_dir, store, indexed or {})
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sweep(data_dir: Path, store: VectorStore | None, indexed: dict[str, str]) -> list[Swept]:
    out: list[Swept] = []
    vdir = data_dir / "versions"
    if vdir.is_dir():
        for p in vdir.iterdir():
            if p.name.startswith(".tmp-"):
                shutil.rmtree(p, ignore_errors=True)
                out.append(Swept("version", p.name[5:]))
    for p in data_dir.glob(".CURRENT.*"):
        p.unlink(missing_ok=True)
        out.append(Swept("temp", p.name))
    if store is not None:
        prefix = collection_name(data_dir, "")
        keep = {collection_name(data_dir, v) for v in _complete_versions(data_dir)}
        cur = current_version(data_dir)
        if cur:
            keep.add(collection_name(data_dir, cur))
        with contextlib.suppress(Exception):  # a chroma server that is down: next time
            for name in store.names():
                if name.startswith(prefix) and name not in keep:
                    store.delete(name)
                    out.append(Swept("collection", name))
    folder = uploads_dir(data_dir)
    if not folder.is_dir():
        return out
    for p in folder.glob(".incoming-*"):
        p.unlink(missing_ok=True)
        out.append(Swept("upload", p.name))
    reg = Registry(data_dir)
    files = {u.file: u for u in reg.all()}
    for name, upload in files.items():
        if not (folder / name).is_file():
            reg.remove(upload.id, delete_file=False)
            out.append(Swept("registry", name, upload.id))
    for p in sorted(folder.iterdir()):
        if p.name in files or not p.is_file() or p.name.startswith("."):
            continue
        doc_id = indexed.get(str(p.resolve()))
        if doc_id is not None and reg.get(doc_id) is None:
            reg.add(doc_id, p.name, p.name)  # indexed before the registry existed: kept
            out.append(Swept("adopted", p.name, doc_id))
            continue
        p.unlink(missing_ok=True)  # written by an upload that never finished
        out.append(Swept("upload", p.name))
    return out


def describe(msgs: Messages, item: Swept) -> str:
    """The Swedish line an operator reads for a removed (or adopted) leftover."""
    if item.kind == "adopted":
        return msgs.render("startup.adopted_upload", name=item.name, document=item.document)
    what = msgs.render(f"startup.swept_{item.kind}", name=item.name, document=item.document)
    return msgs.render("startup.swept", what=what)
