"""Section-aware chunks that know their document, section, title path, pages and offsets."""

from __future__ import annotations

import pytest

from ingest.chunking import TITLE_SEPARATOR, chunk_program, title_path
from ingest.documents import load_document
from ingest.glossary_file import aliases_from_glossary, load_glossary
from ingest.models import Chunk, LoadedDocument, Page, Program
from ingest.parse.responsibility import parse_owners
from ingest.structure import parse_program
from tests.conftest import CORPUS, OCR_TEXT, PROGRAM_PDF, require_ocr_text

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def pdf_doc() -> LoadedDocument:
    return load_document(PROGRAM_PDF)


@pytest.fixture(scope="module")
def pdf_program(pdf_doc: LoadedDocument) -> Program:
    aliases = aliases_from_glossary(load_glossary(CORPUS))
    return parse_program(pdf_doc.doc_id, pdf_doc.pages, aliases=aliases)


@pytest.fixture(scope="module")
def pdf_chunks(pdf_doc: LoadedDocument, pdf_program: Program) -> list[Chunk]:
    return chunk_program(pdf_program, pdf_doc.pages)


def _page_text(pages: list[Page]) -> dict[int, str]:
    return {p.number: p.text for p in pages}


def _check_offsets(chunks: list[Chunk], pages: dict[int, str]) -> None:
    for c in chunks:
        assert c.spans, c.id
        for s in c.spans:
            assert 0 <= s.start < s.end <= len(pages[s.page]), c.id
            assert pages[s.page][s.start : s.end] in c.text, c.id
        assert "\n".join(pages[s.page][s.start : s.end] for s in c.spans) == c.text, c.id
        assert c.pages == sorted({s.page for s in c.spans})


def test_chunk_spans_map_back_to_the_page_text(
    pdf_doc: LoadedDocument, pdf_chunks: list[Chunk]
) -> None:
    _check_offsets(pdf_chunks, _page_text(pdf_doc.pages))


def test_chunk_spans_map_back_on_the_ocr_text_too() -> None:
    require_ocr_text()
    doc = load_document(OCR_TEXT)
    program = parse_program(doc.doc_id, doc.pages)
    chunks = chunk_program(program, doc.pages)
    _check_offsets(chunks, _page_text(doc.pages))
    small = chunk_program(program, doc.pages, chunk_size=200, overlap=40)
    _check_offsets(small, _page_text(doc.pages))
    assert len(small) > len(chunks)


def test_one_chunk_per_sub_goal_with_its_owners_line(
    pdf_program: Program, pdf_chunks: list[Chunk]
) -> None:
    for s in pdf_program.sub_goals:
        mine = [c for c in pdf_chunks if c.section == s.id]
        assert len(mine) == 1, s.id
        chunk = mine[0]
        assert chunk.kind == "section"
        assert chunk.document == pdf_program.document
        assert chunk.text.startswith(s.id + " ")
        assert "Huvudansvar:" in chunk.text
        assert chunk.pages == s.pages


def test_title_paths(pdf_program: Program, pdf_chunks: list[Chunk]) -> None:
    by_section = {c.section: c for c in pdf_chunks if c.kind == "section"}
    assert by_section["3.2"].title_path == (
        "Fokusområde 3: Barns uppväxtvillkor › 3.2 Motverka barnfattigdom"
    )
    for s in pdf_program.sub_goals:
        parent = pdf_program.section(s.parent or "")
        assert parent is not None
        expected = f"Fokusområde {parent.id}: {parent.title}{TITLE_SEPARATOR}{s.id} {s.title}"
        assert by_section[s.id].title_path == expected == title_path(pdf_program, s)
    assert by_section["uppfoljning"].title_path == "Uppföljning"
    c = by_section["3.2"]
    assert c.embed_text().startswith(c.title_path + "\n")
    assert c.embed_text().endswith(c.text)


def test_related_documents_are_chunked_per_group(
    pdf_program: Program, pdf_chunks: list[Chunk]
) -> None:
    rel = pdf_program.section("relaterade-dokument")
    assert rel is not None
    groups = [c for c in pdf_chunks if c.kind == "group"]
    assert [c.title_path.split(TITLE_SEPARATOR)[-1] for c in groups] == list(rel.groups)
    for c, items in zip(groups, rel.groups.values(), strict=True):
        assert c.section == "relaterade-dokument"
        for item in items:
            assert item.split()[0] in c.text
    last = groups[-1]
    assert last.pages == [5, 6]  # "Övriga relaterade dokument" runs onto the last page


def test_footnote_is_its_own_chunk(pdf_program: Program, pdf_chunks: list[Chunk]) -> None:
    notes = [c for c in pdf_chunks if c.kind == "footnote"]
    assert len(notes) == 1
    assert notes[0].title_path == "Fotnot 1"
    assert notes[0].pages == [1]
    assert notes[0].text == pdf_program.footnotes[0].text
    # and no other chunk repeats it
    assert all("strategiska plan 2016" not in c.text for c in pdf_chunks if c.kind != "footnote")


def test_chunk_ids_are_unique_and_name_document_and_section(pdf_chunks: list[Chunk]) -> None:
    ids = [c.id for c in pdf_chunks]
    assert len(set(ids)) == len(ids)
    for c in pdf_chunks:
        doc, section, _ = c.id.split("#")
        assert doc == c.document
        assert section == (c.section or "-")


def test_a_section_crossing_a_page_keeps_both_pages(pdf_chunks: list[Chunk]) -> None:
    focus2 = [c for c in pdf_chunks if c.section == "2" and c.kind == "section"]
    assert len(focus2) == 1
    assert focus2[0].pages == [1, 2]
    assert [s.page for s in focus2[0].spans] == [1, 2]


def _long_program(paragraphs: int) -> tuple[Program, list[Page]]:
    body = "\n".join(
        f"Mening nummer {i} beskriver insats {i} för barn och unga i kommunen."
        for i in range(paragraphs)
    )
    half = body.count("\n") // 2
    lines = body.split("\n")
    page1 = "Fokusområde 1 – Lång\n1.1 Ett långt delmål\n" + "\n".join(lines[:half])
    page2 = "\n".join(lines[half:]) + "\nHuvudansvar: KS\n"
    pages = [Page(1, page1), Page(2, page2)]
    return parse_program("lang", pages), pages


def test_a_long_section_is_split_with_overlap() -> None:
    program, pages = _long_program(60)
    size, overlap = 400, 80
    chunks = [c for c in chunk_program(program, pages, size, overlap) if c.section == "1.1"]
    assert len(chunks) > 5
    _check_offsets(chunks, _page_text(pages))
    for c in chunks:
        assert len(c.text) <= size
        assert c.title_path.endswith("1.1 Ett långt delmål")
    # consecutive pieces share text: the start of one lies before the end of the previous
    for a, b in zip(chunks, chunks[1:], strict=False):
        a_end, b_start = a.spans[-1], b.spans[0]
        if a_end.page == b_start.page:
            assert b_start.start < a_end.end
        shared = b.text.split("\n")[0]
        assert shared in a.text
    # nothing is lost: every line of the section is in some piece
    s = program.section("1.1")
    assert s is not None
    for line in s.body.split("\n"):
        assert any(line in c.text for c in chunks), line
    assert any(c.pages == [1, 2] for c in chunks)  # one piece crosses the page break
    assert "Huvudansvar: KS" in chunks[-1].text


def test_short_sections_are_not_split() -> None:
    program, pages = _long_program(3)
    chunks = [c for c in chunk_program(program, pages, 1200, 120) if c.section == "1.1"]
    assert len(chunks) == 1


def test_text_between_lists_is_not_lost() -> None:
    text = (
        "Relaterade dokument\n"
        "Dokumenten nedan gäller hela programmet.\n"
        "Relaterade dokument för fokusområde 1\n"
        "Listan revideras varje år.\n"
        "• Trygghetsplan för centrum\n"
        "• Belysningsprogram\n"
        "Relaterade dokument för fokusområde 2\n"
        "• Fritidspolitiskt program\n"
    )
    pages = [Page(1, text)]
    program = parse_program("rel", pages)
    rel = program.section("relaterade-dokument")
    assert rel is not None and len(rel.groups) == 2
    chunks = chunk_program(program, pages)
    _check_offsets(chunks, _page_text(pages))
    every = "\n".join(c.text for c in chunks)
    for line in text.strip().split("\n"):
        assert line in every, line
    lead = [c for c in chunks if c.kind == "section"]
    assert len(lead) == 1 and "Dokumenten nedan gäller hela programmet." in lead[0].text


@pytest.mark.unit
def test_a_body_written_in_full_gets_its_abbreviation_when_the_glossary_is_sure() -> None:
    glossary = [
        {"abbreviation": "IFN", "expansion": "Individ- och familjenämnden", "confidence": "high"},
        {"abbreviation": "PN", "expansion": "Personalnämnden", "confidence": "likely"},
    ]
    aliases = aliases_from_glossary(glossary)
    owners = parse_owners("Individ- och familjenämnden, Personalnämnden", aliases)
    assert [o.abbreviation for o in owners] == ["IFN", "Personalnämnden"]
    assert [o.written for o in owners] == ["Individ- och familjenämnden", "Personalnämnden"]
