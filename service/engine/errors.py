"""Swedish wording for known errors, shared by the CLI and the HTTP API."""

from __future__ import annotations

from ingest.errors import IndexMismatchError, IngestError, NoIndexError
from ingest.messages import Messages

from .models import QuestionError


def error_text(msgs: Messages, exc: Exception) -> str:
    """The Swedish message for a known error (ingest, index or question)."""
    if isinstance(exc, IngestError):
        key = f"errors.{exc.code}"
        if msgs.has(key):
            return msgs.render(key, path=exc.path, detail=exc.detail)
        return str(exc)
    if isinstance(exc, NoIndexError):
        return msgs.render("errors.no_index", path=str(exc))
    if isinstance(exc, IndexMismatchError):
        return msgs.render("errors.index_mismatch", built_with=exc.built_with, asked=exc.asked)
    if isinstance(exc, QuestionError):
        key = f"errors.{exc.code}"
        if msgs.has(key):
            return msgs.render(key, **exc.params)
        return str(exc)
    return str(exc)
