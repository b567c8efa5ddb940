"""The plain langchain RAG baseline, scored in the same run as the engine.

RecursiveCharacterTextSplitter(1000, 200) over each indexed document's PDF text (pages loaded
with pypdf by ingest.documents.load_document, joined), the same embedder (passage vectors for
the chunks, a query vector for the question), top-4 by cosine. Its "answer" is the top chunk.
Each chunk is mapped to the parsed sections whose spans it overlaps, in reading order, so the
baseline's retrieval is scored against the same gold sections as the engine's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest.documents import load_document
from ingest.embedders import Embedder
from ingest.models import Program, Span

from .dataset import Case
from .metrics import CaseScore, dedupe, score_passage

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
PAGE_JOIN = "\n\n"
ANSWER_PREVIEW = 200


@dataclass
class BaselineChunk:
    document: str
    text: str
    spans: list[Span]  # where the chunk lies in the pages
    sections: list[str] = field(default_factory=list)  # sections it overlaps, in reading order

    @property
    def pages(self) -> list[int]:
        return sorted({s.page for s in self.spans})


# score the top chunks of a case (the multi suite's rules): (case, top chunks, ranked) -> score
PassageScorer = Callable[[Case, list["BaselineChunk"], list[str]], CaseScore]


@dataclass
class BaselineResult:
    case: Case
    top: list[BaselineChunk]
    latency_ms: float
    score: CaseScore

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.case.id,
            # the start of the top chunk; its sections and pages say where it lies
            "answer_start": self.top[0].text[:ANSWER_PREVIEW] if self.top else "",
            "chunks": [{"sections": c.sections, "pages": c.pages} for c in self.top],
            "latency_ms": round(self.latency_ms, 2),
            **self.score.to_dict(),
        }


def section_spans(program: Program) -> list[tuple[str, Span]]:
    """Every span the parser assigned to a section, footnotes included."""
    out: list[tuple[str, Span]] = []
    for s in program.sections:
        spans = [s.heading_span, *s.body_spans, s.owners_span]
        spans += [sp for group in s.group_spans.values() for sp in group]
        out += [(s.id, sp) for sp in spans if sp is not None]
    out += [(f.section, f.span) for f in program.footnotes if f.section]
    return out


def split_pages(document: str, pages: Sequence[str]) -> list[BaselineChunk]:
    """Join the pages and split the text as a plain langchain RAG does; keep page offsets."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    starts: list[int] = []
    pos = 0
    for p in pages:
        starts.append(pos)
        pos += len(p) + len(PAGE_JOIN)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    chunks: list[BaselineChunk] = []
    for doc in splitter.create_documents([PAGE_JOIN.join(pages)]):
        a = int(doc.metadata["start_index"])
        b = a + len(doc.page_content)
        spans = []
        for number, (off, text) in enumerate(zip(starts, pages, strict=True), 1):
            lo, hi = max(a, off), min(b, off + len(text))
            if lo < hi:
                spans.append(Span(number, lo - off, hi - off))
        chunks.append(BaselineChunk(document, doc.page_content, spans))
    return chunks


def assign_sections(chunk: BaselineChunk, spans: Sequence[tuple[str, Span]]) -> list[str]:
    """The sections whose spans the chunk overlaps, ordered by where the overlap starts."""
    hits: list[tuple[int, int, str]] = []
    for sid, sp in spans:
        for c in chunk.spans:
            if c.page == sp.page and max(c.start, sp.start) < min(c.end, sp.end):
                hits.append((sp.page, max(c.start, sp.start), sid))
    return dedupe(sid for _, _, sid in sorted(hits))


class LangchainBaseline:
    """Chunks of every document, their passage vectors, and a top-k cosine search."""

    def __init__(self, chunks: Sequence[BaselineChunk], embedder: Embedder, k: int = TOP_K) -> None:
        self.chunks = list(chunks)
        self.embedder = embedder
        self.k = k
        self.matrix = embedder.embed_passages([c.text for c in self.chunks])

    @classmethod
    def from_documents(
        cls,
        documents: Mapping[str, tuple[Path, Sequence[str]]],
        programs: Mapping[str, Program],
        embedder: Embedder,
    ) -> LangchainBaseline:
        """`documents`: id -> (file, the page texts the index holds). The file is loaded again
        with load_document; its pages must equal the indexed ones (the section spans refer to
        them), or the index is stale."""
        chunks: list[BaselineChunk] = []
        for doc_id, (path, indexed_pages) in documents.items():
            pages = [p.text for p in load_document(path).pages]
            if pages != list(indexed_pages):
                raise ValueError(
                    f"{path} differs from the indexed text of {doc_id}; run `styrdok ingest`"
                )
            spans = section_spans(programs[doc_id]) if doc_id in programs else []
            for c in split_pages(doc_id, pages):
                c.sections = assign_sections(c, spans)
                chunks.append(c)
        return cls(chunks, embedder)

    def retrieve(self, question: str) -> list[BaselineChunk]:
        if not self.chunks:
            return []
        q = self.embedder.embed_query(question)
        sims = self.matrix @ q
        order = np.argsort(-sims, kind="stable")[: self.k]
        return [self.chunks[int(i)] for i in order]

    def run(
        self,
        cases: Sequence[Case],
        owner_forms: Mapping[str, Sequence[str]],
        scorer: PassageScorer | None = None,
    ) -> list[BaselineResult]:
        """Each case's question on its own (a plain RAG keeps no conversation). With `scorer`
        (the multi suite), sections are ranked as "<document>#<section>"."""
        results = []
        for case in cases:
            t0 = time.perf_counter()
            top = self.retrieve(case.question)
            ms = (time.perf_counter() - t0) * 1000.0
            if scorer is None:
                ranked = dedupe(s for c in top for s in c.sections)
                answer = top[0].text if top else ""
                score = score_passage(case, answer, ranked, owner_forms)
            else:
                ranked = dedupe(f"{c.document}#{s}" for c in top for s in c.sections)
                score = scorer(case, top, ranked)
            results.append(BaselineResult(case, top, ms, score))
        return results
