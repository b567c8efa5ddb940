"""Everything derived once from one index snapshot: sections by id, units by chunk, citations."""

from __future__ import annotations

import re

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.models import Program, Section, Span
from ingest.text import fold

from . import lexicon as lx
from .extractive import Unit, build_units
from .glossary import Glossary
from .models import Citation
from .search import Searcher

_WORD_RE = re.compile(r"\w+", re.UNICODE)


class Corpus:
    def __init__(self, snapshot: Snapshot, embedder: Embedder) -> None:
        self.snapshot = snapshot
        self.glossary = Glossary(snapshot.glossary)
        self.search = Searcher(snapshot, embedder, protected=lx.protected_words())
        self.pages: dict[str, dict[int, str]] = {
            doc_id: {i + 1: t for i, t in enumerate(rec.pages)}
            for doc_id, rec in snapshot.documents.items()
        }
        self.programs: list[Program] = list(snapshot.programs.values())
        structured = [p for p in self.programs if p.sub_goals or p.focus_areas]
        # the program structural questions are about: the one with most sub-goals
        self.program: Program | None = (
            max(structured, key=lambda p: len(p.sub_goals)) if structured else None
        )
        self._sections: dict[tuple[str, str], Section] = {
            (p.document, s.id): s for p in self.programs for s in p.sections
        }
        self.chunk_section: list[Section | None] = [
            self._sections.get((c.document, c.section or "")) for c in snapshot.chunks
        ]
        self.section_chunks: dict[tuple[str, str], list[int]] = {}
        for i, c in enumerate(snapshot.chunks):
            self.section_chunks.setdefault((c.document, c.section or ""), []).append(i)
        self._units: dict[int, list[Unit]] = {}
        p = self.program
        self.title_words: set[str] = (
            {fold(w) for w in _WORD_RE.findall(p.title)} if p is not None else set()
        )

    # --- sections -------------------------------------------------------------------------------
    def section(self, section_id: str, document: str | None = None) -> Section | None:
        if document is not None:
            return self._sections.get((document, section_id))
        if self.program is not None:
            s = self.program.section(section_id)
            if s is not None:
                return s
        for p in self.programs:
            s = p.section(section_id)
            if s is not None:
                return s
        return None

    def units(self, chunk: int) -> list[Unit]:
        got = self._units.get(chunk)
        if got is None:
            c = self.snapshot.chunks[chunk]
            got = build_units(chunk, c, self.chunk_section[chunk], self.pages.get(c.document, {}))
            self._units[chunk] = got
        return got

    def section_units(self, section: Section) -> list[Unit]:
        out: list[Unit] = []
        for i in self.section_chunks.get((section.document, section.id), []):
            if self.snapshot.chunks[i].kind != "footnote":
                out.extend(self.units(i))
        return out

    def chunks_of(self, section: Section) -> list[int]:
        return list(self.section_chunks.get((section.document, section.id), []))

    # --- citations ------------------------------------------------------------------------------
    def text_at(self, document: str, span: Span) -> str:
        return self.pages.get(document, {}).get(span.page, "")[span.start : span.end]

    def cite(self, document: str, section: str | None, span: Span) -> Citation:
        return Citation(document, section, span.page, self.text_at(document, span))

    def cite_unit(self, unit: Unit) -> list[Citation]:
        return [self.cite(unit.document, unit.section, part) for part in unit.parts]

    def owners_citation(self, section: Section) -> Citation | None:
        if section.owners_span is None:
            return None
        return self.cite(section.document, section.id, section.owners_span)

    def heading_citation(self, section: Section) -> Citation | None:
        if section.heading_span is None:
            return None
        return self.cite(section.document, section.id, section.heading_span)

    def find_units(self, pattern: re.Pattern[str], document: str | None = None) -> list[Unit]:
        """Units whose text matches `pattern`, in index order."""
        out: list[Unit] = []
        for i, c in enumerate(self.snapshot.chunks):
            if document is not None and c.document != document:
                continue
            out.extend(u for u in self.units(i) if pattern.search(u.text))
        return out
