"""The accessibility audit (axe-core, WCAG 2.1 A/AA) over every page and state.

Each test collects the violations of all the states it visits and fails on any of them, so one
run lists everything that is wrong; best-practice findings are printed at the end of the run.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as urlquote

import pytest
from playwright.sync_api import expect

from .axe import Finding, audit
from .support import StaticSite

pytestmark = pytest.mark.browser

PROGRAM = "program-social-hallbarhet-2024-2025"
ANSWER_TIMEOUT = 60_000
# one question per answer mode; the modes are asserted, so a changed engine shows here
QUESTIONS = (
    ("structured", "Vilka har huvudansvar för 3.2?"),
    ("extractive", "Vad gör kommunen mot hemlöshet?"),
    ("abstain", "Vad kostar ett busskort?"),
)


def ask(page: Any, question: str) -> Any:
    before = page.locator("li.assistant").count()
    page.fill("#fraga", question)
    page.press("#fraga", "Enter")
    answer = page.locator("li.assistant").nth(before)
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    return answer


def report(found: list[Finding]) -> None:
    assert not found, f"{len(found)} WCAG 2.1 A/AA violations:\n" + "\n".join(
        f.line() for f in found
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_chat_page_after_each_kind_of_answer(chromium: Any, service_url: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    page = context.new_page()
    found: list[Finding] = []
    try:
        page.goto(service_url + "/")
        expect(page.locator(".starter").first).to_be_visible()
        found += audit(page, f"chat {width}px, empty")
        for mode, question in QUESTIONS:
            answer = ask(page, question)
            assert answer.get_attribute("data-mode") == mode, question
            found += audit(page, f"chat {width}px, after a {mode} answer")
        # the feedback form opened, as a user would after an answer
        page.locator("li.assistant").first.locator("button.icon").first.click()
        found += audit(page, f"chat {width}px, feedback open")
    finally:
        context.close()
    report(found)


def test_section_view(page: Any, service_url: str) -> None:
    found: list[Finding] = []
    answer_page = service_url + "/"
    page.goto(answer_page)
    chip = ask(page, "Vad gör kommunen mot hemlöshet?").locator("a.chip").first
    href = chip.get_attribute("href")
    assert href
    page.goto(service_url + href)
    expect(page.locator("mark").first).to_be_visible()
    found += audit(page, "section view with a quote")
    page.goto(service_url + f"/view/{PROGRAM}?page=2&q={urlquote('finns inte i texten')}")
    found += audit(page, "page view, quote not found")
    page.goto(service_url + f"/view/{PROGRAM}/finns-inte")
    found += audit(page, "view, not found")
    report(found)


def test_widget_open_on_another_origin(page: Any, service_url: str, intranet: StaticSite) -> None:
    found: list[Finding] = []
    page.goto(intranet.origin + "/index.html")
    launcher = page.locator("[data-styrdok-widget] button.launcher")
    expect(launcher).to_be_visible()
    found += audit(page, "widget closed")
    launcher.click()
    field = page.locator("[data-styrdok-widget] textarea")
    expect(field).to_be_focused()
    found += audit(page, "widget open")
    field.fill("Vad gör kommunen mot hemlöshet?")
    field.press("Enter")
    answer = page.locator("[data-styrdok-widget] li.msg.assistant").first
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    # the audit reaches into the shadow root
    assert page.evaluate(
        "document.querySelector('[data-styrdok-widget]').shadowRoot.querySelector('.chip') !== null"
    )
    found += audit(page, "widget open, after an answer")
    report(found)


@pytest.mark.parametrize("width", [1280, 375])
def test_documents_overview_and_responsibility_matrix(
    chromium: Any, service_url: str, width: int
) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    page = context.new_page()
    found: list[Finding] = []
    try:
        page.goto(service_url + "/")
        expect(page.locator(".starter").first).to_be_visible()
        page.click("#about-toggle")
        expect(page.locator("#about section.doc").first).to_be_visible()
        found += audit(page, f"documents overview {width}px")
        for details in page.locator("#about details:not([open])").all():
            details.locator("summary").click()
        tables = page.locator("#about table.matrix")
        expect(tables.first).to_be_visible()
        found += audit(page, f"documents overview {width}px, trees and matrices open")
        page.locator("#about a.matrix-page-link").first.click()
        expect(page.locator("table.matrix")).to_be_visible()
        found += audit(page, f"matrix page {width}px")
    finally:
        context.close()
    report(found)


def test_html_eval_report(page: Any, tmp_path: Any) -> None:
    """The newest committed eval report, drawn as HTML, passes the same audit."""
    from .screenshots import eval_report_page

    html = eval_report_page(tmp_path)
    assert html is not None, "no report JSON under evals/reports/"
    page.goto(html.as_uri())
    expect(page.locator("svg.chart").first).to_be_visible()
    report(audit(page, "HTML eval report"))
