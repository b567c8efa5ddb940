"""The chat page in real headless Chromium against a real server over the corpus index."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ingest.index import Snapshot
from ingest.messages import Messages
from styrdok.settings import Settings

pytestmark = pytest.mark.browser

PROGRAM = "program-social-hallbarhet-2024-2025"
ANSWER_TIMEOUT = 60_000


def ask(page: Any, question: str) -> Any:
    """Type a question, send it with Enter, and return the finished answer item."""
    before = page.locator("li.assistant").count()
    page.fill("#fraga", question)
    page.press("#fraga", "Enter")
    answer = page.locator("li.assistant").nth(before)
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    return answer


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def chat(page: Any, service_url: str) -> Any:
    page.goto(service_url + "/")
    expect(page.locator(".starter").first).to_be_visible()
    return page


def test_cited_answer_and_the_citation_opens_the_section_with_the_quote(
    chat: Any, corpus_snapshot: Snapshot, service_url: str
) -> None:
    section = corpus_snapshot.programs[PROGRAM].section("3.2")
    assert section is not None
    answer = ask(chat, "Vilka har huvudansvar för 3.2?")
    assert answer.get_attribute("data-mode") != "abstain"
    text = answer.locator(".answer-text").inner_text()
    for abbr in section.owner_abbreviations:
        assert abbr in text
    chip = answer.locator('a.chip[data-section="3.2"]').first
    expect(chip).to_be_visible()
    quote = chip.get_attribute("title")
    page_no = chip.get_attribute("data-page")
    assert quote and page_no and int(page_no) in section.pages
    pdf = answer.locator(f'a.chip-pdf[href="/documents/{PROGRAM}#page={page_no}"]').first
    expect(pdf).to_be_visible()
    served = chat.request.get(service_url + f"/documents/{PROGRAM}")
    assert served.ok and served.headers["content-type"] == "application/pdf"

    with chat.context.expect_page() as opened:
        chip.click()
    view = opened.value
    view.wait_for_load_state()
    url = urlparse(view.url)
    assert url.path == f"/view/{PROGRAM}/3.2"
    assert parse_qs(url.query)["q"] == [quote] and url.fragment == "citat"
    expect(view.locator("h1")).to_contain_text(section.title)
    mark = view.locator("mark#citat")
    expect(mark).to_be_visible()
    assert norm(mark.inner_text()) == norm(quote)
    # the highlighted quote sits on the cited page
    expect(view.locator(f"section.page:has(#sida-{page_no}) mark#citat")).to_have_count(1)
    assert norm(quote) in norm(corpus_snapshot.page_text(PROGRAM, int(page_no)))


def test_follow_up_sends_the_history(chat: Any, corpus_snapshot: Snapshot) -> None:
    bodies: list[dict[str, Any]] = []
    chat.on(
        "request",
        lambda r: (
            bodies.append(json.loads(r.post_data)) if r.url.endswith("/api/ask/stream") else None
        ),
    )
    first = ask(chat, "Vilka har huvudansvar för 3.2?")
    second = ask(chat, "Och 3.3?")
    assert bodies[0]["history"] == []
    assert bodies[1]["history"] == [
        {"role": "user", "content": "Vilka har huvudansvar för 3.2?"},
        {"role": "assistant", "content": first.locator(".answer-text").inner_text()},
    ]
    section = corpus_snapshot.programs[PROGRAM].section("3.3")
    assert section is not None
    expect(second.locator('a.chip[data-section="3.3"]').first).to_be_visible()
    text = second.locator(".answer-text").inner_text()
    assert all(abbr in text for abbr in section.owner_abbreviations)


def test_starter_questions_come_from_the_section_tree(chat: Any, corpus_snapshot: Snapshot) -> None:
    program = corpus_snapshot.programs[PROGRAM]
    ids = {s.id for s in program.sections}
    starters = chat.locator(".starter").all_inner_texts()
    assert len(starters) >= 3
    numbered = [w.rstrip("?") for q in starters for w in q.split() if w.rstrip("?")[:1].isdigit()]
    assert numbered and all(n in ids for n in numbered)
    chat.locator(".starter").first.click()
    answer = chat.locator("li.assistant").first
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_TIMEOUT)
    expect(chat.locator("li.user .text").first).to_have_text(starters[0])
    expect(chat.locator("#starters")).to_be_hidden()


def test_about_panel_shows_focus_areas_sub_goals_owners_and_glossary(
    chat: Any, corpus_snapshot: Snapshot, corpus_settings: Settings
) -> None:
    msgs = Messages.load(corpus_settings.prompts_dir)
    program = corpus_snapshot.programs[PROGRAM]
    chat.click("#about-toggle")
    panel = chat.locator("#about")
    expect(panel).to_be_visible()
    expect(chat.locator("#about-toggle")).to_have_attribute("aria-expanded", "true")
    expect(panel.locator("section.doc")).to_have_count(len(corpus_snapshot.documents))
    doc = panel.locator(f'section.doc[data-document="{PROGRAM}"]')
    expect(doc.locator("h3")).to_have_text(corpus_snapshot.documents[PROGRAM].title)
    start = corpus_snapshot.documents[PROGRAM].meta.get("valid_from")
    expect(doc.locator(".doc-kind")).to_contain_text(str(start or program.period))
    tree = doc.locator(".tree-details")
    expect(tree).to_have_attribute("open", "")  # the default document's tree is open
    expect(tree.locator('li[data-kind="focus_area"]')).to_have_count(len(program.focus_areas))
    expect(tree.locator('li[data-kind="sub_goal"]')).to_have_count(len(program.sub_goals))
    for fa in program.focus_areas:  # sub-goals sit under their focus area
        children = tree.locator(f'li[data-section="{fa.id}"] > ul > li[data-kind="sub_goal"]')
        expect(children).to_have_count(len(program.children(fa.id)))
    glossary = {e["abbreviation"]: e for e in corpus_snapshot.glossary if e["abbreviation"]}
    unsure = [
        (s, o)
        for s in program.sub_goals
        for o in s.owners
        if glossary[o.abbreviation]["confidence"] not in ("certain", "high")
        and glossary[o.abbreviation]["expansion"]
    ]
    assert unsure
    for sub_goal, owner in unsure:
        entry = glossary[owner.abbreviation]
        item = tree.locator(f'li[data-section="{sub_goal.id}"]')
        expect(item).to_contain_text(
            msgs.render(
                "ui.owner.likely", expansion=entry["expansion"], abbreviation=entry["abbreviation"]
            )
        )
    expect(panel.locator(".glossary-row")).to_have_count(len(corpus_snapshot.glossary))
    chat.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(chat.locator("#about-toggle")).to_be_focused()


def test_abstention_has_no_citations(chat: Any) -> None:
    answer = ask(chat, "Vad kostar ett busskort?")
    assert answer.get_attribute("data-mode") == "abstain"
    expect(answer.locator("a.chip")).to_have_count(0)
    assert answer.locator(".answer-text").inner_text().strip()


def test_copy_and_clear(chat: Any) -> None:
    chat.context.grant_permissions(["clipboard-read", "clipboard-write"])
    answer = ask(chat, "Vilka har huvudansvar för 3.2?")
    text = answer.locator(".answer-text").inner_text()
    answer.locator("button.copy").click()
    expect(chat.locator("#status")).not_to_be_empty()
    copied = chat.evaluate("navigator.clipboard.readText()")
    assert text.strip() in copied and "3.2" in copied
    chat.click("#clear")
    expect(chat.locator("#conversation > li")).to_have_count(0)
    expect(chat.locator("#starters")).to_be_visible()
    chat.reload()
    expect(chat.locator("#conversation > li")).to_have_count(0)


def test_conversation_survives_a_reload(chat: Any) -> None:
    ask(chat, "Vilka har huvudansvar för 3.2?")
    chat.reload()
    expect(chat.locator("li.assistant")).to_have_count(1)
    expect(chat.locator("li.assistant a.chip").first).to_be_visible()


def test_too_long_question_shows_the_service_message(chat: Any, corpus_settings: Settings) -> None:
    msgs = Messages.load(corpus_settings.prompts_dir)
    limit = corpus_settings.max_question_chars
    chat.fill("#fraga", "a" * (limit + 10))
    chat.press("#fraga", "Enter")
    expect(chat.locator("#fraga-error")).to_have_text(
        msgs.render("errors.question_too_long", length=limit + 10, limit=limit)
    )
    expect(chat.locator("#conversation > li")).to_have_count(0)


def test_usable_at_375_px(chromium: Any, service_url: str, artifacts: Any) -> None:
    context = chromium.new_context(viewport={"width": 375, "height": 740}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(service_url + "/")
        expect(page.locator(".starter").first).to_be_visible()
        answer = ask(page, "Vilka har huvudansvar för 3.2?")
        expect(answer.locator("a.chip").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        expect(page.locator("#send")).to_be_in_viewport()
        page.screenshot(path=str(artifacts / "chat-375px.png"), full_page=True)
    finally:
        context.close()


def test_no_script_errors(chat: Any) -> None:
    ask(chat, "Vilka har huvudansvar för 3.2?")
    chat.click("#about-toggle")
    assert chat.errors == []
