"""Fixtures for the browser tests: Chromium, and the chat service served by a real uvicorn."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from styrdok.app import create_app
from styrdok.settings import Settings

from .axe import FINDINGS
from .support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, StaticSite, embed_page, live_server

WIDGET_TITLE = "Fråga om programmet"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The accessibility audit's best-practice findings (WCAG violations fail the tests)."""
    if not FINDINGS:
        return
    terminalreporter.section("axe-core best-practice findings")
    for line in sorted({f.line() for f in FINDINGS}):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make deps does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def intranet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """An origin the API allows (the widget page is written once the API's URL is known)."""
    root = tmp_path_factory.mktemp("intranet")
    with StaticSite(root) as site:
        yield site


@pytest.fixture(scope="session")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """An origin the API does not allow."""
    root = tmp_path_factory.mktemp("stranger")
    with StaticSite(root) as site:
        yield site


@pytest.fixture(scope="session")
def service_url(
    corpus_settings: Settings, intranet: StaticSite, stranger: StaticSite
) -> Iterator[str]:
    """The chat service over the real corpus, on loopback."""
    settings = corpus_settings.model_copy(
        update={"cors_origins": [intranet.origin], "rate_limit_per_minute": 0}
    )
    with live_server(create_app(settings)) as url:
        for site in (intranet, stranger):
            page = embed_page(url, WIDGET_TITLE)
            (site.root / "index.html").write_text(page, encoding="utf-8")
        yield url


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest, artifacts: Path) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    name = request.node.name.replace("/", "_")
    for i, p in enumerate(context.pages):
        with contextlib.suppress(Exception):  # a closed page has nothing to show
            p.screenshot(path=str(artifacts / f"{name}-{i}.png"), full_page=True)
    context.close()
