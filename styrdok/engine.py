"""Build the answer engine from Settings."""

from __future__ import annotations

from ingest.index import Snapshot
from ingest.messages import Messages
from service.answer import AnswerEngine
from styrdok.settings import Settings
from styrdok.wiring import build_embedder, build_store, data_dir


def build_engine(settings: Settings) -> AnswerEngine:
    snapshot = Snapshot.open(data_dir(settings), build_store(settings))
    return AnswerEngine(
        snapshot,
        build_embedder(settings),
        Messages.load(settings.prompts_dir),
        max_question_chars=settings.max_question_chars,
    )
