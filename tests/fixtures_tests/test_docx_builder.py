"""The .docx builder for the fictional fixture corpus writes real Word structure."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.fixtures.docx_builder import build_docx

pytestmark = pytest.mark.unit

SRC = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "multidoc"
    / "src"
    / "jamstalldhetsstrategi.txt"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(docx: Path) -> list[tuple[str | None, str]]:
    with zipfile.ZipFile(docx) as zf:
        root = ElementTree.fromstring(zf.read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        out.append((style.get(f"{W}val") if style is not None else None, text))
    return out


def test_styles_headings_bullets_and_page_break(tmp_path: Path) -> None:
    out = build_docx(SRC, tmp_path / "jamstalldhetsstrategi.docx")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= names
        styles = zf.read("word/styles.xml").decode("utf-8")
        document = zf.read("word/document.xml").decode("utf-8")
    for style_id, name in [
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("ListBullet", "List Bullet"),
    ]:
        assert re.search(rf'w:styleId="{style_id}"><w:name w:val="{name}"/>', styles), style_id
    assert document.count('<w:br w:type="page"/>') == 1
    assert "[[sidbrytning]]" not in document and "#" not in document

    paras = _paragraphs(out)
    assert (None, "Dokumentnamn: Strategi för jämställdhetsarbete i Umeå kommun") in paras
    assert ("Heading2", "Strategiskt mål 3 – Jämställd utbildning") in paras
    assert ("Heading1", "Relaterade dokument") in paras
    bullets = [text for style, text in paras if style == "ListBullet"]
    assert len(bullets) == 18
    assert all(not b.startswith("•") for b in bullets)
    assert "Handlingsplanen mot våld i nära relationer" in bullets
    assert not any(text == "---" for _, text in paras)


def test_table_and_deterministic_bytes(tmp_path: Path) -> None:
    src = tmp_path / "t.txt"
    src.write_text(
        "# Tidplan\n\nÅtgärd | Ansvarig\n1.1 | IFN & FN\n\n[[två-spalter]]\nText <a>\n[[/två-spalter]]\n",
        "utf-8",
    )
    first = build_docx(src, tmp_path / "a.docx").read_bytes()
    second = build_docx(src, tmp_path / "b.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.docx") as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert (
        document.count("<w:tr>") == 2
        and "IFN &amp; FN" in document
        and "Text &lt;a&gt;" in document
    )
    assert "två-spalter" not in document
