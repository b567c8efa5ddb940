"""Take the committed screenshots under docs/screenshots/ from a real server over the corpus.

    .venv/bin/python -m tests.browser.screenshots [--out docs/screenshots]

Builds a fresh index of corpus/ in a temporary data dir, serves it on loopback, and photographs
the chat page, the documents overview ("Om dokumenten"), the responsibility matrix, a cited
answer, the source view, the widget on another origin, the page at 375 px, and the HTML
evaluation report drawn from the newest report JSON under evals/reports/. The browser tests save
their own screenshots under test-artifacts/.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from evals.report_html import write_html
from ingest.pipeline import run_ingest
from styrdok.app import create_app
from styrdok.settings import PROJECT_ROOT, Settings
from styrdok.wiring import build_embedder, build_store

from .support import CHROMIUM, CHROMIUM_ARGS, StaticSite, embed_page, live_server

TIMEOUT = 60_000


def ask(page: Any, question: str) -> Any:
    before = page.locator("li.assistant").count()
    page.fill("#fraga", question)
    page.press("#fraga", "Enter")
    answer = page.locator("li.assistant").nth(before)
    expect(answer).to_have_attribute("aria-busy", "false", timeout=TIMEOUT)
    return answer


def take(out: Path, api: str, intranet: StaticSite) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="sv-SE")
        page = ctx.new_page()
        page.goto(api + "/")
        page.locator(".starter").first.wait_for()
        shots.append(out / "chat.png")
        page.screenshot(path=str(shots[-1]))

        page.click("#about-toggle")
        page.locator("#about section.doc").first.wait_for()
        page.locator("#about").evaluate("e => e.scrollTo(0, 0)")
        shots.append(out / "documents.png")
        page.screenshot(path=str(shots[-1]))

        page.locator("#about .matrix-details summary").first.click()
        page.locator("#about table.matrix").first.wait_for()
        page.locator("#about .matrix-details").first.evaluate("e => e.scrollIntoView()")
        shots.append(out / "documents-matrix.png")
        page.screenshot(path=str(shots[-1]))

        matrix = ctx.new_page()
        matrix.goto(api + page.locator("#about a.matrix-page-link").first.get_attribute("href"))
        matrix.locator("table.matrix").wait_for()
        shots.append(out / "matrix.png")
        matrix.screenshot(path=str(shots[-1]), full_page=True)
        matrix.close()

        page.click("#about-close")
        ask(page, "Vilka har huvudansvar för 3.2?")
        ask(page, "Och 3.3?")
        ask(page, "Vad gör kommunen mot hemlöshet?")
        page.set_viewport_size({"width": 1280, "height": 1150})
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        answer = page.locator("li.assistant").last
        shots.append(out / "answer.png")
        page.screenshot(path=str(shots[-1]))

        chip = answer.locator("a.chip").first
        with ctx.expect_page() as opened:
            chip.click()
        view = opened.value
        view.wait_for_load_state()
        view.locator("mark#citat").wait_for()
        shots.append(out / "source.png")
        view.screenshot(path=str(shots[-1]))

        widget = ctx.new_page()
        widget.goto(intranet.origin + "/index.html")
        widget.locator("[data-styrdok-widget] button.launcher").click()
        field = widget.locator("[data-styrdok-widget] textarea")
        field.fill("Vilka delmål har Fritidsnämnden huvudansvar för?")
        field.press("Enter")
        done = widget.locator("[data-styrdok-widget] li.msg.assistant[aria-busy=false]")
        done.first.wait_for(timeout=TIMEOUT)
        widget.locator("[data-styrdok-widget] ol.log").evaluate(
            "e => e.scrollTo(0, e.scrollHeight)"
        )
        shots.append(out / "widget.png")
        widget.screenshot(path=str(shots[-1]))

        mobile = browser.new_context(viewport={"width": 375, "height": 760}, locale="sv-SE")
        phone = mobile.new_page()
        phone.goto(api + "/")
        phone.locator(".starter").first.wait_for()
        ask(phone, "Vilka har huvudansvar för 4.2?")
        phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        shots.append(out / "mobile-375.png")
        phone.screenshot(path=str(shots[-1]))

        report = eval_report_page(Path(tempfile.mkdtemp()))
        if report is not None:
            sheet = ctx.new_page()
            sheet.set_viewport_size({"width": 1280, "height": 1500})
            sheet.goto(report.as_uri())
            shots.append(out / "eval-report.png")
            sheet.screenshot(path=str(shots[-1]))
        browser.close()
    return shots


def eval_report_page(tmp: Path) -> Path | None:
    """<date>.html from the newest report JSON (and its -multi twin), drawn in `tmp`."""
    reports = PROJECT_ROOT / "evals" / "reports"
    dated = sorted(p for p in reports.glob("*.json") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.stem))
    if not dated:
        return None
    newest = dated[-1]
    files = [newest, *reports.glob(f"{newest.stem}-multi.json")]
    return write_html([json.loads(f.read_text(encoding="utf-8")) for f in files], tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, StaticSite(Path(tmp)) as intranet:
        data = Path(tmp) / "data"
        settings = Settings(data_dir=data, cors_origins=[intranet.origin])
        report = run_ingest(
            data, build_store(settings), build_embedder(settings), corpus_dir=settings.corpus_dir
        )
        assert report.ok, report.failed
        with live_server(create_app(settings)) as api:
            (Path(tmp) / "index.html").write_text(
                embed_page(api, "Fråga om social hållbarhet"), encoding="utf-8"
            )
            for path in take(args.out, api, intranet):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
