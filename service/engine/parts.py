"""Two questions in one ("Vem ansvarar för 4.3 och vilket fokusområde hör det till?"): each part
answered in turn through the engine, the first as the second's conversation, and one answer
made of both (reading/clauses.py splits the question)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Answer
from .reading.scope import resolve_scope
from .scoping import doc_infos
from .turn import Result
from .understand import understand

if TYPE_CHECKING:
    from .answer import AnswerEngine

MAX_HISTORY = 4  # earlier user turns a question is read against
MAX_SHARED_DOCUMENTS = 2  # a first part answered from more documents gives the second none


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
    history = (*users, parts[0])[-MAX_HISTORY:]
    second = None
    within = _documents_of(engine, first, parts[1], caller)
    if within:
        # "Hur stor andel … ska vara inventerade 2027, och hur stor var andelen 2023?": the
        # second part is about the document(s) the first was answered from
        second = engine.respond(parts[1], history, within)
        if second.answer.abstained:
            second = None
    if second is None:
        second = engine.respond(parts[1], history, caller)
    answered = [r for r in (first, second) if not r.answer.abstained]
    if not answered or (len(answered) == 1 and answered[0].answer.mode != "structured"):
        # one part has no answer and the other only a quoted passage: the question whole
        return engine.over_scope(q, users, caller)
    if (
        not first.answer.abstained
        and second.answer.mode != "structured"
        and (
            not understand(parts[1], engine.corpus.glossary).residual
            or {c.quote for c in second.answer.citations}
            <= {c.quote for c in first.answer.citations}
        )
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


def _documents_of(
    engine: AnswerEngine, first: Result, second: str, caller: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The few documents the first part was answered from, when the second part names none
    and the caller allows more; else None."""
    docs = tuple(dict.fromkeys(c.document for c in first.answer.citations if c.document))
    docs = docs or tuple(first.answer.scope or first.documents)  # a list from the manifest
    if first.answer.abstained or not docs or len(docs) > MAX_SHARED_DOCUMENTS:
        return None
    allowed = caller or tuple(engine.corpus.snapshot.documents)
    if len(allowed) <= len(docs) or not set(docs) <= set(allowed):
        return None
    infos = doc_infos(engine.corpus.snapshot, list(allowed))
    if resolve_scope(second, infos, None, joined_compounds=True).documents:
        return None  # "… och vad säger handlingsplanen?": the second part names its own
    return docs
