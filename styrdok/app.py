"""The app factory: the HTTP app over the engine that Settings describe."""

from __future__ import annotations

from fastapi import FastAPI

from service.engine.answer import AnswerEngine
from service.web.app import build_app
from styrdok.engine import build_engine
from styrdok.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    def engine_factory() -> AnswerEngine:
        return build_engine(settings)

    return build_app(settings, engine_factory)
