"""Loaders: a file on disk -> pages of text with page numbers. pypdf stays in this module."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import IngestError
from .models import LoadedDocument, Page

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".docx")
FORM_FEED = "\f"
# fewer letters than this on every page of a PDF means there is no usable text layer
# (a scanned document may still carry a short text line per page, e.g. a page number)
_MIN_LETTERS_PER_PAGE = 20


def slugify(text: str) -> str:
    from .text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "dokument"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def split_text_pages(text: str) -> list[str]:
    """Pages of a plain-text document.

    A form feed separates pages. Failing that, the OCR convention of a line that starts with a
    space marks a new page (the first line may too). Otherwise the text is one page.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if FORM_FEED in text:
        pages = text.split(FORM_FEED)
        if pages and not pages[0].strip():
            pages = pages[1:]
        return pages
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if ln.startswith(" ") and ln.strip()]
    # the convention is only trusted when the first non-empty line opens a page and
    # page-opening lines are rare (a handful per document, not indented paragraphs)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None and starts and starts[0] == first and len(starts) * 15 <= len(lines):
        pages = []
        bounds = [*starts, len(lines)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            chunk = lines[a:b]
            chunk[0] = chunk[0][1:]
            pages.append("\n".join(chunk))
        return pages
    return [text]


def _load_pdf(path: Path, progress: Callable[[int, int], None] | None) -> list[str]:
    from pypdf.errors import FileNotDecryptedError

    if path.stat().st_size == 0:
        raise IngestError("empty", str(path))
    try:
        with _quiet("pypdf"):  # its warnings ("EOF marker not found") would reach the user
            pages = _read_pdf(path, progress)
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError("encrypted", str(path)) from exc
    except Exception as exc:
        # a damaged file makes pypdf fail in many ways (PdfReadError, but also KeyError,
        # AttributeError, RecursionError ...): each is this file's problem, not the batch's
        raise IngestError("corrupt", str(path), type(exc).__name__) from exc
    if all(sum(ch.isalpha() for ch in p) < _MIN_LETTERS_PER_PAGE for p in pages):
        raise IngestError("no_text_layer", str(path))
    return [_clean_pdf_text(p) for p in pages]


def _read_pdf(path: Path, progress: Callable[[int, int], None] | None) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")  # an empty user password is still "encrypted" to pypdf
        except Exception as exc:  # pypdf raises several types here
            raise IngestError("encrypted", str(path)) from exc
        if not ok:
            raise IngestError("encrypted", str(path))
    n = len(reader.pages)
    if n == 0:
        raise IngestError("no_pages", str(path))
    pages: list[str] = []
    for i, page in enumerate(reader.pages):
        pages.append(page.extract_text() or "")
        if progress:
            progress(i + 1, n)
    return pages


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Only errors from this library's logger while the block runs."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _clean_pdf_text(text: str) -> str:
    import unicodedata

    # compose å/ä/ö that some PDF producers emit as base letter + combining mark
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _load_text(path: Path) -> list[str]:
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("empty", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError("not_utf8", str(path), f"byte {exc.start}") from exc
    import unicodedata

    return split_text_pages(unicodedata.normalize("NFC", text))


def _load_docx(path: Path) -> list[str]:
    """Paragraphs of word/document.xml, one per line; an explicit page break starts a page."""
    import zipfile
    from xml.etree import ElementTree

    if path.stat().st_size == 0:
        raise IngestError("empty", str(path))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
    except Exception as exc:
        # not a zip, no document part, bad XML, bad compression: the file is damaged
        raise IngestError("corrupt_docx", str(path), type(exc).__name__) from exc
    pages: list[list[str]] = [[]]
    for para in root.iter(f"{ns}p"):
        parts: list[str] = []
        for node in para.iter():
            if node.tag == f"{ns}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{ns}tab":
                parts.append("\t")
            elif node.tag == f"{ns}br" and node.get(f"{ns}type") == "page":
                pages[-1].append("".join(parts))
                parts = []
                pages.append([])
            elif node.tag in (f"{ns}br", f"{ns}cr"):
                parts.append("\n")  # a line break inside the paragraph
        pages[-1].append("".join(parts))
    texts = ["\n".join(p) for p in pages]
    if not any(t.strip() for t in texts):
        raise IngestError("empty", str(path))
    return texts


def load_document(
    path: Path,
    entry: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoadedDocument:
    """Load one file. `entry` is its manifest entry, when it has one. Raises IngestError."""
    if not path.exists():
        raise IngestError("missing", str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if not suffix:
            raise IngestError("no_suffix", str(path))
        raise IngestError("unsupported", str(path), suffix)
    if suffix == ".pdf":
        texts = _load_pdf(path, progress)
    elif suffix == ".docx":
        texts = _load_docx(path)
    else:
        texts = _load_text(path)
    entry = entry or {}
    doc_id = entry.get("id") or slugify(path.stem)
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    return LoadedDocument(
        doc_id=doc_id,
        path=str(path),
        title=entry.get("title") or path.stem,
        kind=entry.get("kind") or "dokument",
        pages=pages,
        sha256=file_sha256(path),
        meta={k: v for k, v in entry.items() if k not in {"id", "title", "kind"}},
    )
