"""Two questions in one: "Vem ansvarar för det, och vilket fokusområde hör det till?".

A question splits where "och" / "samt" / "and" (or a question mark) is followed by the opening of
a new question (prompts/data/lexicon.toml [clause_openers]): a question word, or a verb with
"det" / "någon" ("finns det", "gäller det"). Each part must keep a few words, so "KS och TN" or
"barn och unga" never split. The engine answers the parts in turn, the first as the second's
conversation, so "det" in the second part is what the first was about.
"""

from __future__ import annotations

import re

from ingest.text import fold

from . import lexicon as lx

_JOINERS = {"och", "samt", "and"}
_MIN_WORDS = 3


def split_clauses(question: str) -> list[str]:
    """The question's parts (one part when it asks one thing)."""
    tokens = list(re.finditer(r"\S+", question))
    cut = None
    for i, m in enumerate(tokens):
        word = fold(m.group(0)).strip(",;:")
        if i == 0:
            continue
        prev = tokens[i - 1].group(0)
        if word in _JOINERS:
            start = i + 1
        elif prev.endswith("?"):
            start = i
        else:
            continue
        if start >= len(tokens):
            continue
        ahead = " " + " ".join(fold(t.group(0)).strip(",;:?") for t in tokens[start : start + 3])
        openers = lx.CLAUSE_OPENERS
        if word in _JOINERS and prev.endswith(","):
            # ", och är Ultra med där?": after a comma a yes/no question opens with its verb
            openers = openers + lx.CLAUSE_OPENERS_AFTER_COMMA
        if not prev.endswith("?") and not any(ahead.startswith(" " + o) for o in openers):
            continue
        if i < _MIN_WORDS or len(tokens) - start < _MIN_WORDS:
            continue
        cut = (m.start() if word in _JOINERS else m.start(), tokens[start].start())
        break
    if cut is None:
        return [question]
    first = question[: cut[0]].rstrip(" ,;")
    second = question[cut[1] :].strip()
    if not first.endswith("?"):
        first += "?"
    return [first, second[:1].upper() + second[1:]]


def without_own_document(q: str) -> str:
    """The question less its words for the document asked of ("the document", "dokumentet"):
    no search words, or "Relaterade dokument" would be found."""
    out = q
    for phrase in lx.OWN_DOCUMENT_PHRASES:
        out = re.sub(rf"(?i)\b{re.escape(phrase)}\b", " ", out)
    return out
