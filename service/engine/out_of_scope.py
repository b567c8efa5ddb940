"""What lies outside what the documents in scope can answer, checked before any handler: a
year outside the document's period ("Vilka delmål gäller 2026?"), and a body that no text in
scope names ("Vad ska Brand- och räddningsnämnden göra?")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.text import fold, padded_words

from .models import Answer
from .operations import PERIOD_BOUND
from .reading import lexicon as lx

if TYPE_CHECKING:
    from .turn import Answering


def outside_period(a: Answering, kind: str) -> Answer | None:
    """'Vilka delmål gäller 2026?': a year the program's period does not cover."""
    prog = a.c.program
    if kind not in PERIOD_BOUND or prog is None or not prog.period:
        return None
    bounds = [int(y) for y in re.findall(r"\d{4}", prog.period)]
    if not bounds:
        return None
    years = [int(n) for n in a.p.numbers if re.fullmatch(r"(?:19|20)\d\d", n)]
    outside = [y for y in years if not min(bounds) <= y <= max(bounds)]
    if not outside:
        return None
    return a.s.outside_period(prog, str(outside[0]))


def unknown_body_absent(a: Answering, kind: str) -> Answer | None:
    """'Vad ska Brand- och räddningsnämnden göra …?': a body (known to the glossary or
    not) that no text in scope names. Nothing the documents say is about it."""
    if kind not in ("open", "section_content", "membership"):
        return None
    p, names = a.p, []
    if p.unknown_entity and fold(p.unknown_entity).split()[-1].endswith(lx.ORGANISATION_SUFFIXES):
        names.append((p.unknown_entity, [p.unknown_entity]))
    for key in p.positive_bodies:
        b = a.c.glossary.get(key)
        forms = [key, *(b.variants if b else ()), *([b.expansion] if b and b.expansion else [])]
        names.append((a.r.body(key), forms))
    docs = a.scope_docs or list(a.c.snapshot.documents)
    texts = [padded_words(c.embed_text()) for c in a.c.snapshot.chunks if c.document in docs]
    for shown, forms in names:
        wanted = [padded_words(f) for f in forms if f]
        if not any(w in t for w in wanted for t in texts):
            return a.s.abstain([a.r.t("abstain_unknown_body", body=shown)])
    return None
