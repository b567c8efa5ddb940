"""The program as a municipality publishes it (house template) parses as the clean PDF does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.documents import load_document
from ingest.glossary_file import aliases_from_glossary, load_glossary
from ingest.models import LoadedDocument, Program
from ingest.structure import parse_program
from tests.conftest import CORPUS, PROGRAM_PDF, PROGRAM_TXT
from tests.fixtures.house_template import program_blocks, render

pytestmark = pytest.mark.unit

TITLE = "Program för social hållbarhet – prioriteringar 2024–2025"
# test-only cover block: fictional values, never facts about the real program
COVER = {
    "Dokumentnamn": TITLE,
    "Dokumenttyp": "Program",
    "Fastställd av": "Testfullmäktige (fiktivt)",
    "Giltighetstid": "2024–2025",
    "Dokumentansvarig": "Testenheten (fiktiv)",
    "Diarienummer": "TEST-0000/00000",
}
DEBRIS = re.compile(r"Sida \d+ av \d+|\.{4,}|\u00ad|[\ufb00-\ufb06]|Innehållsförteckning")


@pytest.fixture(scope="module")
def house_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("house") / "program-house.pdf"
    render(program_blocks(PROGRAM_TXT.read_text(encoding="utf-8"), COVER), out)
    return out


def _parse(path: Path) -> tuple[LoadedDocument, Program]:
    aliases = aliases_from_glossary(load_glossary(CORPUS))
    doc = load_document(path, {"id": "p", "title": TITLE, "adopted_by": None})
    return doc, parse_program("p", doc.pages, title=doc.title, aliases=aliases)


def test_the_template_has_what_municipal_pdfs_have(house_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(house_pdf))
    raw = [p.extract_text() for p in reader.pages]
    n = len(raw)
    assert n == 8  # cover, contents, then one page per page of the clean PDF
    assert all(f"Sida {i + 1} av {n}" in t for i, t in enumerate(raw))
    assert all("Umeå kommun" in t.split("\n")[0] for t in raw)
    assert "Innehållsförteckning" in raw[1] and "....." in raw[1]
    joined = "\n".join(raw)
    assert "\u00ad" in joined and "\ufb01" in joined and "\ufb02" in joined
    assert re.search(r"\w-\n\w", joined)  # hyphenated at a line end
    assert re.search(r"^Huvudansvar:$", joined, re.M)  # the label alone on its line
    assert "Dokumentansvarig: Testenheten (fiktiv)" in raw[0]


def test_rendering_is_deterministic(house_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    render(program_blocks(PROGRAM_TXT.read_text(encoding="utf-8"), COVER), again)
    assert again.read_bytes() == house_pdf.read_bytes()


def test_sections_identical_to_the_clean_pdf(house_pdf: Path) -> None:
    _, clean = _parse(PROGRAM_PDF)
    _, house = _parse(house_pdf)
    assert len(house.focus_areas) == 5 and len(house.sub_goals) == 14

    def rows(p: Program, shift: int) -> list[tuple[object, ...]]:
        return [
            (s.id, s.title, s.kind, s.parent, s.owner_abbreviations,
             [o.via for o in s.owners], [n + shift for n in s.pages])
            for s in p.sections
        ]  # fmt: skip

    # the same sections, owners and companies; pages shifted by the cover and the contents
    assert rows(house, 0) == rows(clean, 2)
    assert [s.groups for s in house.sections] == [s.groups for s in clean.sections]


def test_no_layout_debris_in_titles_bodies_or_owners(house_pdf: Path) -> None:
    doc, house = _parse(house_pdf)
    for s in house.sections:
        for text in (s.title, s.body, *[o.written for o in s.owners]):
            assert not DEBRIS.search(text), (s.id, DEBRIS.search(text))
            assert not re.search(r"[a-zåäö]- [a-zåäö]", text), (s.id, text)
        assert TITLE + " Umeå kommun" not in s.body
    for page in doc.pages:
        assert not DEBRIS.search(page.text), page.number


def test_cleaning_is_reported(house_pdf: Path) -> None:
    doc, _ = _parse(house_pdf)
    removed = doc.meta["layout"]["removed"]
    assert removed["headers_footers"] == 8 and removed["page_numbers"] == 8
    assert removed["contents_lines"] > 20 and removed["hyphenations"] > 0
    assert doc.meta["layout"]["cover_page"] == 1
    assert doc.meta["layout"]["contents_pages"] == [2]
    entries = doc.meta["contents"]
    assert entries[0] == {"text": "Inledning", "page": 3, "on_page": 2}
    assert any(e["text"].startswith("Fokusområde 2 – Umeå kommun") and
               e["text"].endswith("sina egna liv") for e in entries)  # fmt: skip


def test_cover_metadata_fills_what_the_manifest_leaves_open(house_pdf: Path) -> None:
    doc, _ = _parse(house_pdf)
    assert doc.meta["cover"]["Diarienummer"] == "TEST-0000/00000"
    assert doc.meta["adopted_by"] == "Testfullmäktige (fiktivt)"  # the manifest said null
    assert doc.meta["responsible"] == "Testenheten (fiktiv)"
    assert doc.meta["warnings"] == []


def test_cover_disagreeing_with_the_manifest_warns_and_the_manifest_wins(
    house_pdf: Path,
) -> None:
    doc = load_document(house_pdf, {"id": "p", "title": TITLE, "adopted_by": "Kommunstyrelsen",
                                    "valid_from": 2024, "valid_to": 2026})  # fmt: skip
    assert doc.meta["adopted_by"] == "Kommunstyrelsen"
    assert doc.meta["valid_to"] == 2026
    codes = {(w["code"], w["field"]) for w in doc.meta["warnings"]}
    assert codes == {("cover_disagrees", "adopted_by"), ("cover_disagrees", "valid_to")}
