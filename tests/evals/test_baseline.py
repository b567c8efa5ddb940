"""The langchain baseline's chunks and their sections, over real documents and a real embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.baseline import LangchainBaseline, assign_sections, section_spans, split_pages
from ingest.embedders import Embedder
from ingest.index import Snapshot

pytestmark = pytest.mark.integration

DOC = "program-social-hallbarhet-2024-2025"


def _documents(snap: Snapshot) -> dict[str, tuple[Path, list[str]]]:
    return {d.id: (Path(d.path), d.pages) for d in snap.documents.values()}


def test_chunks_of_the_corpus_map_to_the_parsed_sections(corpus_snapshot: Snapshot) -> None:
    program = corpus_snapshot.programs[DOC]
    pages = corpus_snapshot.documents[DOC].pages
    chunks = split_pages(DOC, pages)
    spans = section_spans(program)
    for c in chunks:
        c.sections = assign_sections(c, spans)
        assert len(c.text) <= 1000
        # the spans locate the chunk's text in the pages
        first = c.spans[0]
        assert c.text.startswith(pages[first.page - 1][first.start : first.end][:50])
        assert c.sections, c.text[:80]
    covered = {s for c in chunks for s in c.sections}
    assert covered == {s.id for s in program.sections}
    owners_22 = program.section("2.2")
    assert owners_22 is not None and owners_22.owners_span is not None
    line = pages[owners_22.owners_span.page - 1][
        owners_22.owners_span.start : owners_22.owners_span.end
    ]
    holding = [c for c in chunks if line in c.text]
    assert holding and all("2.2" in c.sections for c in holding)


def test_retrieval_ranks_chunks_by_cosine(corpus_snapshot: Snapshot, embedder: Embedder) -> None:
    rag = LangchainBaseline.from_documents(
        _documents(corpus_snapshot), corpus_snapshot.programs, embedder
    )
    top = rag.retrieve("Tilläggsuppdrag 2021:8 skattemedel organiserad brottslighet")
    assert len(top) == 4
    assert "tillaggsuppdrag" in top[0].sections


def test_sections_follow_the_document_not_fixed_ids(
    build_index, embedder: Embedder, tmp_path: Path
) -> None:
    doc = tmp_path / "liten-plan.txt"
    doc.write_text(
        "Fokusområde 1 – Trygghet\n\nTrygghet för alla.\n\n"
        "1.1 Belysning i parker\n\nFler lampor i parkerna.\n\nHuvudansvar: TN\n\n"
        "Fokusområde 2 – Skola\n\nSkolan ska vara bra.\n\n"
        "2.1 Läxhjälp\n\nLäxhjälp på biblioteket.\n\nHuvudansvar: FGN, KN\n",
        encoding="utf-8",
    )
    _, snap = build_index(doc)
    rag = LangchainBaseline.from_documents(_documents(snap), snap.programs, embedder)
    assert {s for c in rag.chunks for s in c.sections} == {"1", "1.1", "2", "2.1"}

    # the file changed after ingest: the section spans no longer fit, so the baseline refuses
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("Läxhjälp på", "Läxhjälp i"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="styrdok ingest"):
        LangchainBaseline.from_documents(_documents(snap), snap.programs, embedder)
