"""Small documents the ingest tests write for themselves: another program, PDFs, a .docx."""

from __future__ import annotations

import functools
import importlib.util
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

from tests.conftest import CORPUS

# Another program with the same conventions as Umeå's: focus areas, sub-goals (one written the
# OCR way, "12 Title" without the dot), Huvudansvar lists (one without the comma before UKF, one
# running onto the next line), a footnote at the foot of page 1, and an OCR-mangled heading.
FIXTURE_PROGRAM = """\
Program för trygghet och fritid – prioriteringar 2026–2027

Inledning

Programmet pekar ut vad nämnderna ska prioritera under perioden 2026–2027¹.

Fokusområde 1 – Trygga offentliga miljöer

Offentliga platser ska vara trygga för alla, dygnet runt.

1.1 Belysa gång- och cykelvägar

Belysningen ska förbättras längs de stråk som används mest av gående.

Huvudansvar: {owners_11}

12 Öka vuxennärvaron i centrum

Nattvandring och fältarbete samordnas med föreningslivet.

Huvudansvar: {owners_12}

¹ Se kommunens trygghetsplan för en beskrivning av arbetet.
\fFokusområde 2 – Fritid för alla barn
och unga i kommunen

Fritidsaktiviteter ska vara öppna oavsett föräldrarnas inkomst.

2.1 Avgiftsfria lovaktiviteter

Alla barn ska kunna delta i lovaktiviteter utan kostnad under sommarlovet.

Huvudansvar: {owners_21}

Uppfdljning

Kommunstyrelsen följer upp programmet varje år.

Relaterade dokument
Relaterade dokument för fokusområde 1

• Trygghetsplan för centrum

• Belysningsprogram 2025–2030

Relaterade dokument för fokusområde 2

• Fritidspolitiskt program
"""

DEFAULT_OWNERS = {
    "owners_11": "KN, FN",
    "owners_12": "TN, BN UKF genom Bostaden",
    "owners_21": "FN, IFN,\nKS",
}


def program_text(**owners: str) -> str:
    return FIXTURE_PROGRAM.format(**{**DEFAULT_OWNERS, **owners})


def write_program(path: Path, **owners: str) -> Path:
    """The fixture program as UTF-8 text (pages separated by form feeds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(program_text(**owners), encoding="utf-8")
    return path


def write_note(path: Path, text: str) -> Path:
    """A one-page plain-text document (e.g. a related document)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@functools.cache
def _render_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_pdf", CORPUS / "render_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def render_pdf(src: Path, out: Path) -> Path:
    """Render a \\f-paged text file to a PDF with a real text layer (the corpus's own renderer)."""
    _render_module().render(src, out)
    return out


def font_file() -> Path:
    return Path(_render_module().find_font_dir()) / "DejaVuSans.ttf"


def write_long_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages: a title page, then page N says "Sida N: område N."."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVuSans", "", str(font_file()))
    pdf.set_font("DejaVuSans", size=11)
    for n in range(1, pages + 1):
        pdf.add_page()
        if n == 1:
            pdf.cell(text="Ett långt dokument där varje sida har ett nummer.")
        else:
            pdf.cell(text=f"Sida {n}: område {n}.")
    pdf.output(str(path))
    return path


def write_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: a filled shape and a "Sida N" footer per page, no text to speak of."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=8)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(20, 20, 170, 240, style="F")
        pdf.set_xy(100, 285)
        pdf.cell(text=f"Sida {n}")
    pdf.output(str(path))
    return path


def write_encrypted_pdf(src: Path, out: Path, user_password: str = "hemligt") -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(src))
    writer.encrypt(user_password=user_password, owner_password=user_password + "-agare")
    with out.open("wb") as f:
        writer.write(f)
    return out


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def write_docx(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A minimal .docx built by hand: one paragraph per line, a page break between pages.

    A paragraph's text is split over two runs, as Word does, to check they are joined.
    """
    paras: list[str] = []
    for i, page in enumerate(pages):
        for j, line in enumerate(page):
            brk = '<w:r><w:br w:type="page"/></w:r>' if i > 0 and j == 0 else ""
            half = len(line) // 2
            runs = "".join(
                f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
                for part in (line[:half], line[half:])
                if part
            )
            paras.append(f"<w:p>{brk}{runs}</w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(paras)}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return path


def make_corpus(corpus_dir: Path, manifest: Sequence[Mapping[str, object]] = ()) -> Path:
    """A corpus dir with the real glossary and, when given, a manifest of the files in it."""
    import json
    import shutil

    corpus_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / "glossary.json", corpus_dir / "glossary.json")
    if manifest:
        (corpus_dir / "manifest.json").write_text(
            json.dumps({"documents": [dict(m) for m in manifest]}, ensure_ascii=False),
            encoding="utf-8",
        )
    return corpus_dir


NOTE_TEXT = """\
Bakgrund

Kommunen har sedan länge arbetat med {topic} i samverkan med föreningar och studieförbund.

Syfte med planen

Planen ska samla insatserna för {topic} och göra dem lättare att följa upp.

Uppföljning

Kulturnämnden redovisar arbetet med {topic} varje höst.
"""


def write_topic_note(path: Path, topic: str) -> Path:
    """A small related document with three sections about `topic` (three chunks)."""
    return write_note(path, NOTE_TEXT.format(topic=topic))
