"""Loaders: a file on disk -> pages of text with page numbers. pypdf stays in this module."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .clean import Cleaned, clean_pages
from .docx import load_docx
from .errors import IngestError
from .layout import Fragment, TextLine, body_size, page_lines
from .metadata import cover_meta
from .models import LoadedDocument, Page

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".docx")
FORM_FEED = "\f"
# fewer letters than this on every page of a PDF means there is no usable text layer
# (a scanned document may still carry a short text line per page, e.g. a page number)
_MIN_LETTERS_PER_PAGE = 20
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+\S")


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


def _load_pdf(path: Path, progress: Callable[[int, int], None] | None) -> list[list[TextLine]]:
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
    letters = [sum(ch.isalpha() for ln in p for ch in ln.text) for p in pages]
    if all(n < _MIN_LETTERS_PER_PAGE for n in letters):
        raise IngestError("no_text_layer", str(path))
    return [[TextLine(_clean_pdf_text(ln.text), ln.heading) for ln in p] for p in pages]


def _page_fragments(page: Any) -> list[Fragment]:
    """What pypdf's text visitor sees on a page: text at positions, with font and size."""
    frags: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        name = str((font or {}).get("/BaseFont", ""))
        frags.append(Fragment(x, y, text, "bold" in name.lower(), float(size) * (scale or 1.0)))

    page.extract_text(visitor_text=visit)
    return frags


def _read_pdf(path: Path, progress: Callable[[int, int], None] | None) -> list[list[TextLine]]:
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
    frags: list[tuple[list[Fragment], float]] = []
    for i, page in enumerate(reader.pages):
        frags.append((_page_fragments(page), float(page.mediabox.width)))
        if progress:
            progress(i + 1, n)
    body = body_size([f for page_frags, _ in frags for f in page_frags])
    return [page_lines(f, width, body) for f, width in frags]


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
    paged = True
    if suffix == ".pdf":
        raw = _load_pdf(path, progress)
    elif suffix == ".docx":
        raw, paged = load_docx(path)
    else:
        raw = [_text_lines(t) for t in _load_text(path)]
    entry = entry or {}
    doc_id = entry.get("id") or slugify(path.stem)
    cleaned = clean_pages(raw)
    pages = [
        Page(number=i + 1, text="\n".join(ln.text for ln in lines))
        for i, lines in enumerate(cleaned.pages)
    ]
    title = entry.get("title") or cleaned.cover.get("Dokumentnamn") or path.stem
    meta = {k: v for k, v in entry.items() if k not in {"id", "title", "kind"}}
    meta.update(layout_meta(cleaned, paged))
    meta.update(cover_meta(cleaned.cover, entry))
    return LoadedDocument(
        doc_id=doc_id,
        path=str(path),
        title=title,
        kind=entry.get("kind") or meta.get("cover_kind") or "dokument",
        pages=pages,
        sha256=file_sha256(path),
        meta=meta,
    )


def _text_lines(text: str) -> list[TextLine]:
    """A text page's lines; a Markdown heading ("## 3.2 …") is a heading line."""
    return [TextLine(ln, bool(_MD_HEADING_RE.match(ln))) for ln in text.split("\n")]


def layout_meta(cleaned: Cleaned, paged: bool) -> dict[str, Any]:
    """What the cleaning found, kept with the document (and stored in the index)."""
    headings = {
        str(i + 1): [j for j, ln in enumerate(lines) if ln.heading]
        for i, lines in enumerate(cleaned.pages)
    }
    return {
        "paged": paged,
        "layout": {
            "headings": {k: v for k, v in headings.items() if v},
            "removed": dict(cleaned.removed),
            "cover_page": cleaned.cover_page,
            "contents_pages": cleaned.contents_pages,
        },
        "contents": [
            {"text": e.text, "page": e.page, "on_page": e.on_page} for e in cleaned.contents
        ],
        "cover": dict(cleaned.cover),
    }
