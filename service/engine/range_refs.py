"""Sections a quoted sentence names by a range of its own document's level ("Kriterium 1–3
måste vara uppfyllda …"): their headings, so the answer says which ones they are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .corpus import Corpus
    from .extractive import Unit

_MAX_RANGE = 9  # "Kriterium 1–3", not a span of years


def headings_of_ranges(corpus: Corpus, units: Sequence[Unit]) -> list[Unit]:
    """The heading units of the sections the sentences name as "<level> N–M" of their
    document, in order, leaving out those already quoted."""
    out: list[Unit] = []
    for u in units:
        prog = corpus.by_document.get(u.document) if u.kind == "sentence" else None
        for level in prog.levels if prog is not None else []:
            pattern = rf"\b{re.escape(level)}\s+(\d{{1,2}})\s*[–—-]\s*(\d{{1,2}})\b"
            for m in re.finditer(pattern, u.text, re.IGNORECASE):
                first, last = int(m.group(1)), int(m.group(2))
                if not first < last <= first + _MAX_RANGE:
                    continue
                for n in range(first, last + 1):
                    sec = corpus.section(str(n), u.document)
                    head = (
                        next((h for h in corpus.section_units(sec) if h.kind == "heading"), None)
                        if sec is not None
                        else None
                    )
                    if head is not None and head not in units and head not in out:
                        out.append(head)
    return out
