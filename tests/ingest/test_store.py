"""The chroma vector store: embedded under the data dir, or a real `chroma run` server."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.embedders import Embedder
from ingest.index import Snapshot, collection_name
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore, make_store
from styrdok.wiring import build_store
from tests.conftest import make_settings
from tests.ingest.fixture_docs import make_corpus, write_program, write_topic_note

pytestmark = pytest.mark.integration


def _unit(i: int, dim: int = 8) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[i] = 1.0
    return v


def _exercise(store: ChromaStore, name: str) -> None:
    vectors = np.stack([_unit(0), _unit(1), (_unit(0) + _unit(1)) / np.sqrt(2)]).astype(np.float32)
    store.create(name, {"embedder": "test:unit"})
    store.add(name, ["a", "b", "ab"], vectors, [{"document": "d", "section": s} for s in "xyz"])
    assert name in store.names()
    hits = store.query(name, _unit(0), 3)
    assert [h[0] for h in hits] == ["a", "ab", "b"]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)  # cosine similarity, not distance
    assert hits[1][1] == pytest.approx(np.sqrt(0.5), abs=1e-4)
    assert hits[2][1] == pytest.approx(0.0, abs=1e-5)
    assert [h[0] for h in store.query(name, _unit(1), 1)] == ["b"]
    # create() replaces a collection of the same name
    store.create(name, {"embedder": "test:unit"})
    store.add(name, ["c"], _unit(2)[None, :], [{"document": "d", "section": ""}])
    assert [h[0] for h in store.query(name, _unit(0), 5)] == ["c"]
    store.delete(name)
    assert name not in store.names()
    store.delete(name)  # deleting what is gone is fine


def test_embedded_store(tmp_path: Path) -> None:
    _exercise(ChromaStore.embedded(tmp_path / "chroma"), "styrdok-test-embedded")
    assert (tmp_path / "chroma").is_dir()


def test_server_store(chroma_server: tuple[str, int]) -> None:
    host, port = chroma_server
    _exercise(ChromaStore.server(host, port), "styrdok-test-server")


def test_settings_pick_the_server(tmp_path: Path, chroma_server: tuple[str, int]) -> None:
    host, port = chroma_server
    settings = make_settings(tmp_path / "data", chroma_host=host, chroma_port=port)
    store = build_store(settings)
    assert isinstance(store, ChromaStore)
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded under the data dir
    name = "styrdok-test-settings"
    store.create(name, {"memo_embedder": "x"})
    assert name in ChromaStore.server(host, port).names()
    store.delete(name)


def test_ingest_and_query_through_the_server(
    tmp_path: Path, chroma_server: tuple[str, int], memo_embedder: Embedder
) -> None:
    host, port = chroma_server
    corpus = make_corpus(tmp_path / "corpus")
    program = write_program(corpus / "trygghet.txt")
    settings = make_settings(
        tmp_path / "data", corpus_dir=corpus, chroma_host=host, chroma_port=port
    )
    data = settings.resolved_data_dir()
    report = run_ingest(
        data, build_store(settings), memo_embedder, corpus_dir=corpus, paths=[program], mode="add"
    )
    assert report.ok and report.version
    # a new client, as a server process would open it
    snap = Snapshot.open(data, make_store(data, host, port))
    assert snap.meta["collection"] in ChromaStore.server(host, port).names()
    hits = snap.dense(memo_embedder.embed_query("Avgiftsfria lovaktiviteter för alla barn"), k=3)
    assert snap.chunks[hits[0][0]].section == "2.1"
    lex = snap.lexical("belysning gång- och cykelvägar", k=3)
    assert snap.chunks[lex[0][0]].section == "1.1"


def test_two_data_dirs_sharing_a_server_do_not_collide(
    tmp_path: Path, chroma_server: tuple[str, int], memo_embedder: Embedder
) -> None:
    host, port = chroma_server
    corpus = make_corpus(tmp_path / "corpus")
    note_a = write_topic_note(corpus / "lasning.txt", "läsfrämjande")
    note_b = write_topic_note(corpus / "idrott.txt", "spontanidrott")
    dirs = [tmp_path / "a", tmp_path / "b"]
    for data, note in zip(dirs, (note_a, note_b), strict=True):
        report = run_ingest(
            data,
            ChromaStore.server(host, port),
            memo_embedder,
            corpus_dir=corpus,
            paths=[note],
            mode="add",
        )
        assert report.ok
    snaps = [Snapshot.open(d, ChromaStore.server(host, port)) for d in dirs]
    assert snaps[0].version != snaps[1].version
    assert collection_name(dirs[0], "v") != collection_name(dirs[1], "v")
    assert snaps[0].meta["collection"] != snaps[1].meta["collection"]
    # re-ingest b twice (so its old versions get pruned); a keeps answering
    for topic in ("läsfrämjande", "spontanidrott"):
        write_topic_note(note_b, topic)
        run_ingest(
            dirs[1],
            ChromaStore.server(host, port),
            memo_embedder,
            corpus_dir=corpus,
            paths=[note_b],
            mode="add",
        )
    names = ChromaStore.server(host, port).names()
    assert snaps[0].meta["collection"] in names
    assert snaps[1].meta["collection"] not in names  # b's first version was pruned
    a = Snapshot.open(dirs[0], ChromaStore.server(host, port))
    assert a.version == snaps[0].version
    assert set(a.documents) == {"lasning"}
    hits = a.dense(memo_embedder.embed_query("läsfrämjande"), k=10)
    assert hits and all(a.chunks[i].document == "lasning" for i, _ in hits)
    b = Snapshot.open(dirs[1], ChromaStore.server(host, port))
    assert set(b.documents) == {"idrott"}
    assert "spontanidrott" in b.chunks[0].text
    assert b.version not in (snaps[1].version, snaps[0].version)
