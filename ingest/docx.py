"""Word (.docx) documents -> pages of lines: headings from paragraph styles, list items as
bulleted lines, pages where Word stores them (explicit page breaks, the last rendered page
break, page-break-before); a document with none of these is not paged."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .errors import IngestError
from .layout import TextLine

NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE_RE = re.compile(r"^(heading|rubrik|title|rubrik\s*\d|titel)\s*\d*$", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(
    r"^(list\s*bullet|list\s*number|punktlista|liststycke|list\s*paragraph)", re.IGNORECASE
)
BULLET = "• "


def _style_names(z: zipfile.ZipFile) -> dict[str, str]:
    """styleId -> style name ("Rubrik1" -> "heading 1"), when the file has styles.xml."""
    try:
        root = ElementTree.fromstring(z.read("word/styles.xml"))
    except KeyError:
        return {}
    names: dict[str, str] = {}
    for st in root.iter(f"{NS}style"):
        sid = st.get(f"{NS}styleId") or ""
        name = st.find(f"{NS}name")
        names[sid] = name.get(f"{NS}val", sid) if name is not None else sid
    return names


def _flush(pages: list[list[TextLine]], parts: list[str], heading: bool, bullet: bool) -> None:
    """The paragraph's text so far as one line of the current page."""
    text = "".join(parts)
    if bullet and text.strip():
        text = BULLET + text.strip()
    pages[-1].append(TextLine(text, heading))
    parts.clear()


def _paragraphs(root: ElementTree.Element) -> list[ElementTree.Element]:
    """The body's paragraphs in order; a table gives its rows (read as ' | '-separated lines)."""
    out: list[ElementTree.Element] = []
    body = root.find(f"{NS}body")

    def walk(node: ElementTree.Element) -> None:
        for child in node:
            if child.tag == f"{NS}p":
                out.append(child)
            elif child.tag == f"{NS}tbl":
                out.extend(child.iter(f"{NS}tr"))
            elif child.tag != f"{NS}sectPr":
                walk(child)  # content controls and the like

    walk(body if body is not None else root)
    return out


def load_docx(path: Path) -> tuple[list[list[TextLine]], bool]:
    """(pages of lines, paged?)."""
    if path.stat().st_size == 0:
        raise IngestError("empty", str(path))
    try:
        with zipfile.ZipFile(path) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
            styles = _style_names(z)
    except Exception as exc:
        # not a zip, no document part, bad XML, bad compression: the file is damaged
        raise IngestError("corrupt_docx", str(path), type(exc).__name__) from exc
    pages: list[list[TextLine]] = [[]]
    paged = False

    def new_page() -> None:
        nonlocal paged
        paged = True
        pages.append([])

    for para in _paragraphs(root):
        if para.tag == f"{NS}tr":
            cells = [
                " ".join("".join(t.text or "" for t in p.iter(f"{NS}t")) for p in tc.iter(f"{NS}p"))
                for tc in para.iter(f"{NS}tc")
            ]
            pages[-1].append(TextLine(" | ".join(c.strip() for c in cells)))
            continue
        ppr = para.find(f"{NS}pPr")
        style = ""
        listed = False
        if ppr is not None:
            ps = ppr.find(f"{NS}pStyle")
            if ps is not None:
                sid = ps.get(f"{NS}val", "")
                style = styles.get(sid, sid)
            listed = ppr.find(f"{NS}numPr") is not None
            if ppr.find(f"{NS}pageBreakBefore") is not None and any(pages[-1]):
                new_page()
        heading = bool(_HEADING_STYLE_RE.match(style.strip()))
        bullet = not heading and (listed or bool(_LIST_STYLE_RE.match(style.strip())))
        parts: list[str] = []
        flush = functools.partial(_flush, pages, parts, heading, bullet)

        for node in para.iter():
            if node.tag == f"{NS}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{NS}tab":
                parts.append("\t")
            elif node.tag == f"{NS}lastRenderedPageBreak" and (parts or pages[-1]):
                if parts:
                    flush()
                new_page()
            elif node.tag == f"{NS}br" and node.get(f"{NS}type") == "page":
                flush()
                new_page()
            elif node.tag in (f"{NS}br", f"{NS}cr"):
                flush()  # a line break inside the paragraph
        flush()
        if ppr is not None:
            sect = ppr.find(f"{NS}sectPr")
            kind = sect.find(f"{NS}type") if sect is not None else None
            if sect is not None and (kind is None or kind.get(f"{NS}val") != "continuous"):
                new_page()
    if pages and not any(ln.text.strip() for ln in pages[-1]) and len(pages) > 1:
        pages.pop()
    if not any(ln.text.strip() for p in pages for ln in p):
        raise IngestError("empty", str(path))
    return pages, paged
