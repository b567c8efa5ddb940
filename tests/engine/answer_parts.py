"""What engine tests read off an answer or the parsed program: the quoted text of its
citations, and a section's owners."""

from __future__ import annotations

from ingest.models import Program
from service.engine.models import Answer


def quotes(a: Answer) -> str:
    """Every citation's quote, whitespace collapsed, in one string."""
    return " ".join(" ".join(c.quote.split()) for c in a.citations)


def owners_of(program: Program, sid: str) -> set[str]:
    """The abbreviations of the bodies responsible for section `sid`."""
    sec = program.section(sid)
    assert sec is not None
    return {o.abbreviation for o in sec.owners}
