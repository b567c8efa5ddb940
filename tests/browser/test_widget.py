"""The widget, embedded with one script tag in a page served from another origin."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from ingest.index import Snapshot

from .conftest import WIDGET_TITLE
from .support import StaticSite

pytestmark = pytest.mark.browser

PROGRAM = "program-social-hallbarhet-2024-2025"


def test_widget_on_another_origin_answers_with_citations(
    page: Any, service_url: str, intranet: StaticSite, corpus_snapshot: Snapshot, artifacts: Any
) -> None:
    assert intranet.origin != service_url
    page.goto(intranet.origin + "/index.html")
    launcher = page.locator("[data-styrdok-widget] button.launcher")
    expect(launcher).to_be_visible()
    # the page's loud CSS (red buttons, green text) does not reach into the shadow DOM
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(255, 0, 0)"
    page.screenshot(path=str(artifacts / "widget-closed.png"))
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-styrdok-widget] h2")).to_have_text(WIDGET_TITLE)
    field = page.locator("[data-styrdok-widget] textarea")
    expect(field).to_be_focused()
    field.fill("Vilka har huvudansvar för 3.2?")
    field.press("Enter")
    answer = page.locator("[data-styrdok-widget] li.msg.assistant").first
    expect(answer).to_have_attribute("aria-busy", "false", timeout=60_000)
    section = corpus_snapshot.programs[PROGRAM].section("3.2")
    assert section is not None
    text = answer.locator(".text").inner_text()
    assert all(abbr in text for abbr in section.owner_abbreviations)
    chip = answer.locator("a.chip").first
    expect(chip).to_be_visible()
    href = chip.get_attribute("href") or ""
    assert href.startswith(f"{service_url}/view/{PROGRAM}/")
    assert answer.locator(".text").evaluate("e => getComputedStyle(e).color") != "rgb(0, 128, 0)"
    page.screenshot(path=str(artifacts / "widget-answer.png"))
    page.keyboard.press("Escape")
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_widget_stays_out_of_origins_that_are_not_allowed(
    page: Any, service_url: str, stranger: StaticSite
) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(stranger.origin + "/index.html")
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/api/ui-strings") for u in failed)  # blocked by CORS
    expect(page.locator("[data-styrdok-widget]")).to_have_count(0)
