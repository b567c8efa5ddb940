"""Two named sections set side by side: "Hur hänger 1.2 och 2.3 ihop?", "Vad är skillnaden
mellan 1.2 och 2.3?", "Bygger 1.2 och 2.3 på samma underlag?". Each section is quoted in its own
words — the sentences that name what it builds on first — so the asker sees both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.models import Section

from ..models import Answer

if TYPE_CHECKING:
    from ..turn import Answering


def side_by_side(a: Answering, secs: list[Section]) -> Answer:
    from .structure import names_a_document

    parts: list[Answer] = []
    for sec in secs:
        units = [u for u in a.c.section_units(sec) if u.kind == "sentence"]
        naming = [u for u in units if names_a_document(u.text)]
        parts.append(a.s.section_quote(sec, (naming or units)[:2]))
    answer = parts[0]
    answer.text = "\n".join(p.text for p in parts)
    answer.citations = [c for p in parts for c in p.citations]
    answer.sections = [s.id for s in secs]
    return answer
