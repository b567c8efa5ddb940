"""The fictional multi-document corpus, its STRUCTURE.md and the dev cases agree with each other.

Renders the `house` documents with the real house template, builds the .docx, and checks that
every section of STRUCTURE.md starts on the page it claims, and that every dev case's gold
sections, pages, owners and facts are what the documents say.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.fixtures.docx_builder import build_docx
from tests.fixtures.house_template import render_file
from tests.fixtures.multidoc import gen_bostadsforsorjning

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "fixtures" / "multidoc"
CASES = ROOT / "evals" / "multi" / "dev.jsonl"
PROGRAM = "program-social-hallbarhet-2024-2025"
FIELDS = {
    "id", "question", "history", "reference", "document", "gold_sections", "gold_pages",
    "expected_owners", "expected_sections", "expected_documents", "required_facts",
    "answerable", "category", "variant",
}  # fmt: skip
CATEGORIES = {
    "owners", "reverse_lookup", "list", "numbers_dates", "open", "follow_up", "unanswerable",
    "glossary", "english", "structure", "metadata", "scope", "links",
}  # fmt: skip
VARIANTS = {
    "number",
    "topic",
    "paraphrase",
    "misspelled",
    "no_diacritics",
    "english",
    "plain",
    "near_miss",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(?<=\d)[ \u00a0\u2009,](?=\d)", "", re.sub(r"\s+", " ", text))
    return text.replace("\ufb02", "fl").replace("\ufb01", "fi")


Entry = tuple[str, list[str], int, int]


def _structure() -> dict[str, dict[str, Entry]]:
    """STRUCTURE.md as {document: {section id: (heading, owners, first page, last page)}}."""
    out: dict[str, dict[str, Entry]] = {}
    doc = ""
    for line in (MULTI / "STRUCTURE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            doc = line[3:].split()[0]
            out[doc] = {}
        elif line.startswith("| `"):
            sid, heading, owners, page = (c.strip() for c in line.strip("|").split("|"))
            span = [int(p) for p in re.split(r"[–-]", page)]
            out[doc][sid.strip("`")] = (
                heading,
                [o for o in owners.split(", ") if o],
                span[0],
                span[-1],
            )
    return out


STRUCTURE = _structure()
MANIFEST = {
    d["id"]: d for d in json.loads((MULTI / "manifest.json").read_text("utf-8"))["documents"]
}
CASE_LIST = [
    json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The folded text of every page of every fictional document, as the test corpus holds it."""
    tmp = tmp_path_factory.mktemp("multidoc")
    out: dict[str, list[str]] = {}
    for doc_id, d in MANIFEST.items():
        src = MULTI / "src" / d["source"] if d["source"] != "corpus" else None
        if src is None:
            text = (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8")
            out[doc_id] = [fold(p) for p in text.split("\f")]
        elif d["render"] == "house":
            pdf = tmp / d["file"]
            render_file(src, pdf)
            out[doc_id] = [fold(p.extract_text()) for p in PdfReader(pdf).pages]
        elif d["render"] == "docx":
            docx = build_docx(src, tmp / d["file"])
            with zipfile.ZipFile(docx) as zf:
                xml = zf.read("word/document.xml").decode("utf-8")
            parts = xml.split('<w:br w:type="page"/>')
            out[doc_id] = [fold(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))) for p in parts]
        else:
            out[doc_id] = [fold(p) for p in src.read_text(encoding="utf-8").split("\f")]
    return out


def test_manifest_matches_the_sources() -> None:
    assert [d for d in MANIFEST.values() if d["default"]] == [MANIFEST[PROGRAM]]
    for doc_id, d in MANIFEST.items():
        assert d["fictional"] is (doc_id != PROGRAM)
        assert doc_id in STRUCTURE, doc_id
        if d["source"] != "corpus":
            assert (MULTI / "src" / d["source"]).is_file()
            if d["render"] == "plain":
                assert d["file"] == d["source"]


def test_generated_source_is_up_to_date() -> None:
    committed = (MULTI / "src" / "bostadsforsorjningsprogram.txt").read_text(encoding="utf-8")
    assert gen_bostadsforsorjning.generate() == committed


def test_structure_headings_are_on_their_pages(pages: dict[str, list[str]]) -> None:
    wrong = []
    for doc_id, sections in STRUCTURE.items():
        for sid, (heading, _, page, _) in sections.items():
            if doc_id == PROGRAM:
                continue  # the real program's pages come from evals/DATASET.md
            key = fold(heading)[:40]
            text = pages[doc_id][page - 1] if page <= len(pages[doc_id]) else ""
            if key not in text and key.replace(" ", "") not in text.replace(" ", ""):
                wrong.append(f"{doc_id}#{sid} not on page {page}")
    assert not wrong, wrong
    assert len(pages["bostadsforsorjningsprogram"]) >= 40


def _owned(doc: str, sid: str) -> list[str]:
    return STRUCTURE[doc][sid][1]


@pytest.mark.parametrize("case", CASE_LIST, ids=[c["id"] for c in CASE_LIST])
def test_dev_case(case: dict[str, Any], pages: dict[str, list[str]]) -> None:
    assert set(case) == FIELDS and case["id"].startswith("mdev-")
    assert case["category"] in CATEGORIES and case["variant"] in VARIANTS
    assert (case["category"] == "unanswerable") is (not case["answerable"])
    assert bool(case["gold_sections"]) is bool(case["gold_pages"])
    if case["category"] == "follow_up":
        assert case["history"]
    if not case["answerable"]:
        assert case["expected_owners"] is None and case["expected_sections"] is None
        assert case["required_facts"] == [] and case["expected_documents"] is None
        return
    docs = case["expected_documents"]
    assert docs and set(docs) <= set(MANIFEST)
    if case["document"] is not None:
        assert docs == [case["document"]]
    gold = [(g.split("#", 1)[0], g.split("#", 1)[1]) for g in case["gold_sections"]]
    for doc, sid in gold:
        assert doc in docs and sid in STRUCTURE[doc], (doc, sid)
        first, last = STRUCTURE[doc][sid][2:]
        assert set(range(first, last + 1)) & set(case["gold_pages"]), (doc, sid)
    text = " ".join(" ".join(pages[d]) for d in docs)
    for fact in case["required_facts"]:
        assert fold(fact) in fold(case["reference"]), fact
        if gold or case["category"] not in {"scope", "metadata"}:
            assert fold(fact) in text, fact
    owners = case["expected_owners"]
    if isinstance(owners, dict):
        assert sorted(owners) == sorted(docs)
        for doc, want in owners.items():
            got = [o for d, s in gold if d == doc for o in _owned(d, s)]
            assert sorted(got) == sorted(want), doc
    elif owners is not None:
        assert sorted(o for d, s in gold for o in _owned(d, s)) == sorted(owners)
    sections = case["expected_sections"]
    per_doc = sections if isinstance(sections, dict) else {docs[0]: sections} if sections else {}
    for doc, ids in per_doc.items():
        assert set(ids) <= set(STRUCTURE[doc]), (doc, ids)
