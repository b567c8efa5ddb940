"""Markup inside a document stays text: in the answer view, the source view and the file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote as urlquote

import pytest
from playwright.sync_api import expect

from ingest.embedders import Embedder
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore
from styrdok.app import create_app
from styrdok.settings import Settings

from .support import live_server

pytestmark = pytest.mark.browser

DOC = "cykelparkering"
IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=2</script>"
# every sentence carries a payload, so whatever the engine quotes carries one too
PAYLOAD_TEXT = f"""Riktlinje för cykelparkering {IMG}

Cykelparkeringen vid stadshuset ska vara öppen dygnet runt för alla anställda {SCRIPT} enligt denna riktlinje.

Cyklar som står kvar längre än 30 dagar flyttas {IMG} till kommunens cykelförråd på Västra gatan.
"""


@pytest.fixture(scope="module")
def xss_url(
    corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[str]:
    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    data.mkdir()
    shutil.copy(corpus_settings.resolved_data_dir() / "embcache.sqlite", data / "embcache.sqlite")
    doc = root / f"{DOC}.txt"
    doc.write_text(PAYLOAD_TEXT, encoding="utf-8")
    report = run_ingest(
        data,
        ChromaStore.embedded(data / "chroma"),
        embedder,
        corpus_dir=corpus_settings.corpus_dir,
        paths=[doc],
        mode="sync",
    )
    assert report.ok
    settings = corpus_settings.model_copy(update={"data_dir": data, "rate_limit_per_minute": 0})
    with live_server(create_app(settings)) as url:
        yield url


def assert_inert(page: Any) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    assert (
        page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__xss')).length")
        == 0
    )


def test_payload_in_an_answer_is_shown_as_text(page: Any, xss_url: str) -> None:
    page.goto(xss_url + "/")
    page.fill("#fraga", "Vad händer med cyklar som står kvar längre än 30 dagar vid stadshuset?")
    page.press("#fraga", "Enter")
    answer = page.locator("li.assistant").first
    expect(answer).to_have_attribute("aria-busy", "false", timeout=60_000)
    assert answer.get_attribute("data-mode") != "abstain"
    shown = answer.inner_text() + " ".join(
        c.get_attribute("title") or "" for c in answer.locator("a.chip").all()
    )
    assert "window.__xss" in shown  # the markup is there, as text
    assert_inert(page)
    chip = answer.locator(f'a.chip[href^="/view/{DOC}"]').first
    with page.context.expect_page() as opened:
        chip.click()
    view = opened.value
    view.wait_for_load_state()
    expect(view.locator("mark#citat")).to_contain_text("window.__xss")
    assert_inert(view)


def test_payload_in_the_source_view_is_shown_as_text(page: Any, xss_url: str) -> None:
    quote = f"Cyklar som står kvar längre än 30 dagar flyttas {IMG} till kommunens cykelförråd"
    # the section the parser made of the text, whatever it named it
    listed = page.request.get(xss_url + f"/api/documents/{DOC}/sections").json()["sections"]
    section = next(s["id"] for s in listed if 1 in s["pages"])
    page.goto(xss_url + f"/view/{DOC}/{urlquote(section, safe='')}?page=1&q=" + urlquote(quote))
    expect(page.locator(".doc-text")).to_contain_text(IMG)
    expect(page.locator(".doc-text")).to_contain_text(SCRIPT)
    expect(page.locator("mark#citat")).to_have_text(quote)
    assert_inert(page)
    page.goto(xss_url + f"/view/{DOC}?page=1&q=" + urlquote(SCRIPT))
    expect(page.locator("mark#citat")).to_have_text(SCRIPT)
    assert_inert(page)


def test_payload_in_the_file_itself_is_inert(page: Any, xss_url: str) -> None:
    response = page.goto(xss_url + f"/documents/{DOC}")
    assert response.headers["content-type"].startswith("text/plain")
    assert "sandbox" in response.headers["content-security-policy"]
    assert IMG in page.locator("body").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_payload_in_the_about_panel_and_widget_data_is_text(page: Any, xss_url: str) -> None:
    page.goto(xss_url + "/")
    page.click("#about-toggle")
    expect(page.locator("#about .glossary-row").first).to_be_visible()
    assert_inert(page)
