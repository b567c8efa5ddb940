"""Keyboard only: ask, open a citation, return, clear the conversation. No mouse.

Focus is visible at every step and lands where the next step starts; the finished answer is
announced once through the live region, not once per streamed piece.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from ingest.messages import Messages
from styrdok.settings import Settings

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 60_000
# an extractive answer: long enough to arrive in many streamed pieces
QUESTION = "Vad gör kommunen mot hemlöshet?"

FOCUS_VISIBLE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return false;
    const s = getComputedStyle(e);
    return e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
}"""

WATCH = """() => {
    window.__said = [];
    window.__pieces = 0;
    const live = document.getElementById('answer-live');
    new MutationObserver(() => {
        if (live.textContent.trim()) window.__said.push(live.textContent);
    }).observe(live, {childList: true, characterData: true, subtree: true});
    new MutationObserver((records) => {
        for (const r of records) {
            const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            if (t && t.closest('.answer-text')) window.__pieces++;
        }
    }).observe(document.getElementById('conversation'),
               {childList: true, characterData: true, subtree: true});
}"""

# every element whose changes a screen reader announces by itself
LIVE_ANSWER_TEXT = """() => [...document.querySelectorAll('.answer-text')].filter(e =>
    e.closest('[aria-live]:not([aria-live="off"]), [role=log], [role=status], [role=alert]')
).length"""


def focused(page: Any) -> str:
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
            " + (e.className ? '.' + String(e.className).split(' ').join('.') : ''); })()"
        )
    )


def assert_focus_visible(page: Any) -> None:
    assert page.evaluate(FOCUS_VISIBLE), f"focus not visible on {focused(page)}"


def tab_to(page: Any, selector: str, key: str = "Shift+Tab", limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `selector` has focus; focus is visible at every stop."""
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {key}; focus on {focused(page)}")


def test_ask_open_a_citation_return_and_clear_by_keyboard(
    page: Any, service_url: str, corpus_settings: Settings
) -> None:
    msgs = Messages.load(corpus_settings.prompts_dir)
    page.goto(service_url + "/")
    expect(page.locator(".starter").first).to_be_visible()
    page.evaluate(WATCH)

    # 1. ask: the skip link leads to the question field
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#fraga")).to_be_focused()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    answer = page.locator("li.assistant").first
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    assert answer.get_attribute("data-mode") == "extractive"
    # focus is back in the field, ready for the next question
    expect(page.locator("#fraga")).to_be_focused()
    assert_focus_visible(page)
    text = answer.locator(".answer-text").inner_text()
    said = page.evaluate("window.__said")
    assert page.evaluate("window.__pieces") > 1, "the answer was not streamed in pieces"
    assert said == [msgs.render("ui.page.answer_live", answer=text)], said
    assert page.evaluate(LIVE_ANSWER_TEXT) == 0  # the streaming text is in no live region

    # 2. open a citation: backwards from the field to the answer's first source
    tab_to(page, "li.assistant a.chip")
    chip = page.evaluate("document.activeElement.getAttribute('href')")
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    view = opened.value
    view.wait_for_load_state()
    expect(view.locator("mark#citat")).to_be_visible()
    assert view.url.endswith(chip)
    view.keyboard.press("Tab")  # from the quote (the fragment's target) on
    assert_focus_visible(view)
    assert view.evaluate("document.activeElement.tagName") == "A"

    # 3. return: the view's tab is closed, the chat still has focus on the chip it opened
    view.close()
    page.bring_to_front()
    assert page.evaluate("document.activeElement.getAttribute('href')") == chip
    assert_focus_visible(page)

    # 4. clear: back to the header's button, then focus lands in the empty field
    tab_to(page, "#clear")
    page.keyboard.press("Enter")
    expect(page.locator("#conversation > li")).to_have_count(0)
    expect(page.locator("#fraga")).to_be_focused()
    assert_focus_visible(page)
    expect(page.locator("#status")).to_have_text(msgs.get("ui.page.cleared"))
    assert page.evaluate("window.__said.length") == 1  # clearing announced nothing twice
    assert page.errors == []
