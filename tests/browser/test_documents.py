"""'Om dokumenten' on the chat page: the documents, their heading trees and owners, the
responsibility matrix and its CSV, the document filter; and each source shown once."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ingest.index import Snapshot

pytestmark = pytest.mark.browser

PROGRAM = "program-social-hallbarhet-2024-2025"
ANSWER_TIMEOUT = 60_000


def ask(page: Any, question: str) -> Any:
    before = page.locator("li.assistant").count()
    page.fill("#fraga", question)
    page.press("#fraga", "Enter")
    answer = page.locator("li.assistant").nth(before)
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    return answer


@pytest.fixture
def chat(page: Any, service_url: str) -> Any:
    page.goto(service_url + "/")
    expect(page.locator(".starter").first).to_be_visible()
    return page


def test_responsibility_matrix_is_a_table_of_the_parsed_owners(
    chat: Any, corpus_snapshot: Snapshot, service_url: str
) -> None:
    program = corpus_snapshot.programs[PROGRAM]
    owned = [s for s in program.sections if s.owners]
    bodies = list(dict.fromkeys(o.abbreviation for s in owned for o in s.owners))
    chat.click("#about-toggle")
    doc = chat.locator(f'#about section.doc[data-document="{PROGRAM}"]')
    doc.locator(".matrix-details summary").click()
    table = doc.locator("table.matrix")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text(corpus_snapshot.documents[PROGRAM].title)
    heads = table.locator('thead th[scope="col"]')
    expect(heads).to_have_count(len(bodies) + 1)
    assert [h.inner_text().split()[0] for h in heads.all()[1:]] == bodies
    rows = table.locator("tbody tr[data-section]")
    expect(rows).to_have_count(len(owned))
    for row, sec in zip(rows.all(), owned, strict=True):
        assert row.get_attribute("data-section") == sec.id
        expect(row.locator('th[scope="row"]')).to_contain_text(sec.title)
        marked = {c.get_attribute("data-body") for c in row.locator("td.owns").all()}
        assert marked == set(sec.owner_abbreviations)
    total = table.locator("tfoot td")
    assert [int(t) for t in total.all_inner_texts()] == [
        sum(1 for s in owned if b in s.owner_abbreviations) for b in bodies
    ]
    # the same matrix as CSV, through the link on the page
    href = doc.locator("a.csv-link").get_attribute("href")
    assert href == f"/api/documents/{PROGRAM}/matrix.csv"
    got = chat.request.get(service_url + href)
    assert got.ok and got.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(got.body().decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in lines[1:]] == [s.id for s in owned]
    assert chat.errors == []


def test_document_filter_scopes_the_question(chat: Any, corpus_snapshot: Snapshot) -> None:
    bodies: list[dict[str, Any]] = []
    chat.on(
        "request",
        lambda r: (
            bodies.append(json.loads(r.post_data)) if r.url.endswith("/api/ask/stream") else None
        ),
    )
    options = chat.locator("#dokument option")
    expect(options).to_have_count(len(corpus_snapshot.documents) + 1)
    ask(chat, "Vilka har huvudansvar för 3.2?")
    chat.select_option("#dokument", PROGRAM)
    ask(chat, "Vilka har huvudansvar för 3.3?")
    assert bodies[0]["documents"] is None
    assert bodies[1]["documents"] == [PROGRAM]
    chat.reload()  # the choice is kept for the session
    expect(chat.locator("#dokument")).to_have_value(PROGRAM)


def test_each_source_is_shown_once_and_lists_its_quotes(chat: Any) -> None:
    payloads: list[Any] = []
    chat.on(
        "response",
        lambda r: payloads.append(r) if r.url.endswith("/api/ask/stream") else None,
    )
    answer = ask(chat, "Vad gör kommunen mot hemlöshet?")
    done = payloads[0].text().split("event: done\ndata: ")[1]
    citations = json.loads(done.split("\n")[0])["citations"]
    keys = [(c["document"], c["section"], c["page"]) for c in citations]
    assert len(set(keys)) < len(keys), "the question no longer cites one place twice"
    chips = answer.locator("a.chip")
    expect(chips).to_have_count(len(set(keys)))
    expect(answer.locator("a.chip-pdf")).to_have_count(len({k for k in keys if k[2]}))
    merged = answer.locator("a.chip[data-quotes='2']").first
    href = merged.get_attribute("href") or ""
    quotes = parse_qs(urlparse(href).query)["q"]
    assert len(quotes) == 2
    with chat.context.expect_page() as opened:
        merged.click()
    view = opened.value
    view.wait_for_load_state()
    expect(view.locator("mark")).to_have_count(2)
    expect(view.locator(".quote-list li a")).to_have_count(2)
