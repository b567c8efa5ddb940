"""Build the answer engine from Settings (the one place that maps settings to its parts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.messages import Messages
from service.engine.answer import AnswerEngine
from service.engine.llm import LazyChatModel, load_prompts, make_chat_model
from styrdok.settings import Settings
from styrdok.wiring import build_embedder, build_store, data_dir


def build_chat_model(settings: Settings) -> Any:
    """The chat model named by STYRDOK_LLM, built on first use; None when no LLM is set."""
    if not settings.llm:
        return None
    spec, base_url, key, timeout = (
        settings.llm,
        settings.llm_base_url,
        settings.llm_api_key,
        settings.llm_timeout_s,
    )
    return LazyChatModel(lambda: make_chat_model(spec, base_url, key, timeout))


def build_engine(
    settings: Settings,
    chat_model: Any = None,
    wrap_embedder: Callable[[Embedder], Embedder] | None = None,
) -> AnswerEngine:
    """Open the current index and build the engine once; reuse it for every question.
    `wrap_embedder`: what the server puts around the embedder (service.web.lanes)."""
    snapshot = Snapshot.open(data_dir(settings), build_store(settings))
    messages = Messages.load(settings.prompts_dir)
    prompts = load_prompts(settings.prompts_dir)  # validated at start, LLM or not
    embedder = build_embedder(settings)
    return AnswerEngine(
        snapshot,
        wrap_embedder(embedder) if wrap_embedder else embedder,
        messages,
        chat_model=chat_model if chat_model is not None else build_chat_model(settings),
        max_question_chars=settings.max_question_chars,
        prompts=prompts,
        llm_timeout_s=settings.llm_timeout_s,
        abstain_threshold=settings.abstain_threshold,
    )
