"""The document's footnotes by their number: "Vad står det i fotnot 1?"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reading import lexicon as lx
from ..reading.asks import has

if TYPE_CHECKING:
    from ..turn import Answering, Result


def footnote(a: Answering) -> Result | None:
    """'Vad står det i fotnot 1?': the document's footnotes, in order, by their number."""
    if not has(a.p.folded, lx.FOOTNOTE_WORDS):
        return None
    notes = [
        i
        for i, ch in enumerate(a.c.snapshot.chunks)
        if ch.kind == "footnote" and (a.c.document is None or ch.document == a.c.document)
    ]
    if not notes:
        return None
    n = next((int(t) for t in a.p.tokens if t.isdigit() and len(t) <= 2), None)
    picked = notes if n is None else notes[n - 1 : n]
    units = [u for i in picked for u in a.c.units(i) if u.kind != "heading"]
    if not units:
        return None
    return a.result(a.q._render_extract(units, 1.0), "open")
