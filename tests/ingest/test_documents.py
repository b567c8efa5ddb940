"""Loaders (PDF, .txt, .md, .docx) and every kind of bad input, with its Swedish message."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest

from ingest.documents import load_document, split_text_pages
from ingest.errors import IngestError
from ingest.messages import Messages
from ingest.structure import parse_program
from styrdok.cli import error_text
from styrdok.settings import PROJECT_ROOT
from tests.conftest import OCR_TEXT, PROGRAM_PDF, PROGRAM_TXT, require_ocr_text
from tests.ingest.fixture_docs import (
    program_text,
    write_docx,
    write_encrypted_pdf,
    write_image_only_pdf,
    write_long_pdf,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def msgs() -> Messages:
    return Messages.load(PROJECT_ROOT / "prompts")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fails(path: Path, code: str, msgs: Messages, *reason: str) -> str:
    """Loading `path` fails with `code`; the Swedish message names the file and the reason."""
    with pytest.raises(IngestError) as info:
        load_document(path)
    assert info.value.code == code
    text = error_text(msgs, info.value)
    assert str(path) in text
    assert text != str(info.value)  # rendered from a template, not the bare exception
    for r in reason:
        assert r in text, text
    return text


# --- good input ------------------------------------------------------------------------------


def test_pdf_pages_match_the_transcription() -> None:
    doc = load_document(PROGRAM_PDF, {"id": "prog", "title": "Programmet", "kind": "program"})
    expected = PROGRAM_TXT.read_text(encoding="utf-8").split("\f")
    assert [p.number for p in doc.pages] == list(range(1, len(expected) + 1)) == [1, 2, 3, 4, 5, 6]
    for page, text in zip(doc.pages, expected, strict=True):
        assert _norm(page.text) == _norm(text), page.number
    assert (doc.doc_id, doc.title, doc.kind) == ("prog", "Programmet", "program")
    assert len(doc.sha256) == 64


def test_ocr_text_pages_start_at_lines_opening_with_a_space() -> None:
    require_ocr_text()
    raw = OCR_TEXT.read_text(encoding="utf-8")
    doc = load_document(OCR_TEXT)
    openers = [ln[1:] for ln in raw.split("\n") if ln.startswith(" ") and ln.strip()]
    assert len(doc.pages) == len(openers) == 6
    for page, opener in zip(doc.pages, openers, strict=True):
        assert page.text.split("\n")[0] == opener
    assert doc.doc_id == "program-social-hallbarhet-2024-2025-ocr"
    assert doc.pages[2].text.startswith("33 Forebyggande")


def test_text_with_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Sida ett.\n\fSida två.\n\fSida tre.", encoding="utf-8")
    doc = load_document(path)
    assert [p.text for p in doc.pages] == ["Sida ett.\n", "Sida två.\n", "Sida tre."]
    assert doc.doc_id == "plan"


def test_text_without_page_marks_is_one_page(tmp_path: Path) -> None:
    path = tmp_path / "Anteckning om Umeå.txt"
    path.write_text("Första raden.\n  indragen rad i ett stycke\nSista raden.\n", encoding="utf-8")
    doc = load_document(path)
    assert len(doc.pages) == 1
    assert doc.doc_id == "anteckning-om-umea"


def test_split_text_pages_crlf_and_bom(tmp_path: Path) -> None:
    assert split_text_pages("a\r\nb\fc") == ["a\nb", "c"]
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFokusområde 1 – Test\r\n".encode())
    assert load_document(path).pages[0].text == "Fokusområde 1 – Test\n"


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        "# Plan för fritid\n\n## Fokusområde 1 – Fritid för alla\n\n"
        "### 1.1 Öppna hallar\n\nText.\n\nHuvudansvar: FN, KN\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert len(doc.pages) == 1
    program = parse_program(doc.doc_id, doc.pages)
    s = program.section("1.1")
    assert s is not None and s.owner_abbreviations == ["FN", "KN"]


def test_docx_paragraphs_and_page_breaks(tmp_path: Path) -> None:
    pages = [p.split("\n") for p in program_text().split("\f")]
    path = write_docx(tmp_path / "trygghet.docx", pages)
    doc = load_document(path)
    assert len(doc.pages) == 2
    assert doc.pages[0].text.startswith("Program för trygghet och fritid – prioriteringar")
    assert doc.pages[1].text.startswith("Fokusområde 2 – Fritid för alla barn")
    program = parse_program(doc.doc_id, doc.pages)
    assert [s.id for s in program.sub_goals] == ["1.1", "1.2", "2.1"]
    assert program.section("2.1").pages == [2]  # type: ignore[union-attr]
    assert program.section("1.1").owner_abbreviations == ["KN", "FN"]  # type: ignore[union-attr]


def test_docx_tabs_and_line_breaks(tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Huvudansvar:</w:t><w:tab/>'
        "<w:t>KS</w:t><w:br/><w:t>Nästa rad</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "tab.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    assert load_document(path).pages[0].text == "Huvudansvar:\tKS\nNästa rad"


def test_encrypted_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    path = write_encrypted_pdf(PROGRAM_PDF, tmp_path / "olast.pdf", user_password="")
    doc = load_document(path)
    assert len(doc.pages) == 6
    assert doc.pages[0].text.startswith("Inledning")


def test_a_300_page_pdf_with_progress(tmp_path: Path) -> None:
    path = write_long_pdf(tmp_path / "lang.pdf", 300)
    calls: list[tuple[int, int]] = []
    doc = load_document(path, progress=lambda done, total: calls.append((done, total)))
    assert len(doc.pages) == 300
    assert calls == [(i, 300) for i in range(1, 301)]
    assert doc.pages[149].text.strip() == "Sida 150: område 150."
    assert doc.pages[299].text.strip() == "Sida 300: område 300."


# --- bad input -------------------------------------------------------------------------------


def test_encrypted_pdf(tmp_path: Path, msgs: Messages) -> None:
    path = write_encrypted_pdf(PROGRAM_PDF, tmp_path / "hemlig.pdf")
    _fails(path, "encrypted", msgs, "krypterad", "lösenordsskyddad")


def test_garbage_pdf(tmp_path: Path, msgs: Messages) -> None:
    path = tmp_path / "skrap.pdf"
    path.write_bytes(b"Detta \xe4r ingen PDF alls.\n" * 20)
    _fails(path, "corrupt", msgs, "trasig")


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.95])
def test_truncated_pdf(
    tmp_path: Path, msgs: Messages, fraction: float, caplog: pytest.LogCaptureFixture
) -> None:
    data = PROGRAM_PDF.read_bytes()
    path = tmp_path / "avklippt.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    caplog.set_level(logging.WARNING)
    level = logging.getLogger("pypdf").level
    _fails(path, "corrupt", msgs, "trasig eller ofullständig")
    # pypdf's own English warnings stay out of the user's terminal; our message says it all
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == level


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path, msgs: Messages) -> None:
    # each page has a "Sida N" footer: a few letters per page, many in all, no text layer
    path = write_image_only_pdf(tmp_path / "inskannad.pdf", pages=12)
    _fails(path, "no_text_layer", msgs, "textlager", "OCR-behandlas")


def test_pdf_with_only_empty_pages_needs_ocr(tmp_path: Path, msgs: Messages) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    path = tmp_path / "tom-sida.pdf"
    pdf.output(str(path))
    _fails(path, "no_text_layer", msgs, "OCR-behandlas")


def test_pdf_without_pages(tmp_path: Path, msgs: Messages) -> None:
    from pypdf import PdfWriter

    path = tmp_path / "inga-sidor.pdf"
    PdfWriter().write(path)
    _fails(path, "no_pages", msgs, "inga sidor")


@pytest.mark.parametrize("name", ["tom.pdf", "tom.txt", "tom.md", "tom.docx", "blanksteg.txt"])
def test_empty_file(tmp_path: Path, msgs: Messages, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"  \n\n" if name.startswith("blanksteg") else b"")
    _fails(path, "empty", msgs, "tom")


def test_non_utf8_text(tmp_path: Path, msgs: Messages) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Huvudansvar: KS, ÄN\nUmeå kommun".encode("latin-1"))
    text = _fails(path, "not_utf8", msgs, "UTF-8")
    assert "byte 17" in text  # where the first non-UTF-8 byte (Ä) is


def test_unknown_file_type(tmp_path: Path, msgs: Messages) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    _fails(path, "unsupported", msgs, ".xlsx", "stöds inte")


def test_file_without_suffix(tmp_path: Path, msgs: Messages) -> None:
    path = tmp_path / "README"
    path.write_text("text", encoding="utf-8")
    _fails(path, "no_suffix", msgs, "filändelse")


def test_missing_file(tmp_path: Path, msgs: Messages) -> None:
    _fails(tmp_path / "finns-inte.pdf", "missing", msgs, "finns inte")


@pytest.mark.parametrize(
    "content", [b"inte en zip-fil", b"PK\x03\x04trasig", "zip utan dokument", "zip med trasig xml"]
)
def test_corrupt_docx(tmp_path: Path, msgs: Messages, content: bytes | str) -> None:
    path = tmp_path / "rapport.docx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as z:
            if content == "zip utan dokument":
                z.writestr("word/styles.xml", "<styles/>")
            else:
                z.writestr("word/document.xml", "<w:document><w:body>")
    text = _fails(path, "corrupt_docx", msgs, "Word-filen", "trasig")
    assert "PDF" not in text
