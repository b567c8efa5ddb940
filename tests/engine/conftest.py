"""The engine over the real index of corpus/ and its parsed program, shared by the engine's
integration tests (a module may define its own `engine`, as the multi-document one does)."""

from __future__ import annotations

import pytest

from ingest.index import Snapshot
from ingest.models import Program
from service.engine.answer import AnswerEngine
from styrdok.engine import build_engine
from styrdok.settings import Settings


@pytest.fixture(scope="module")
def engine(corpus_settings: Settings) -> AnswerEngine:
    return build_engine(corpus_settings)


@pytest.fixture(scope="module")
def program(corpus_snapshot: Snapshot) -> Program:
    return next(p for p in corpus_snapshot.programs.values() if p.sub_goals)
