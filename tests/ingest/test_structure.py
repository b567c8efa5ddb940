"""The program's structure, parsed from the clean PDF and from the raw OCR text as it is."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from ingest.documents import load_document
from ingest.glossary_file import aliases_from_glossary, load_glossary
from ingest.models import Page, Program, Section
from ingest.structure import parse_owners, parse_program
from ingest.text import fold
from tests.conftest import CORPUS, OCR_TEXT, PROGRAM_PDF, PROGRAM_TXT, require_ocr_text
from tests.ingest.fixture_docs import program_text, write_program

pytestmark = pytest.mark.unit

FOCUS_IDS = ["1", "2", "3", "4", "5"]
SUB_GOAL_IDS = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3",
    "4.1", "4.2", "4.3", "5.1", "5.2",
]  # fmt: skip


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    return aliases_from_glossary(load_glossary(CORPUS))


def _parse(path: Path, aliases: dict[str, str]) -> tuple[Program, dict[int, str]]:
    doc = load_document(path)
    program = parse_program(doc.doc_id, doc.pages, title=doc.title, aliases=aliases)
    return program, {p.number: p.text for p in doc.pages}


@pytest.fixture(scope="module")
def pdf(aliases: dict[str, str]) -> tuple[Program, dict[int, str]]:
    return _parse(PROGRAM_PDF, aliases)


@pytest.fixture(scope="module")
def ocr(aliases: dict[str, str]) -> tuple[Program, dict[int, str]]:
    require_ocr_text()
    return _parse(OCR_TEXT, aliases)


@pytest.fixture(scope="module", params=["pdf", "ocr"])
def parsed(request: pytest.FixtureRequest) -> tuple[Program, dict[int, str]]:
    return request.getfixturevalue(request.param)


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


# --- the real program, both sources -------------------------------------------------------


def test_five_focus_areas_and_fourteen_sub_goals(parsed: tuple[Program, dict[int, str]]) -> None:
    program, _ = parsed
    assert [s.id for s in program.focus_areas] == FOCUS_IDS
    assert [s.id for s in program.sub_goals] == SUB_GOAL_IDS
    for s in program.sub_goals:
        assert s.parent == s.id.split(".")[0]
        assert [c.id for c in program.children(s.parent)].count(s.id) == 1
    for s in program.sections:
        assert s.title.strip(), s.id
        assert s.pages, s.id


def test_other_sections(parsed: tuple[Program, dict[int, str]]) -> None:
    program, _ = parsed
    others = [s.id for s in program.sections if s.kind == "other"]
    assert others == [
        "inledning",
        "uppfoljning",
        "riktade-utvecklingsanslag",
        "relaterade-dokument",
        "tillaggsuppdrag",
    ]
    assert len({s.id for s in program.sections}) == len(program.sections)


def test_pdf_and_ocr_agree_on_ids_owners_and_pages(
    pdf: tuple[Program, dict[int, str]], ocr: tuple[Program, dict[int, str]]
) -> None:
    a, b = pdf[0], ocr[0]
    assert [s.id for s in a.sections] == [s.id for s in b.sections]
    for sa, sb in zip(a.sections, b.sections, strict=True):
        assert sa.kind == sb.kind
        assert sa.parent == sb.parent
        assert sa.pages == sb.pages, sa.id
        assert sa.owner_abbreviations == sb.owner_abbreviations, sa.id
        assert [o.via for o in sa.owners] == [o.via for o in sb.owners], sa.id
        # OCR mangles letters; the titles are still the same words
        assert _similar(sa.title, sb.title) > 0.9, (sa.title, sb.title)


def test_every_sub_goal_has_owners_taken_from_its_huvudansvar_line(
    parsed: tuple[Program, dict[int, str]],
) -> None:
    program, pages = parsed
    for s in program.sub_goals:
        assert s.owners, s.id
        assert s.owners_span is not None
        line = pages[s.owners_span.page][s.owners_span.start : s.owners_span.end]
        assert fold(line).startswith("huvudansvar")
        for owner in s.owners:
            assert re.search(rf"\b{re.escape(owner.written)}\b", line), (s.id, owner)
        assert s.owners_span.page in s.pages


def _transcription_pages() -> list[str]:
    return PROGRAM_TXT.read_text(encoding="utf-8").split("\f")


def test_sub_goal_pages_are_where_the_heading_is_in_the_transcription(
    parsed: tuple[Program, dict[int, str]],
) -> None:
    program, pages = parsed
    clean = _transcription_pages()
    for s in program.sub_goals:
        expected = [
            i + 1
            for i, text in enumerate(clean)
            if any(line.startswith(f"{s.id} ") for line in text.split("\n"))
        ]
        assert len(expected) == 1, s.id
        assert s.heading_span is not None
        assert s.heading_span.page == expected[0] == s.pages[0], s.id
        heading = pages[s.heading_span.page][s.heading_span.start : s.heading_span.end]
        # the OCR lost two dots ("33 Forebyggande"); the number is still there
        assert heading.replace(".", "", 1).startswith(s.id.replace(".", "")), heading


def test_pages_of_a_few_sections_as_printed(parsed: tuple[Program, dict[int, str]]) -> None:
    program, _ = parsed
    pages = {s.id: s.pages for s in program.sections}
    assert pages["3.3"] == [3]  # the OCR page opens with "33 Forebyggande folkhalsoarbete"
    assert pages["2"] == [1, 2]  # focus area 2 runs past the footnote onto page 2
    assert pages["5"] == [3, 4]
    assert pages["relaterade-dokument"] == [4, 5, 6]
    assert pages["tillaggsuppdrag"] == [6]


def test_ocr_numbers_without_dot_are_read_as_sub_goals(
    ocr: tuple[Program, dict[int, str]],
) -> None:
    program, pages = ocr
    for sid in ("3.3", "4.3"):
        s = program.section(sid)
        assert s is not None and s.heading_span is not None
        heading = pages[s.heading_span.page][s.heading_span.start : s.heading_span.end]
        assert heading.startswith(sid.replace(".", "") + " ")


def test_owners_are_canonical_with_companies_via_ukf(
    parsed: tuple[Program, dict[int, str]],
) -> None:
    program, _ = parsed
    s42 = program.section("4.2")
    assert s42 is not None
    assert s42.owner_abbreviations == ["KS", "BN", "FN", "KN", "TN", "ÄN", "UKF"]
    ukf = s42.owners[-1]
    assert ukf.via == ["Bostaden", "Ultra"]
    assert [o.via for o in s42.owners[:-1]] == [[]] * 6
    s43 = program.section("4.3")
    assert s43 is not None and s43.owners[-1].via == ["Bostaden"]
    s32 = program.section("3.2")
    assert s32 is not None
    assert s32.owner_abbreviations == ["IFN", "GVN", "PN", "KN", "FN", "FGN", "KS", "TN", "BN"]
    assert program.section("2.2").owner_abbreviations == ["JUSK"]  # type: ignore[union-attr]


def test_ocr_an_is_written_an_but_canonical_an_with_diaeresis(
    ocr: tuple[Program, dict[int, str]],
) -> None:
    program, _ = ocr
    for sid in ("4.2", "5.1"):
        s = program.section(sid)
        assert s is not None
        an = [o for o in s.owners if o.abbreviation == "ÄN"]
        assert len(an) == 1 and an[0].written == "AN", sid


def test_focus_area_and_sub_goal_titles_run_onto_lowercase_lines(
    parsed: tuple[Program, dict[int, str]],
) -> None:
    program, _ = parsed
    focus2, s22, s31 = (program.section(i) for i in ("2", "2.2", "3.1"))
    assert focus2 is not None and s22 is not None and s31 is not None
    assert fold(focus2.title).endswith("sina egna liv")
    assert fold(s22.title).endswith("i arbetet med hallbar utveckling")
    assert fold(s31.title).endswith("ska sakerstallas")
    assert "\n" not in focus2.title
    # the heading's continuation is not in the body
    assert not fold(focus2.body).startswith("att ha samma makt")


def test_period_is_read_from_the_text(parsed: tuple[Program, dict[int, str]]) -> None:
    program, _ = parsed
    assert program.period == "2024–2025"


def test_footnote_is_found_at_the_foot_of_page_one(parsed: tuple[Program, dict[int, str]]) -> None:
    program, pages = parsed
    assert len(program.footnotes) == 1
    fn = program.footnotes[0]
    assert fn.number == "1"
    assert fn.page == 1
    assert fn.span.page == 1
    assert pages[1][fn.span.start : fn.span.end].replace("\n", " ").strip() == fn.text.replace(
        "\n", " "
    )
    assert not pages[1][fn.span.end :].strip()  # it ends the page
    assert fold(fn.text).endswith("goda livsvillkor.")
    # the footnote is not part of the section text it interrupts
    focus2 = program.section("2")
    assert focus2 is not None and "strategiska plan" not in focus2.body
    assert all("strategiska plan" not in s.body for s in program.sections)


_GROUP_SIZES = {"overgripande": 11, "1": 6, "2": 2, "3": 4, "4": 4, "5": 2, "ovriga": 8}


def _group_key(name: str) -> str:
    folded = fold(name)
    m = re.search(r"fokusomrade (\d)$", folded)
    return m.group(1) if m else folded.split()[0]


def test_related_documents_groups(parsed: tuple[Program, dict[int, str]]) -> None:
    program, pages = parsed
    rel = program.section("relaterade-dokument")
    assert rel is not None
    sizes = {_group_key(name): len(items) for name, items in rel.groups.items()}
    assert sizes == _GROUP_SIZES
    by_key = {_group_key(n): items for n, items in rel.groups.items()}
    # an item wrapped onto the next line is one item
    assert any(fold(i).endswith("mellan umea kommun och polismyndigheten") for i in by_key["1"])
    assert any(fold(i) == "barnkonventionen" for i in by_key["3"])
    # every item lies where its span says
    for name, items in rel.groups.items():
        spans = rel.group_spans[name]
        text = "\n".join(pages[s.page][s.start : s.end] for s in spans)
        for item in items:
            assert item.split()[0] in text


def test_headings_with_ocr_mangled_letters(ocr: tuple[Program, dict[int, str]]) -> None:
    program, _ = ocr
    follow_up = program.section("uppfoljning")
    extra = program.section("tillaggsuppdrag")
    assert follow_up is not None and follow_up.title == "Uppféljning"
    assert extra is not None and extra.title.startswith("Tilldggsuppdrag")
    assert "2021:8" in extra.body  # the lone "Tilldaggsuppdrag" line is body, not a heading


def test_round_trip_through_dict(pdf: tuple[Program, dict[int, str]]) -> None:
    program, _ = pdf
    again = Program.from_dict(program.to_dict())
    assert again == program


# --- another program with the same conventions ---------------------------------------------


def _parse_text(text: str, aliases: dict[str, str] | None = None) -> Program:
    pages = [Page(i + 1, t) for i, t in enumerate(text.split("\f"))]
    return parse_program("fixture", pages, aliases=aliases)


def test_fixture_program_parses(tmp_path: Path, aliases: dict[str, str]) -> None:
    path = write_program(tmp_path / "trygghet.txt")
    doc = load_document(path)
    program = parse_program(doc.doc_id, doc.pages, aliases=aliases)
    assert [s.id for s in program.focus_areas] == ["1", "2"]
    assert [s.id for s in program.sub_goals] == ["1.1", "1.2", "2.1"]
    titles = {s.id: s.title for s in program.sections}
    assert titles["1"] == "Trygga offentliga miljöer"
    assert titles["1.2"] == "Öka vuxennärvaron i centrum"  # "12 Öka ..." without the dot
    assert titles["2"] == "Fritid för alla barn och unga i kommunen"
    owners = {s.id: s.owner_abbreviations for s in program.sub_goals}
    assert owners == {"1.1": ["KN", "FN"], "1.2": ["TN", "BN", "UKF"], "2.1": ["FN", "IFN", "KS"]}
    s12 = program.section("1.2")
    assert s12 is not None and s12.owners[-1].via == ["Bostaden"]
    assert {s.id: s.pages for s in program.sub_goals} == {"1.1": [1], "1.2": [1], "2.1": [2]}
    assert program.period == "2026–2027"
    assert program.section("uppfoljning") is not None  # "Uppfdljning", as OCR may write it
    assert [f.number for f in program.footnotes] == ["1"]
    rel = program.section("relaterade-dokument")
    assert rel is not None
    assert list(rel.groups.values()) == [
        ["Trygghetsplan för centrum", "Belysningsprogram 2025–2030"],
        ["Fritidspolitiskt program"],
    ]


def test_changed_owners_in_the_fixture_give_the_changed_owners(aliases: dict[str, str]) -> None:
    before = _parse_text(program_text(), aliases)
    after = _parse_text(
        program_text(owners_11="GVN, PN", owners_21="KS, AN UKF genom Bostaden och Ultra"),
        aliases,
    )
    assert before.section("1.1").owner_abbreviations == ["KN", "FN"]  # type: ignore[union-attr]
    assert after.section("1.1").owner_abbreviations == ["GVN", "PN"]  # type: ignore[union-attr]
    s21 = after.section("2.1")
    assert s21 is not None
    assert s21.owner_abbreviations == ["KS", "ÄN", "UKF"]
    assert s21.owners[-1].via == ["Bostaden", "Ultra"]
    # untouched sections keep theirs
    assert after.section("1.2").owner_abbreviations == ["TN", "BN", "UKF"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KS, IFN, UKF genom Bostaden och Ultra", [("KS", []), ("IFN", []), ("UKF", ["Bostaden", "Ultra"])]),
        ("TN, ÄN UKF genom Bostaden och Ultra", [("TN", []), ("ÄN", []), ("UKF", ["Bostaden", "Ultra"])]),
        ("TN, AN UKF genom Bostaden", [("TN", []), ("ÄN", []), ("UKF", ["Bostaden"])]),
        ("KS, BN och TN.", [("KS", []), ("BN", []), ("TN", [])]),
        ("KS och UKF genom Bostaden", [("KS", []), ("UKF", ["Bostaden"])]),
        ("FN & KN", [("FN", []), ("KN", [])]),
        ("JUSK", [("JUSK", [])]),
        (
            "Kommunstyrelsen, Individ- och familjenämnden",
            [("Kommunstyrelsen", []), ("Individ- och familjenämnden", [])],
        ),
        ("Tekniska nämnden genom Bostaden", [("Tekniska nämnden", ["Bostaden"])]),
    ],
)  # fmt: skip
def test_parse_owners(raw: str, expected: list[tuple[str, list[str]]]) -> None:
    owners = parse_owners(raw, {"AN": "ÄN"})
    assert [(o.abbreviation, o.via) for o in owners] == expected


def test_parse_owners_keeps_what_was_written() -> None:
    owners = parse_owners("KS, AN, UKF genom Bostaden", {"AN": "ÄN"})
    assert [o.written for o in owners] == ["KS", "AN", "UKF"]
    assert [o.abbreviation for o in parse_owners("KS, AN")] == ["KS", "AN"]  # no aliases given


def test_owners_list_running_onto_the_next_line() -> None:
    text = "Fokusområde 1 – A\n1.1 B\nText.\nHuvudansvar: KS, BN, UKF genom Bostaden och\nUltra\n"
    program = _parse_text(text)
    s = program.section("1.1")
    assert s is not None
    assert s.owner_abbreviations == ["KS", "BN", "UKF"]
    assert s.owners[-1].via == ["Bostaden", "Ultra"]
    assert "Ultra" not in s.body


def test_a_sentence_about_responsibility_is_not_an_owners_list() -> None:
    text = (
        "Fokusområde 1 – A\n1.1 B\n"
        "Huvudansvaret för uppföljningen ligger hos nämnderna.\n"
        "Huvudansvar för detta har kommunen.\n"
        "Huvudansvar: KS\n"
    )
    s = _parse_text(text).section("1.1")
    assert s is not None
    assert s.owner_abbreviations == ["KS"]
    assert "Huvudansvaret för uppföljningen" in s.body


def test_ocr_mangled_focus_and_owner_words() -> None:
    text = "Fokusomrdde 1 - Trygghet\n1.1 Belysning\nText.\nHuvudanswar: KS, TN\n"
    program = _parse_text(text)
    assert [s.id for s in program.focus_areas] == ["1"]
    assert program.section("1.1").owner_abbreviations == ["KS", "TN"]  # type: ignore[union-attr]


def test_a_sentence_starting_with_fokusomrade_is_not_a_heading() -> None:
    text = (
        "Fokusområde 1 – Trygghet\n1.1 Belysning\n"
        "Fokusområdet 2 handlar om fritid men prioriteras inte nu.\n"
        "Fokusområdena 1–2 följs upp varje år.\n"
        "Huvudansvar: KS\n"
    )
    program = _parse_text(text)
    assert [s.id for s in program.focus_areas] == ["1"]
    assert "Fokusområdet 2 handlar" in program.section("1.1").body  # type: ignore[union-attr]


def test_markdown_headings() -> None:
    text = (
        "# Program för fritid\n\n## Fokusområde 1 – Fritid för alla\n\nText.\n\n"
        "### 1.1 Öppna hallar\n\nHallarna ska vara öppna.\n\nHuvudansvar: FN\n\n## Uppföljning\n\nÅrligen.\n"
    )
    program = _parse_text(text)
    assert [(s.id, s.title) for s in program.sections if s.kind != "other"] == [
        ("1", "Fritid för alla"),
        ("1.1", "Öppna hallar"),
    ]
    assert program.section("1.1").owner_abbreviations == ["FN"]  # type: ignore[union-attr]
    assert program.section("uppfoljning") is not None


def test_document_title_before_the_introduction_heading() -> None:
    program = _parse_text(program_text())
    intro = program.section("inledning")
    assert intro is not None
    assert intro.title == "Inledning"
    assert intro.body.startswith("Program för trygghet och fritid")
    assert "\nInledning" not in intro.body
    assert "Programmet pekar ut" in intro.body


def test_repeated_headings_get_unique_ids() -> None:
    text = (
        "Fokusområde 1 – A\nText.\nUppföljning\nFörsta.\n"
        "Fokusområde 2 – B\nText.\nUppföljning av insatser\nAndra.\n"
        "Fokusområde 3 – C\nText.\nUppföljning\nTredje.\n"
    )
    program = _parse_text(text)
    ids = [s.id for s in program.sections if s.kind == "other"]
    assert len(set(ids)) == len(ids) == 3
    assert ids[:2] == ["uppfoljning", "uppfoljning-av-insatser"]
    assert ids[2] == "uppfoljning-2"


def test_sections_body_spans_point_into_the_pages(parsed: tuple[Program, dict[int, str]]) -> None:
    program, pages = parsed
    for s in program.sections:
        joined = "\n".join(pages[sp.page][sp.start : sp.end] for sp in s.body_spans)
        assert joined == s.body, s.id
        for sp in s.body_spans:
            assert 0 <= sp.start < sp.end <= len(pages[sp.page])


def _section_text(s: Section, pages: dict[int, str]) -> str:
    spans = [x for x in [s.heading_span, *s.body_spans, s.owners_span] if x]
    return "\n".join(pages[x.page][x.start : x.end] for x in spans)


def test_no_text_is_lost_between_sections(pdf: tuple[Program, dict[int, str]]) -> None:
    program, pages = pdf
    covered = fold(" ".join(_section_text(s, pages) for s in program.sections))
    covered += fold(" ".join(f.text for f in program.footnotes))
    for page in pages.values():
        for line in page.split("\n"):
            if line.strip():
                assert fold(line.strip()) in covered, line


@pytest.mark.unit
def test_a_markdown_heading_is_cited_by_its_words_not_its_marker() -> None:
    text = "# Överenskommelse om trygghet\n\nDen gäller 2025–2027.\n\n## Syfte\n\nAtt öka tryggheten.\n"
    program = parse_program("md", [Page(number=1, text=text)])
    spans = [s.heading_span for s in program.sections if s.heading_span is not None]
    assert spans
    for sec, span in zip(
        [s for s in program.sections if s.heading_span is not None], spans, strict=True
    ):
        quoted = text[span.start : span.end]
        assert not quoted.startswith("#") and quoted == sec.title
