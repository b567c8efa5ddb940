"""Lists inside a section (related documents, grouped under sub-headings), and matching a listed
document to a document of the corpus by title similarity."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from ..models import Span
from ..text import fold
from .headings import similar
from .lines import Line, starts_lower

BULLET_RE = re.compile(r"^(?:[•●▪‣◦\-–*]|e|o)\s+(\S.*)$")
_YEARS_RE = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)?\d\d)?\b")
_CONTAINED = 0.9
_FILLER = frozenset({"umea", "kommun", "kommuns", "i", "for", "av", "och", "om", "mot", "det"})


def groups(lines: list[Line], title: str) -> tuple[dict[str, list[str]], dict[str, list[Span]]]:
    """Bulleted lists inside an other-section, grouped under their sub-headings."""
    found: dict[str, list[str]] = {}
    spans: dict[str, list[Span]] = {}
    body = [ln for ln in lines if not ln.blank]
    if not any(BULLET_RE.match(ln.stripped) for ln in body):
        return found, spans
    key_word = fold(title).split()[0] if title.strip() else ""
    name = title
    bulleted: dict[str, bool] = {}
    prev_was_item = False
    for k, ln in enumerate(body):
        text = ln.stripped
        bullet = BULLET_RE.match(text)
        if bullet:
            found.setdefault(name, []).append(bullet.group(1).strip())
            spans.setdefault(name, []).append(ln.span())
            bulleted[name] = True
            prev_was_item = True
            continue
        nxt = body[k + 1].stripped if k + 1 < len(body) else ""
        names_section = bool(key_word) and any(similar(key_word, w) for w in fold(text).split())
        # blank lines are not relied on: PDF extraction drops them
        wraps = (
            prev_was_item
            and not names_section
            and (starts_lower(text) or bulleted.get(name, False))
        )
        is_heading = not text.endswith(".") and (
            names_section or (not prev_was_item and bool(BULLET_RE.match(nxt)))
        )
        if wraps and found.get(name):
            found[name][-1] += " " + text  # a list item wrapped onto the next line
            last = spans[name][-1]
            spans[name][-1] = Span(last.page, last.start, ln.span().end)
        elif is_heading:
            name = text
            found.setdefault(name, [])
            spans.setdefault(name, []).append(ln.span())
            prev_was_item = False
        elif name in found and not text.endswith("."):
            found[name].append(text)  # an unbulleted list item
            spans.setdefault(name, []).append(ln.span())
            prev_was_item = True
        else:
            prev_was_item = False
    found = {k: v for k, v in found.items() if v}
    spans = {k: spans[k] for k in found}
    return found, spans


def _core(title: str) -> str:
    """A title's distinctive words: folded, years and filler words left out."""
    words = re.findall(r"\w+", fold(_YEARS_RE.sub(" ", title)))
    return " ".join(w for w in words if w not in _FILLER)


def title_similarity(a: str, b: str) -> float:
    """How alike two document titles are, 0..1: the better of the whole titles and their
    distinctive words (so 'Umeå kommuns handlingsplan mot barnfattigdom' matches
    'Handlingsplan mot barnfattigdom 2024–2026')."""
    fa, fb = fold(a), fold(b)
    ca, cb = _core(a), _core(b)
    whole = SequenceMatcher(None, fa, fb).ratio()
    core = SequenceMatcher(None, ca, cb).ratio() if ca and cb else 0.0
    # every distinctive word of the shorter title in the longer ("Handlingsplan mot våld" in
    # "Handlingsplan mot våld i nära relationer"): a match, a little below an identical title
    short, long_ = sorted((set(ca.split()), set(cb.split())), key=len)
    contained = _CONTAINED if len(short) >= 2 and short <= long_ else 0.0
    return max(whole, core, contained)


def match_links(
    items: Sequence[str], documents: Sequence[dict[str, Any]], threshold: float, own: str
) -> list[dict[str, Any]]:
    """Each listed item with the corpus document it names (title or alias) and the score;
    `document` is None below the threshold. A document never links to itself."""
    out: list[dict[str, Any]] = []
    for text in items:
        best, score = None, 0.0
        for d in documents:
            if d["id"] == own:
                continue
            for name in [d.get("title") or "", *(d.get("aliases") or [])]:
                s = title_similarity(text, name) if name else 0.0
                if s > score:
                    best, score = d["id"], s
        out.append(
            {
                "text": text,
                "document": best if score >= threshold else None,
                "score": round(score, 3),
            }
        )
    return out
