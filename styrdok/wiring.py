"""Composition: build the backends named in Settings. The only place that maps settings to parts."""

from __future__ import annotations

from pathlib import Path

from ingest.embedders import Embedder, make_embedder
from ingest.store import ChromaStore, make_store
from styrdok.settings import Settings


def data_dir(settings: Settings) -> Path:
    path = settings.resolved_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def build_embedder(settings: Settings) -> Embedder:
    return make_embedder(
        settings.embedder,
        settings.embedder_model,
        settings.embedder_threads,
        settings.max_query_tokens,
    )


def build_store(settings: Settings) -> ChromaStore:
    return make_store(data_dir(settings), settings.chroma_host, settings.chroma_port)
