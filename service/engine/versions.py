"""A document named with an older period than the corpus's own version of it.

"Programmet listar Samverkansöverenskommelse 2021–2024 … Finns det nyare versioner?" or
"Programmet hänvisar till Medborgarlöften 2021–2022. Gäller den fortfarande?": a name with a
period that the question (or a related-documents list) gives, matched by title to a corpus
document whose own period is later. The answer names the newer document, quotes where its text
gives its period (and where it says it replaces the older one), and quotes the list entry of
the document that names the older version, so both are cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.text import fold, padded_words

from .context import quoted_result
from .extractive import Unit
from .links import about_linked
from .models import Citation
from .reading import lexicon as lx
from .reading.scope import resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .turn import Result

_PERIOD_RE = re.compile(r"\b((?:19|20)\d\d)\s*[–-]\s*((?:19|20)?\d\d)\b")
# words before a period that may name the document it belongs to
_NAME_WORDS = 4


@dataclass
class Newer:
    named: str  # the name as the question wrote it, period included
    start: int
    end: int
    document: str  # the corpus document of a later period


def asks_about_versions(q: str) -> bool:
    toks = set(re.findall(r"\w+", fold(q)))
    folded = padded_words(q)
    return bool(toks & lx.VERSION_WORDS) or any(p in folded for p in lx.VERSION_PHRASES)


def older_names(engine: AnswerEngine, q: str, allowed: list[str]) -> list[Newer]:
    """Each name-with-period in the question whose corpus document has a later period."""
    snap = engine.corpus.snapshot
    infos = doc_infos(snap, allowed)
    out: list[Newer] = []
    for m in _PERIOD_RE.finditer(q):
        start, end = int(m.group(1)), _full_year(m.group(1), m.group(2))
        words = q[: m.start()].split()[-_NAME_WORDS:]
        for i in range(len(words) - 1, -1, -1):
            found = resolve_scope(" ".join(words[i:]), infos, None, joined_compounds=True)
            if not found.documents or (found.how == "kind" and len(found.documents) > 1):
                continue  # a kind word names a document only when it is the one of its kind
            doc = found.documents[0]
            meta = snap.documents[doc].meta
            frm, to = meta.get("valid_from"), meta.get("valid_to")
            later = isinstance(frm, int) and isinstance(to, int) and (frm, to) > (start, end)
            if later and all(n.document != doc for n in out):
                out.append(Newer(" ".join([*words[i:], m.group(0)]), start, end, doc))
            break
    return out


def answer_versions(engine: AnswerEngine, q: str, caller: tuple[str, ...] | None) -> Result | None:
    """The newer versions of the documents the question names with an older period; None when
    it asks nothing of the kind or names none."""

    if not asks_about_versions(q):
        return None
    c = engine.corpus
    allowed = [d for d in (caller or c.snapshot.documents) if d in c.snapshot.documents]
    newer = older_names(engine, q, allowed)
    if not newer:
        return None
    lines: list[str] = []
    cites: list[Citation] = []
    for n in newer:
        meta = c.snapshot.documents[n.document].meta
        period = f"{meta['valid_from']}–{meta['valid_to']}"
        lines.append(
            engine.messages.render(
                "answer.newer_version",
                named=n.named[:1].upper() + n.named[1:],
                title=c.title(n.document),
                period=period,
            )
        )
        entry = _listed(engine, n, allowed)
        for unit in [*([entry] if entry else []), *_period_units(engine, n)]:
            unit_cites = c.cite_unit(unit)
            if not unit_cites:
                continue
            sec = c.section(unit.section or "", unit.document)
            lines.append(
                engine.messages.render(
                    "answer.context_pointer",
                    document=c.title(unit.document),
                    where=(sec.title if sec is not None and sec.title else c.title(unit.document)),
                    quote=" ".join(unit.text.split()),
                )
            )
            cites += unit_cites
    rest = about_linked(q)
    if rest != q.strip() and not asks_about_versions(rest) and len(newer) == 1:
        # "…, finns det nyare och vad handlar de om?": the rest asked of the newer document
        part = engine.respond(rest, (), (newer[0].document,)).answer
        if not part.abstained:
            lines.append("\n" + part.text)
            cites += part.citations
    docs = list(dict.fromkeys(ct.document for ct in cites))
    return quoted_result(lines, cites, "newer_version", docs)


def _full_year(first: str, second: str) -> int:
    return int(second) if len(second) == 4 else int(first[:2] + second)


def _units(engine: AnswerEngine, doc: str) -> list[Unit]:
    c = engine.corpus
    return [u for i, ch in enumerate(c.snapshot.chunks) if ch.document == doc for u in c.units(i)]


def _period_units(engine: AnswerEngine, n: Newer) -> list[Unit]:
    """The newer document's first sentence giving its own period, and its first sentence
    naming the older period (where it says it replaces that version)."""
    meta = engine.corpus.snapshot.documents[n.document].meta
    own = (str(meta["valid_from"]), str(meta["valid_to"]))
    old = (str(n.start), str(n.end))
    out: list[Unit] = []
    for years in (own, old):
        for u in _units(engine, n.document):
            if u.kind != "heading" and all(y in u.text for y in years):
                if u not in out:
                    out.append(u)
                break
    return out


def _listed(engine: AnswerEngine, n: Newer, allowed: list[str]) -> Unit | None:
    """The list entry of another document that names the older version ("• Medborgarlöften
    Umeå 2021–2022" among a program's related documents)."""
    years = (str(n.start), str(n.end)[-2:])
    for doc in allowed:
        if doc == n.document:
            continue
        for u in _units(engine, doc):
            if u.kind == "item" and all(y in u.text for y in years):
                found = resolve_scope(u.text, doc_infos(engine.corpus.snapshot, [n.document]), None)
                if found.documents:
                    return u
    return None
