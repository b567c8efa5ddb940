"""Each layout-cleaning step on small synthetic pages, and the column reader on fragments."""

from __future__ import annotations

import pytest

from ingest.clean import clean_pages, normalise_chars
from ingest.layout import Fragment, TextLine, page_lines

pytestmark = pytest.mark.unit


def _pages(*pages: str) -> list[list[TextLine]]:
    return [[TextLine(ln) for ln in p.split("\n")] for p in pages]


def _texts(pages: list[list[TextLine]]) -> list[str]:
    return ["\n".join(ln.text for ln in p) for p in pages]


def test_running_header_footer_and_page_numbers_go() -> None:
    bodies = ["Inledning\nVi börjar.\nSedan mer.", "Mål 1\nEtt mål.\nTvå mål.",
              "Mål 2\nTre mål.\nFyra mål.", "Uppföljning\nVarje år.\nSlut."]  # fmt: skip
    pages = _pages(*[f"Plan för tester 2030\n{b}\nSida {n} av 4" for n, b in enumerate(bodies, 1)])
    out = clean_pages(pages)
    assert _texts(out.pages) == bodies
    assert out.removed == {"headers_footers": 4, "page_numbers": 4}


def test_bare_page_numbers_only_at_the_edge() -> None:
    out = clean_pages(_pages("Inledning\nVi har 12 mål.\n12\nSlut.\n1", "Text.\nMer.\nÄn mer.\n2"))
    assert _texts(out.pages) == ["Inledning\nVi har 12 mål.\n12\nSlut.", "Text.\nMer.\nÄn mer."]


def test_a_line_repeated_on_few_pages_stays() -> None:
    pages = _pages("Huvudansvar: KS\nA.\nB.", "Huvudansvar: KS\nC.\nD.", "E.\nF.\nG.", "H.\nI.\nJ.",
                   "K.\nL.\nM.")  # fmt: skip
    assert clean_pages(pages).removed == {}


def test_contents_page_removed_entries_kept() -> None:
    pages = _pages(
        "Innehållsförteckning\nInledning ........ 3\nMål 1: Ett mycket långt mål som\nfortsätter "
        "här ....... 4\n1.1 Första åtgärden . . . . . . . . 4",
        "Inledning\nText.",
    )
    out = clean_pages(pages)
    assert _texts(out.pages) == ["", "Inledning\nText."]
    assert [(e.text, e.page) for e in out.contents] == [
        ("Inledning", 3),
        ("Mål 1: Ett mycket långt mål som fortsätter här", 4),
        ("1.1 Första åtgärden", 4),
    ]
    assert out.contents_pages == [1]


def test_cover_block_lifted() -> None:
    out = clean_pages(_pages(
        "Plan för tester\nDokumentnamn: Plan för tester\nFastställd av: Testnämnden\n"
        "Giltighetstid: 2030–2031", "Inledning\nText.",
    ))  # fmt: skip
    assert out.cover == {"Dokumentnamn": "Plan för tester", "Fastställd av": "Testnämnden",
                         "Giltighetstid": "2030–2031"}  # fmt: skip
    assert out.cover_page == 1 and _texts(out.pages)[0] == ""


def test_one_metadata_line_is_not_a_cover() -> None:
    out = clean_pages(_pages("Inledning\nFastställd av: Testnämnden\nText."))
    assert out.cover == {} and _texts(out.pages) == ["Inledning\nFastställd av: Testnämnden\nText."]


def test_dehyphenation_soft_hyphens_and_ligatures() -> None:
    out = clean_pages(_pages(
        "Strategisk utveckling är program-\nansvarig och har ansvaret för\nIndivid-\noch "
        "familjenämnden och LSS-\nboende samt hem\u00adlöshet och ﬂöden av ﬁnansiering.",
        "Mer om bostads-",
        "försörjning här.",
    ))  # fmt: skip
    assert _texts(out.pages) == [
        "Strategisk utveckling är programansvarig\noch har ansvaret för\nIndivid-\noch "
        "familjenämnden och LSS-boende\nsamt hemlöshet och flöden av finansiering.",
        "Mer om bostadsförsörjning",
        "här.",
    ]
    assert out.removed["hyphenations"] == 3 and out.removed["soft_hyphens"] == 1
    assert normalise_chars("handlings\u00ad") == "handlings-"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Huvudansvar:", "KS, IFN, FGN"], "Huvudansvar: KS, IFN, FGN"),
        (["Huvudansvar: KS, IFN, UKF", "genom Bostaden och Ultra"],
         "Huvudansvar: KS, IFN, UKF genom Bostaden och Ultra"),
        (["Ansvarig: IFN och UKF genom", "Bostaden"], "Ansvarig: IFN och UKF genom Bostaden"),
        (["Samordningsansvar: KS, BN,", "TN"], "Samordningsansvar: KS, BN, TN"),
    ],
)  # fmt: skip
def test_wrapped_responsibility_lines_are_joined(lines: list[str], joined: str) -> None:
    out = clean_pages([[TextLine(x) for x in [*lines, "Nästa stycke börjar här och slutar."]]])
    assert _texts(out.pages) == [joined + "\nNästa stycke börjar här och slutar."]


def test_responsibility_line_does_not_swallow_a_heading_or_sentence() -> None:
    pages = [[TextLine("Huvudansvar: KS, IFN"), TextLine("Bakgrund", heading=True),
              TextLine("Ansvarig: TN"), TextLine("Arbetet följs upp varje år.")]]  # fmt: skip
    assert len(clean_pages(pages).pages[0]) == 4


def _words(x: float, y: float, text: str, size: float = 9.0, bold: bool = False) -> list[Fragment]:
    out, cx = [], x
    for i, w in enumerate(text.split()):
        out.append(Fragment(cx, y, (" " if i else "") + w, bold, size))
        cx += (len(w) + 1) * size * 0.55
    return out


def test_two_columns_written_row_by_row_are_read_column_by_column() -> None:
    frags = _words(57, 800, "Rubrik över båda", 14, True)
    left = ["Vänster rad ett om", "barn och unga som", "behöver stöd."]
    right = ["Höger rad ett om", "Huvudansvar: TN", "och mer text."]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        frags += _words(57, 780 - i * 12, a) + _words(310, 780 - i * 12, b)
    frags += _words(57, 700, "En rad under kolumnerna som går över hela sidans bredd till slut.")
    lines = page_lines(frags, 595)
    assert [ln.text for ln in lines] == [
        "Rubrik över båda", *left, *right,
        "En rad under kolumnerna som går över hela sidans bredd till slut.",
    ]  # fmt: skip
    assert [ln.heading for ln in lines] == [True] + [False] * 7


def test_one_column_justified_text_is_not_split() -> None:
    frags: list[Fragment] = []
    for i in range(6):
        x = 57.0
        for w in ["ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva"]:
            frags.append(Fragment(x, 700 - i * 12, " " + w, False, 9))
            x += (len(w) + 3) * 9 * 0.55
    assert len(page_lines(frags, 595)) == 6


def test_a_metadata_block_above_body_text_goes_alone() -> None:
    """A .txt or Word file's first page: the block and its closing rule go, the body stays
    with its blank lines (the parser reads paragraphs from them)."""
    lines = "Dokumentnamn: Plan\nFastställd av: Testnämnden\n---\n# Inledning\n\nText ett.\n"
    lines += "Text två.\n\n# Mål 1 Något\n\nMer text."
    out = clean_pages(_pages(lines))
    assert out.cover == {"Dokumentnamn": "Plan", "Fastställd av": "Testnämnden"}
    assert _texts(out.pages) == [
        "# Inledning\n\nText ett.\nText två.\n\n# Mål 1 Något\n\nMer text."
    ]
