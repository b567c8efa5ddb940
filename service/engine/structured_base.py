"""What every structured answer is built on: the answer and abstention builders, owner unions,
and grouping quoted units into runs that follow each other in the page text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.models import Owner, Section

from .corpus import Corpus
from .extractive import Unit, has_year
from .models import Answer, Citation
from .render import Renderer


def _dedupe(citations: Sequence[Citation | None]) -> list[Citation]:
    out: list[Citation] = []
    for c in citations:
        if c is not None and c not in out:
            out.append(c)
    return out


def holds(section: Section, key: str) -> bool:
    """Does body `key` have main responsibility in `section` (itself or as a named company)?"""
    return any(o.abbreviation == key or key in o.via for o in section.owners)


def _union(sections: Sequence[Section]) -> list[Owner]:
    seen: dict[str, Owner] = {}
    for s in sections:
        for o in s.owners:
            if o.abbreviation not in seen:
                seen[o.abbreviation] = Owner(o.abbreviation, o.written, list(o.via))
            else:
                for v in o.via:
                    if v not in seen[o.abbreviation].via:
                        seen[o.abbreviation].via.append(v)
    return list(seen.values())


class StructuredBase:
    """The corpus view `c` and renderer `r` an answer is built with, and the builders."""

    def __init__(self, corpus: Corpus, r: Renderer) -> None:
        self.c = corpus
        self.r = r

    def _answer(
        self,
        text: str,
        citations: Sequence[Citation | None],
        *,
        owners: list[str] | None = None,
        sections: Sequence[str] = (),
    ) -> Answer:
        return Answer(
            text="\n".join(_capital(line) for line in text.split("\n")),
            citations=_dedupe(citations),
            abstained=False,
            mode="structured",
            confidence=1.0,
            owners=owners,
            sections=list(sections),
            language=self.r.language,
        )

    def abstain(
        self,
        reasons: Sequence[str],
        suggestions: Sequence[Section] = (),
        citations: Sequence[Citation] = (),
        prefix: bool = True,
    ) -> Answer:
        # over several documents none of which was named, "programmet" would name one of them
        key = "abstain_documents" if self.c.spans_documents else "abstain"
        text = " ".join([self.r.t(key)] * prefix + [r for r in reasons if r])
        if suggestions:
            labels = [
                self.r.label(s) if s.title else self.c.snapshot.documents[s.document].title
                for s in suggestions
            ]
            text += " " + self.r.t("suggest", sections=self.r.join(labels))
        return Answer(
            text=text,
            citations=list(citations),
            abstained=True,
            mode="abstain",
            confidence=0.0,
            suggestions=[s.id for s in suggestions],
            language=self.r.language,
        )

    def owners_list(self, owners: Sequence[Owner]) -> str:
        return self.r.join([self.r.owner(o) for o in owners])

    def _items(self, sections: Sequence[Section]) -> str:
        return self.r.join([self.r.t("reverse_item", id=s.id, title=s.title) for s in sections])


def _capital(line: str) -> str:
    return line[:1].upper() + line[1:]


def runs(units: Sequence[Unit], corpus: Corpus) -> list[list[str]]:
    """Unit texts grouped into runs of units that follow each other in the page text."""
    out: list[list[str]] = []
    prev: Unit | None = None
    for u in units:
        adjacent = False
        if prev is not None and prev.chunk == u.chunk:
            a, b = prev.parts[-1], u.parts[0]
            gap = corpus.pages.get(u.document, {}).get(a.page, "")[a.end : b.start]
            adjacent = a.page == b.page and b.start >= a.end and not gap.strip()
        if adjacent:
            out[-1].append(u.text)
        else:
            out.append([u.text])
        prev = u
    return out


def _dedupe_str(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def _has_column_headings(units: Sequence[Unit]) -> bool:
    """A table has column headings when a line of two or more years (or labels) heads it."""
    return any(len(re.findall(r"\b(?:19|20)\d{2}\b", u.text)) >= 2 for u in units) and any(
        has_year(u.text) for u in units
    )
