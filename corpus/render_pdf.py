#!/usr/bin/env python3
"""Render the corpus transcription to a PDF with a real text layer, and check it.

The source is a UTF-8 text file whose pages are separated by a form feed
(``\\f``) at the start of each new page's first line. Every source page becomes
exactly one A4 page and every source line one PDF line; the script fails if a
line is too wide or a page too long, instead of wrapping or spilling over.

    python corpus/render_pdf.py                # render
    python corpus/render_pdf.py --check        # render, then verify with pypdf
    python corpus/render_pdf.py --check-only   # verify an existing PDF

The output is deterministic: a fixed creation date, and fpdf2 derives the
PDF /ID from the content, so re-rendering gives identical bytes (given the
same fpdf2 version and font files).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader

CORPUS_DIR = Path(__file__).resolve().parent
DEFAULT_SRC = CORPUS_DIR / "program-social-hallbarhet-2024-2025.txt"
DEFAULT_OUT = CORPUS_DIR / "program-social-hallbarhet-2024-2025.pdf"

TITLE = "Program för social hållbarhet – prioriteringar 2024–2025"
LANGUAGE = "sv-SE"
# Fixed, deliberately meaningless timestamp (the zip/wheel reproducible-build
# epoch). It records nothing about the document itself.
CREATION_DATE = datetime(1980, 1, 1, tzinfo=UTC)

PAGE_BREAK = "\f"

# Layout (mm / pt). Chosen so that every line of the current corpus fits on
# one PDF line and every source page on one A4 page.
MARGIN_MM = 18.0
BODY_PT = 9.0
FOCUS_HEADING_PT = 10.5
FOOTNOTE_PT = 7.5
LINE_FACTOR = 1.45  # line height = font size * factor
BLANK_LINE_MM = 2.2

# Font: DejaVu Sans (Debian package fonts-dejavu-core; matplotlib also bundles
# it). It covers å ä ö é – — • ¹ and fpdf2 applies no ligatures to it.
FONT_FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT_DIR_ENV = "STYRDOK_FONT_DIR"

# Headings rendered in bold. A heading continues onto directly following
# lines that start with a lower-case letter (headings split over two lines,
# e.g. "3.1 ... i kommunens utveckling" / "ska säkerställas").
FOCUS_HEADING_RE = re.compile(r"^Fokusområde \d+ ")
SUBGOAL_HEADING_RE = re.compile(r"^\d+\.\d+ ")
NAMED_HEADING_RE = re.compile(
    r"^(Inledning|Uppföljning|Övriga relaterade dokument|"
    r"Riktade utvecklingsanslag\b.*|Relaterade dokument\b.*|"
    r"Tilläggsuppdrag inom\b.*|Tilläggsuppdrag)$"
)
FOOTNOTE_RE = re.compile(r"^[¹²³] ")


class LayoutError(RuntimeError):
    """Raised when text would not fit on its single PDF page or line."""


@dataclass(frozen=True)
class Line:
    text: str
    style: str  # "" regular, "B" bold
    size_pt: float


def split_pages(text: str) -> list[str]:
    """Split the transcription into pages on form feeds."""
    text = text.removeprefix(PAGE_BREAK)
    return [page.rstrip("\n") for page in text.split(PAGE_BREAK)]


def classify(page: str) -> list[Line]:
    """Assign a style and size to each line of a page."""
    lines: list[Line] = []
    in_heading = False
    in_footnote = False
    for raw in page.split("\n"):
        text = raw.rstrip()
        if not text:
            in_heading = False
            lines.append(Line("", "", BODY_PT))
            continue
        if FOOTNOTE_RE.match(text):
            in_footnote = True
        if in_footnote:
            lines.append(Line(text, "", FOOTNOTE_PT))
            continue
        if FOCUS_HEADING_RE.match(text):
            in_heading = True
            lines.append(Line(text, "B", FOCUS_HEADING_PT))
        elif SUBGOAL_HEADING_RE.match(text) or NAMED_HEADING_RE.match(text):
            in_heading = True
            lines.append(Line(text, "B", BODY_PT))
        elif in_heading and text[0].islower():
            prev = lines[-1]
            lines.append(Line(text, "B", prev.size_pt))
        else:
            in_heading = False
            lines.append(Line(text, "", BODY_PT))
    return lines


def find_font_dir() -> Path:
    """Locate a directory holding the DejaVu Sans TTF files."""
    candidates: list[Path] = []
    if env := os.environ.get(FONT_DIR_ENV):
        candidates.append(Path(env))
    candidates.append(Path("/usr/share/fonts/truetype/dejavu"))
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            candidates.append(Path(loc) / "mpl-data" / "fonts" / "ttf")
    for directory in candidates:
        if all((directory / name).is_file() for name in FONT_FILES.values()):
            return directory
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"DejaVu Sans not found (tried: {tried}). Install the Debian package "
        f"fonts-dejavu-core or set {FONT_DIR_ENV}."
    )


def render(src: Path, out: Path) -> int:
    """Render ``src`` to ``out``; return the number of pages written."""
    pages = split_pages(src.read_text(encoding="utf-8"))
    font_dir = find_font_dir()

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_title(TITLE)
    pdf.set_lang(LANGUAGE)
    pdf.set_creation_date(CREATION_DATE)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, str(font_dir / name))

    max_width = pdf.epw
    bottom = pdf.h - MARGIN_MM
    for page_no, page in enumerate(pages, start=1):
        pdf.add_page()
        for line in classify(page):
            if not line.text:
                height = BLANK_LINE_MM
            else:
                height = line.size_pt * LINE_FACTOR * 25.4 / 72
                pdf.set_font(FONT_FAMILY, line.style, line.size_pt)
                width = pdf.get_string_width(line.text)
                if width > max_width:
                    raise LayoutError(
                        f"page {page_no}: line is {width:.1f} mm wide, "
                        f"max {max_width:.1f} mm: {line.text!r}"
                    )
            if pdf.get_y() + height > bottom:
                raise LayoutError(
                    f"page {page_no} does not fit on one A4 page (overflows at {line.text!r})"
                )
            if line.text:
                pdf.cell(w=max_width, h=height, text=line.text)
            pdf.ln(height)

    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return len(pages)


def normalise(text: str) -> str:
    """Collapse all whitespace runs (incl. newlines, form feeds) to one space."""
    return " ".join(text.split())


def non_blank_lines(text: str) -> list[str]:
    """Lines with surrounding whitespace stripped, blank ones dropped."""
    return [stripped for line in text.splitlines() if (stripped := line.strip())]


def suspicious_chars(text: str) -> list[str]:
    """Characters that betray a broken text layer."""
    bad: list[str] = []
    for ch in sorted(set(text)):
        cp = ord(ch)
        if (
            unicodedata.combining(ch)  # decomposed å/ä/ö
            or 0xFB00 <= cp <= 0xFB4F  # ligatures
            or 0xE000 <= cp <= 0xF8FF  # private use
            or ch == "\ufffd"
            or (unicodedata.category(ch) == "Cc" and ch not in "\n\t\r\f")
        ):
            bad.append(f"U+{cp:04X} {unicodedata.name(ch, '?')}")
    return bad


def first_difference(expected: str, actual: str) -> str:
    i = next(
        (k for k, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    return f"at char {i}: expected {expected[i : i + 60]!r}, got {actual[i : i + 60]!r}"


def check(src: Path, out: Path) -> list[str]:
    """Compare the PDF text layer with the transcription; return problems."""
    pages = split_pages(src.read_text(encoding="utf-8"))
    reader = PdfReader(str(out))
    problems: list[str] = []
    if len(reader.pages) != len(pages):
        problems.append(f"PDF has {len(reader.pages)} pages, transcription has {len(pages)}")
    meta_title = reader.metadata.title if reader.metadata else None
    if meta_title != TITLE:
        problems.append(f"PDF title is {meta_title!r}, expected {TITLE!r}")
    pairs = zip(pages, reader.pages, strict=False)
    for page_no, (page, pdf_page) in enumerate(pairs, start=1):
        extracted = pdf_page.extract_text()
        bad = suspicious_chars(extracted)
        if bad:
            problems.append(f"page {page_no}: suspicious characters: {bad}")
        expected, actual = normalise(page), normalise(extracted)
        if expected != actual:
            problems.append(f"page {page_no}: text differs {first_difference(expected, actual)}")
        elif non_blank_lines(page) != non_blank_lines(extracted):
            problems.append(f"page {page_no}: same words, but line breaks differ")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="transcription (.txt)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PDF to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="render, then verify the text layer")
    mode.add_argument("--check-only", action="store_true", help="only verify an existing PDF")
    args = parser.parse_args(argv)

    if not args.check_only:
        try:
            n = render(args.src, args.out)
        except LayoutError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {args.out} ({n} pages)")
    if args.check or args.check_only:
        problems = check(args.src, args.out)
        for problem in problems:
            print(f"check failed: {problem}", file=sys.stderr)
        if problems:
            return 1
        print(f"check ok: {args.out} text layer matches {args.src} page by page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
