"""Everything derived once from one index snapshot: sections by id, units by chunk, citations."""

from __future__ import annotations

import copy
import re
from typing import Any

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.models import Program, Section, Span
from ingest.text import fold

from .extractive import Unit, build_units
from .glossary import Glossary, link_acronyms
from .models import Citation
from .reading import lexicon as lx
from .search import Hit, Searcher
from .tables import Row, rows_of

_WORD_RE = re.compile(r"\w+", re.UNICODE)


class ScopedSearch:
    """The shared Searcher, with every ranking limited to the documents of one scope."""

    def __init__(self, search: Searcher, documents: frozenset[str]) -> None:
        self._search = search
        self.documents = documents

    def __getattr__(self, name: str) -> Any:
        return getattr(self._search, name)

    def hybrid(self, text: str, **kw: Any) -> list[Hit]:
        return self._search.hybrid(text, documents=self.documents, **kw)


class Corpus:
    """The whole snapshot (`document` None), or a view of it limited to one document.

    A view shares the snapshot's heavy parts (search index, units); only what a question's
    handlers look up - the program, sections by id, rankings - is limited to its document.
    """

    document: str | None = None

    def __init__(self, snapshot: Snapshot, embedder: Embedder) -> None:
        self.snapshot = snapshot
        written = {
            o.abbreviation for p in snapshot.programs.values() for s in p.sections for o in s.owners
        }
        self.glossary = Glossary(link_acronyms(snapshot.glossary, written))
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
        self._tables: dict[str, list[Row]] = {}  # per document, parsed on first use
        p = self.program
        self.title_words: set[str] = (
            {fold(w) for w in _WORD_RE.findall(p.title)} if p is not None else set()
        )
        self.by_document: dict[str, Program] = {p.document: p for p in self.programs}
        self.default_document: str | None = _default_document(snapshot, self.program)
        self._views: dict[str, Corpus] = {}
        self._whole: Corpus = self

    # --- scope --------------------------------------------------------------------------------
    def view(self, document: str) -> Corpus:
        """This corpus seen from one document: its program, its sections, its chunks."""
        if self.document is not None:
            return self if document == self.document else self._whole.view(document)
        got = self._views.get(document)
        if got is None:
            got = copy.copy(self)
            got.document = document
            got.program = self.by_document.get(document)
            got.programs = [got.program] if got.program is not None else []
            got.search = ScopedSearch(self.search, frozenset({document}))  # type: ignore[assignment]
            rec = self.snapshot.documents.get(document)
            title = got.program.title if got.program is not None else (rec.title if rec else "")
            got.title_words = {fold(w) for w in _WORD_RE.findall(title)}
            self._views[document] = got
        return got

    def among(self, documents: list[str]) -> Corpus:
        """This corpus with rankings limited to `documents` (the whole one when all)."""
        if set(documents) >= set(self.snapshot.documents) or self.document is not None:
            return self
        got = copy.copy(self)
        got.search = ScopedSearch(self.search, frozenset(documents))  # type: ignore[assignment]
        return got

    @property
    def spans_documents(self) -> bool:
        """Answers over several documents, none of them chosen: "dokumenten", not
        "programmet"."""
        return self.document is None and len(self.snapshot.documents) > 1

    def item_ids(self) -> list[str]:
        """The program's numbered items in the document's order (for "nästa delmål")."""
        return [s.id for s in self.program.sub_goals] if self.program is not None else []

    def title(self, document: str) -> str:
        p = self.by_document.get(document)
        if p is not None and p.title:
            return p.title
        rec = self.snapshot.documents.get(document)
        return rec.title if rec is not None else document

    # --- sections -------------------------------------------------------------------------------
    def section(self, section_id: str, document: str | None = None) -> Section | None:
        document = document or self.document
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
        sec = self._sections.get((document, section)) if section else None
        label = getattr(sec, "label", None) if sec is not None else None
        return Citation(
            document,
            section,
            span.page if self.paged(document) else None,
            self.text_at(document, span),
            document_title=self.title(document),
            section_label=f"{label} {section}"
            if label and section and sec is not None and sec.kind != "other"
            else None,
        )

    def paged(self, document: str) -> bool:
        """Does the document have page numbers (a .docx without stored breaks has none)?"""
        rec = self.snapshot.documents.get(document)
        return rec is None or rec.meta.get("paged", True) is not False

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

    def table_rows(self, document: str) -> list[Row]:
        """Every row of every table in one document's sections (views share the cache)."""
        got = self._tables.get(document)
        if got is None:
            prog = self.by_document.get(document)
            got = [
                row
                for sec in (prog.sections if prog is not None else [])
                for i in self.chunks_of(sec)
                for row in rows_of(
                    document,
                    sec,
                    self.snapshot.chunks[i].spans,
                    lambda sp: self.text_at(document, sp),
                )
            ]
            self._tables[document] = got
        return got

    def find_units(self, pattern: re.Pattern[str], document: str | None = None) -> list[Unit]:
        """Units whose text matches `pattern`, in index order."""
        out: list[Unit] = []
        document = document or self.document
        for i, c in enumerate(self.snapshot.chunks):
            if document is not None and c.document != document:
                continue
            out.extend(u for u in self.units(i) if pattern.search(u.text))
        return out


def _default_document(snapshot: Snapshot, program: Program | None) -> str | None:
    """The manifest's default document; else the program with most sub-goals; else the first."""
    marked = getattr(snapshot, "default_document", None)
    if isinstance(marked, str) and marked in snapshot.documents:
        return marked
    for doc_id, rec in snapshot.documents.items():
        if getattr(rec, "default", False):
            return doc_id
    if program is not None:
        return program.document
    return next(iter(snapshot.documents), None)
