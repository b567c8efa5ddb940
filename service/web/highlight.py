"""Find a cited quote in page text, tolerant of line breaks and repeated spaces."""

from __future__ import annotations

import re

_MAX_QUOTE = 2000


def _search(text: str, quote: str) -> tuple[int, int] | None:
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """[start, end) of `quote` in `text`, where any run of whitespace matches any other.

    A quote shortened with an ellipsis is found by its longest fragment.
    """
    quote = quote[:_MAX_QUOTE]
    found = _search(text, quote)
    if found or "…" not in quote:
        return found
    fragments = sorted((f.strip() for f in quote.split("…")), key=len, reverse=True)
    return _search(text, fragments[0]) if fragments and len(fragments[0]) >= 12 else None
