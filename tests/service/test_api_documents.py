"""The documents API over a real index of the corpus: the list, one document's heading tree
and sections, the responsibility matrix (JSON and CSV), the source view with several quotes
and the ask request's document scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.index import Snapshot
from ingest.messages import Messages
from service.web.matrix import _cell
from styrdok.app import create_app
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

PROGRAM = "program-social-hallbarhet-2024-2025"


@pytest.fixture(scope="module")
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    app = create_app(corpus_settings.model_copy(update={"rate_limit_per_minute": 0}))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def msgs(corpus_settings: Settings) -> Messages:
    return Messages.load(corpus_settings.prompts_dir)


@pytest.fixture(scope="module")
def program(corpus_snapshot: Snapshot) -> Any:
    return corpus_snapshot.programs[PROGRAM]


def test_documents_list_every_document_the_default_first(
    client: TestClient, corpus_snapshot: Snapshot
) -> None:
    body = client.get("/api/documents").json()
    ids = [d["id"] for d in body["documents"]]
    assert sorted(ids) == sorted(corpus_snapshot.documents)
    assert body["default"] == ids[0] and body["documents"][0]["default"] is True
    assert sum(d["default"] for d in body["documents"]) == 1
    doc = next(d for d in body["documents"] if d["id"] == PROGRAM)
    record = corpus_snapshot.documents[PROGRAM]
    assert doc["title"] == record.title and doc["kind"] == record.kind
    assert doc["pages"] == len(record.pages)
    start, end = record.meta.get("valid_from"), record.meta.get("valid_to")
    if start and end:
        assert doc["period"] == f"{start}–{end}"
    assert doc["matrix_csv"] == f"/api/documents/{PROGRAM}/matrix.csv"


def test_one_document_has_its_heading_tree(client: TestClient, program: Any) -> None:
    body = client.get(f"/api/documents/{PROGRAM}").json()
    roots = {n["id"]: n for n in body["tree"]}
    for fa in program.focus_areas:
        assert fa.id in roots
        assert [c["id"] for c in roots[fa.id]["children"]] == [
            c.id for c in program.children(fa.id)
        ]

    def count(nodes: list[dict[str, Any]]) -> int:
        return sum(1 + count(n["children"]) for n in nodes)

    assert count(body["tree"]) == len(program.sections)
    assert client.get("/api/documents/finns-inte").status_code == 404


def test_document_sections_and_one_section(
    client: TestClient, program: Any, msgs: Messages
) -> None:
    body = client.get(f"/api/documents/{PROGRAM}/sections").json()
    assert [s["id"] for s in body["sections"]] == [s.id for s in program.sections]
    assert all(s["document"] == PROGRAM and s["name"] for s in body["sections"])
    sec = program.section("3.2")
    one = client.get(f"/api/documents/{PROGRAM}/sections/3.2").json()
    assert one["id"] == "3.2" and one["body"] == sec.body
    assert [o["abbreviation"] for o in one["owners"]] == sec.owner_abbreviations
    r = client.get(f"/api/documents/{PROGRAM}/sections/9.9")
    assert r.status_code == 404
    assert r.json()["code"] == "section_not_found"
    # /api/sections stays the default document's
    default = client.get("/api/documents").json()["default"]
    listed = client.get("/api/sections").json()
    assert {s["document"] for s in listed["sections"]} == {default}
    assert client.get("/api/sections/3.2").json()["document"] == default


def test_matrix_is_the_parsed_owners(client: TestClient, program: Any) -> None:
    m = client.get(f"/api/documents/{PROGRAM}/matrix").json()
    owned = [s for s in program.sections if s.owners]
    assert [r["section"] for r in m["rows"]] == [s.id for s in owned]
    bodies = [b["abbreviation"] for b in m["bodies"]]
    assert sorted(bodies) == sorted({o.abbreviation for s in owned for o in s.owners})
    for row, sec in zip(m["rows"], owned, strict=True):
        assert sorted(row["cells"]) == sorted(set(sec.owner_abbreviations))
        for o in sec.owners:
            assert row["cells"][o.abbreviation]["via"] == o.via
    for b in bodies:
        assert m["counts"][b] == sum(1 for s in owned if b in s.owner_abbreviations)


def test_matrix_csv_opens_as_a_spreadsheet(
    client: TestClient, program: Any, msgs: Messages
) -> None:
    r = client.get(f"/api/documents/{PROGRAM}/matrix.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 by its BOM
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    head, *body = rows
    m = client.get(f"/api/documents/{PROGRAM}/matrix").json()
    assert head[:3] == [
        msgs.get("ui.matrix.csv_section"),
        msgs.get("ui.matrix.csv_name"),
        msgs.get("ui.matrix.csv_group"),
    ]
    assert head[3:] == [b["display"] for b in m["bodies"]]
    owned = [s for s in program.sections if s.owners]
    assert [row[0] for row in body] == [s.id for s in owned]
    mark = msgs.get("ui.matrix.mark")
    for row, sec in zip(body, owned, strict=True):
        marked = {m["bodies"][i]["abbreviation"] for i, c in enumerate(row[3:]) if c}
        assert marked == set(sec.owner_abbreviations)
        assert all(c.startswith(mark) for c in row[3:] if c)
    assert client.get("/api/documents/finns-inte/matrix.csv").status_code == 404


def test_matrix_page_is_the_same_table(client: TestClient, program: Any) -> None:
    r = client.get(f"/matrix/{PROGRAM}")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    owned = [s for s in program.sections if s.owners]
    assert r.text.count('<th scope="row"><a href=') == len(owned)
    assert r.text.count('class="owns"') == sum(len(set(s.owner_abbreviations)) for s in owned)
    assert f'href="/api/documents/{PROGRAM}/matrix.csv"' in r.text
    assert client.get("/matrix/finns-inte").status_code == 404


def test_csv_cells_are_never_formulas() -> None:
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("-1") == "'-1" and _cell("3.2 Bostäder") == "3.2 Bostäder"


def test_source_view_highlights_several_quotes(client: TestClient) -> None:
    excerpt = client.get(f"/api/documents/{PROGRAM}/sections/3.2").json()["text"]
    lines = [ln.strip() for t in excerpt for ln in t["text"].split("\n") if len(ln.strip()) > 20]
    assert len(lines) >= 2
    first, second = lines[0], lines[-1]
    r = client.get(f"/view/{PROGRAM}/3.2", params=[("q", first), ("q", second), ("q", first)])
    assert r.status_code == 200
    assert f'<mark id="citat">{first}' in r.text
    assert f'<mark id="citat-2">{second}' in r.text
    assert r.text.count("<mark") == 2  # the repeated quote is marked once
    assert 'href="#citat-2"' in r.text  # the quotes are listed, each a link to its mark


def test_ask_takes_a_document_scope(client: TestClient) -> None:
    r = client.post(
        "/api/ask", json={"question": "Vilka har huvudansvar för 3.2?", "documents": [PROGRAM]}
    )
    assert r.status_code == 200
    assert {c["document"] for c in r.json()["citations"]} <= {PROGRAM}
    r = client.post("/api/ask", json={"question": "Vad är 3.2?", "documents": "fel"})
    assert r.status_code == 422
