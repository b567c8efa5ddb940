"""Operations over a document's related-documents lists (its named groups of list items).

- count: "Hur många relaterade dokument listas för fokusområde 1?" → the list with its count;
- repeated entries: "Vilka dokument står under flera rubriker?" → the entries found in two or
  more lists, each with the lists it is in; after a list, "Finns något av dem även bland övriga
  relaterade dokument?" → the previous list's entries that the named list also holds;
- entries holding words: "Vilka av de relaterade dokumenten är antagna av kommunfullmäktige?",
  "Vilka dokument finns om Umeå växer – tryggt och säkert?" → the entries whose own text holds
  the question's topic words (or the name of the body it names).

An entry's identity is its name without a trailing note ("CEMR-deklarationen (jämställdhet) –
antagen av kommunfullmäktige" is "CEMR-deklarationen"), folded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from ..extractive import match_score
from ..models import Answer, Citation
from ..reading import lexicon as lx
from ..reading.asks import has

if TYPE_CHECKING:
    from ..turn import Answering

# share of the topic words (weighted) an entry must hold to be picked by its words
ITEM_MATCH = 0.75


def entry_key(item: str) -> str:
    """'CEMR-deklarationen (jämställdhet) – antagen av kommunfullmäktige' → 'cemr-deklarationen'."""
    name = re.split(r"\s+[–—-]\s+|\s*\(", item, maxsplit=1)[0]
    return " ".join(fold(name).split())


def _cites(a: Answering, holder: Section, pairs: Sequence[tuple[str, int]]) -> list[Citation]:
    out: list[Citation] = []
    for group, index in pairs:
        items = holder.groups.get(group, [])
        spans = holder.group_spans.get(group, [])
        offset = len(spans) - len(items)
        if offset < 0 or index + offset >= len(spans):
            continue
        c = a.c.cite(holder.document, holder.id, spans[index + offset])
        if c is not None and c not in out:
            out.append(c)
    return out


def _answer(a: Answering, text: str, cites: list[Citation], holder: Section) -> Answer:
    return a.s._answer(text, cites, sections=[holder.id])


def asks_repeated(a: Answering) -> bool:
    return has(a.p.folded, lx.REPEATED_ENTRY_PHRASES)


def counted(a: Answering, holder: Section, groups: Sequence[str]) -> Answer:
    lines, pairs = [], []
    for g in groups:
        items = holder.groups.get(g, [])
        lines.append(a.r.t("related_count", group=g, count=len(items), items="; ".join(items)))
        pairs += [(g, i) for i in range(len(items))]
    return _answer(a, "\n".join(lines), _cites(a, holder, pairs), holder)


def repeated(
    a: Answering, holder: Section, within: Sequence[str], against: Sequence[str] = ()
) -> Answer:
    """Entries in two or more of `within`'s lists; with `against`, the entries of `against`
    that `within` also holds."""
    where: dict[str, list[tuple[str, int]]] = {}
    names: dict[str, str] = {}
    for g in list(dict.fromkeys([*against, *within])):
        for i, item in enumerate(holder.groups.get(g, [])):
            k = entry_key(item)
            where.setdefault(k, [])
            if all(g != x for x, _ in where[k]):
                where[k].append((g, i))
            names.setdefault(k, item)
    if against:
        hits = {
            k: v
            for k, v in where.items()
            if any(g in against for g, _ in v)
            and any(g in within and g not in against for g, _ in v)
        }
    else:
        hits = {k: v for k, v in where.items() if len(v) >= 2}
    words = {w for w in a.p.residual if len(w) > 3}
    named = {k: v for k, v in hits.items() if words & set(re.findall(r"\w+", fold(names[k])))}
    if named:
        # "står CEMR-deklarationen någon annanstans också?": that entry
        hits = named
    if not hits:
        return _answer(a, a.r.t("related_repeated_none"), _cites(a, holder, []), holder)

    def where_in(k: str, g: str, i: int) -> str:
        # each list's own wording when it says more ("… – antagen av kommunfullmäktige")
        own = holder.groups[g][i]
        return g if own == names[k] else f"{g} (”{own}”)"

    lines = [
        a.r.t(
            "related_repeated_item",
            item=names[k],
            groups=a.r.join([where_in(k, g, i) for g, i in v]),
        )
        for k, v in hits.items()
    ]
    text = a.r.t("related_repeated", count=len(hits)) + "\n" + "\n".join(lines)
    return _answer(a, text, _cites(a, holder, [x for v in hits.values() for x in v]), holder)


def holding(
    a: Answering,
    holder: Section,
    words: Sequence[str],
    groups: Sequence[str] | None = None,
    of: Sequence[str] | None = None,
) -> Answer | None:
    """The entries whose text holds the question's words (and any body it names), in the named
    lists when given; with `of`, the entries of those lists, wherever an entry's text holds the
    words (another list may say "– antagen av kommunfullmäktige" of the same document)."""
    keys = {entry_key(i) for g in of for i in holder.groups.get(g, [])} if of else None
    weights = {w: 1.0 for w in words}
    for key in a.p.positive_bodies:
        forms = [key.lower()]
        body = a.c.glossary.get(key)
        if body is not None and body.expansion:
            forms.append(fold(body.expansion).split()[-1])
        weights["|".join(dict.fromkeys(forms))] = 1.0
    if not weights:
        return None
    pairs = []
    for g, items in holder.groups.items():
        if groups is not None and g not in groups:
            continue
        for i, item in enumerate(items):
            if keys is not None and entry_key(item) not in keys:
                continue
            if match_score(item, weights, a.c.search) >= ITEM_MATCH:
                pairs.append((g, i))
    if not pairs:
        return None
    by_group: dict[str, list[str]] = {}
    for g, i in pairs:
        by_group.setdefault(g, []).append(holder.groups[g][i])
    lines = [a.r.t("related", group=g, items="; ".join(items)) for g, items in by_group.items()]
    return _answer(a, "\n".join(lines), _cites(a, holder, pairs), holder)
