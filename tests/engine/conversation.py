"""Asking a question after earlier ones, as the chat does: each earlier question and its
answer go into the history of the next."""

from __future__ import annotations

from service.engine.answer import AnswerEngine
from service.engine.models import Answer, Turn


def ask(engine: AnswerEngine, *questions: str) -> Answer:
    history: list[Turn] = []
    for q in questions[:-1]:
        history += [Turn("user", q), Turn("assistant", engine.answer(q, history).text)]
    return engine.answer(questions[-1], history)
