"""What `styrdok ingest` does before it reads documents: restore withdrawn manifest documents
(`--restore ID`) and sweep what a killed ingest or upload left behind, saying what it removed."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ingest.messages import Messages
from ingest.recovery import describe, sweep
from ingest.registry import Registry
from ingest.store import VectorStore
from styrdok.settings import Settings
from styrdok.wiring import build_store, data_dir


def prepare_ingest(settings: Settings, restore: Sequence[str], msgs: Messages) -> None:
    root = data_dir(settings)
    for doc_id in restore:
        Registry(root).restore(doc_id)
    indexed: dict[str, str] = {}
    store: VectorStore | None = None
    try:
        from ingest.index import Snapshot

        store = build_store(settings)
        snap = Snapshot.open(root, store)
        indexed = {d.path: d.id for d in snap.documents.values()}
    except Exception:  # noqa: BLE001 - no index yet: nothing can be adopted, leftovers still go
        store = None if settings.chroma_host else build_store(settings)
    for item in sweep(root, store, indexed):
        print(describe(msgs, item), file=sys.stderr)
