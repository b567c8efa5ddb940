"""The app factory: the HTTP app over the engine that Settings describe."""

from __future__ import annotations

from fastapi import FastAPI

from service.engine.answer import AnswerEngine
from service.web.app import build_app
from service.web.engine_holder import warm
from service.web.lanes import LaneEmbedder, RetrievalLane
from styrdok.engine import build_engine
from styrdok.settings import Settings


def create_app(settings: Settings, warm_engine: bool = False) -> FastAPI:
    """`warm_engine`: pay every engine's first-use costs before it answers (`styrdok serve`)."""
    # the engine's question embeddings go through the server's retrieval lane (two lanes)
    lane = RetrievalLane(settings.answer_threads, settings.answer_queue)

    def engine_factory() -> AnswerEngine:
        engine = build_engine(settings, wrap_embedder=lambda e: LaneEmbedder(e, lane))
        if warm_engine:
            warm(engine)
        return engine

    return build_app(settings, engine_factory, lane)
