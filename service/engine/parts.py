"""Two questions in one ("Vem ansvarar för 4.3 och vilket fokusområde hör det till?"): each part
answered in turn through the engine, the first as the second's conversation, and one answer
made of both (reading/clauses.py splits the question)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Answer
from .turn import Result
from .understand import understand

if TYPE_CHECKING:
    from .answer import AnswerEngine

MAX_HISTORY = 4  # earlier user turns a question is read against


def in_parts(
    engine: AnswerEngine,
    q: str,
    parts: list[str],
    users: tuple[str, ...],
    caller: tuple[str, ...] | None,
) -> Result:
    """Two questions in one: each answered in turn, the first as the second's conversation.
    When neither part gets an answer, the question is answered whole."""
    first = engine.respond(parts[0], users, caller)
    second = engine.respond(parts[1], (*users, parts[0])[-MAX_HISTORY:], caller)
    answered = [r for r in (first, second) if not r.answer.abstained]
    if not answered or (len(answered) == 1 and answered[0].answer.mode != "structured"):
        # one part has no answer and the other only a quoted passage: the question whole
        return engine.over_scope(q, users, caller)
    if (
        not first.answer.abstained
        and second.answer.mode != "structured"
        and not understand(parts[1], engine.corpus.glossary).residual
    ):
        # "… och vilka är de?": the first part's answer already names them
        return first
    if (
        first.answer.mode == "structured"
        and not first.answer.abstained
        and second.answer.abstained
        and understand(parts[1], engine.corpus.glossary).anaphora
    ):
        # "… och vilka nummer har de?": a part about the first's items that finds nothing
        # more to say; the first part's answer names them
        return first
    a1, a2 = first.answer, second.answer
    answer = Answer(
        text=a1.text + "\n\n" + a2.text,
        citations=[*a1.citations, *[c for c in a2.citations if c not in a1.citations]],
        abstained=False,
        mode=answered[0].answer.mode,
        confidence=min(r.answer.confidence for r in answered),
        owners=next((r.answer.owners for r in answered if r.answer.owners), None),
        sections=list(dict.fromkeys([*a1.sections, *a2.sections])),
        language=a1.language,
        scope=list(dict.fromkeys([*a1.scope, *a2.scope])),
        owners_by_document=a1.owners_by_document or a2.owners_by_document,
    )
    result = Result(
        answer,
        answered[0].kind,
        list(dict.fromkeys([*first.sections, *second.sections])),
        list(dict.fromkeys([*first.bodies, *second.bodies])),
        list(dict.fromkeys([*first.documents, *second.documents])),
        first.named or second.named,
    )
    return result
