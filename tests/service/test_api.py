"""The HTTP API over a real index of the corpus: contract, streaming, program data, sources,
protection (rate limit, sizes, traversal, CORS) and what is logged."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest.index import Snapshot
from ingest.messages import Messages
from service.web.logging import JsonFormatter
from styrdok.app import create_app
from styrdok.engine import build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

PROGRAM = "program-social-hallbarhet-2024-2025"
OWNERS_32 = "Vilka har huvudansvar för 3.2?"


@contextmanager
def app_client(settings: Settings, **update: Any) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 0, **update}))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    with app_client(corpus_settings, cors_origins=["http://intranet.example"]) as c:
        yield c


@pytest.fixture(scope="module")
def msgs(corpus_settings: Settings) -> Messages:
    return Messages.load(corpus_settings.prompts_dir)


@pytest.fixture(scope="module")
def program(corpus_snapshot: Snapshot) -> Any:
    return corpus_snapshot.programs[PROGRAM]


def sse_events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        lines = block.split("\n")
        assert lines[0].startswith("event: ") and lines[1].startswith("data: "), block
        events.append((lines[0][7:], json.loads(lines[1][6:])))
    return events


# ---- /api/ask -----------------------------------------------------------------------------


def test_ask_returns_the_cli_answer_json_plus_an_id(
    client: TestClient, corpus_settings: Settings
) -> None:
    r = client.post("/api/ask", json={"question": OWNERS_32})
    assert r.status_code == 200
    body = r.json()
    expected = build_engine(corpus_settings).answer(OWNERS_32).to_json()
    assert {k: body[k] for k in expected} == expected  # exactly `styrdok ask --json`
    assert set(body) >= {"answer", "abstained", "mode", "citations", "id"}
    assert len(body["id"]) == 32 and int(body["id"], 16) >= 0
    assert isinstance(body["sections"], list) and isinstance(body["suggestions"], list)
    for c in body["citations"]:
        assert set(c) == {"document", "section", "page", "quote", "document_title", "section_label"}
    again = client.post("/api/ask", json={"question": OWNERS_32}).json()
    assert again["id"] != body["id"]


def test_ask_passes_the_history_to_the_engine(
    client: TestClient, corpus_settings: Settings
) -> None:
    from service.engine.models import Turn

    first = client.post("/api/ask", json={"question": OWNERS_32}).json()
    history = [
        {"role": "user", "content": OWNERS_32},
        {"role": "assistant", "content": first["answer"]},
    ]
    r = client.post("/api/ask", json={"question": "Och 3.3?", "history": history})
    assert r.status_code == 200
    turns = [Turn(h["role"], h["content"]) for h in history]
    expected = build_engine(corpus_settings).answer("Och 3.3?", turns).to_json()
    assert {k: r.json()[k] for k in expected} == expected


def test_question_too_long_and_empty_get_the_swedish_messages(
    client: TestClient, corpus_settings: Settings, msgs: Messages
) -> None:
    limit = corpus_settings.max_question_chars
    r = client.post("/api/ask", json={"question": "a" * (limit + 1)})
    assert r.status_code == 422
    assert r.json() == {
        "code": "question_too_long",
        "message": msgs.render("errors.question_too_long", length=limit + 1, limit=limit),
    }
    r = client.post("/api/ask/stream", json={"question": "   "})
    assert r.status_code == 422
    assert r.json()["message"] == msgs.render("errors.empty_question")


def test_malformed_requests_get_a_swedish_422(client: TestClient, msgs: Messages) -> None:
    r = client.post("/api/ask", json={"history": []})
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"
    prefix = msgs.render("ui.api.invalid_request", detail="")
    assert r.json()["message"].startswith(prefix)
    r = client.post(
        "/api/ask", json={"question": "x", "history": [{"role": "system", "content": "y"}]}
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"


def test_request_body_over_the_limit_is_refused(client: TestClient, msgs: Messages) -> None:
    huge = {"question": "x", "history": [{"role": "user", "content": "y" * 300_000}]}
    r = client.post("/api/ask", json=huge)
    assert r.status_code == 413
    assert r.json()["message"] == msgs.render("ui.api.too_large", limit=256)


def test_rate_limit_per_client(corpus_settings: Settings, msgs: Messages) -> None:
    with app_client(corpus_settings, rate_limit_per_minute=2) as client:
        codes = [
            client.post("/api/ask", json={"question": OWNERS_32}).status_code for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        r = client.post("/api/ask/stream", json={"question": OWNERS_32})
        assert r.status_code == 429
        seconds = int(r.headers["retry-after"])
        assert seconds >= 1
        assert r.json() == {
            "code": "rate_limited",
            "message": msgs.render("ui.api.rate_limited", seconds=seconds),
        }
        assert client.get("/api/sections").status_code == 200  # only asking is limited


# ---- /api/ask/stream ----------------------------------------------------------------------


def test_stream_sends_text_in_pieces_then_citations_then_done(client: TestClient) -> None:
    with client.stream("POST", "/api/ask/stream", json={"question": OWNERS_32}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = sse_events(text)
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) <= {"delta"}
    done = events[-1][1]
    assert "".join(d["text"] for n, d in events if n == "delta") == done["answer"]
    assert events[-2][1]["citations"] == done["citations"]
    assert events[0][1] == {"id": done["id"], "mode": done["mode"], "abstained": done["abstained"]}
    plain = client.post("/api/ask", json={"question": OWNERS_32}).json()
    assert {k: done[k] for k in ("answer", "mode", "abstained", "citations")} == {
        k: plain[k] for k in ("answer", "mode", "abstained", "citations")
    }


def test_stream_pieces_rebuild_a_long_text_exactly() -> None:
    from service.web.routes.ask import pieces

    text = "Huvudansvar  för 3.2 har\nIFN, GVN och PN.\n\n– Källa: s. 2 "
    parts = list(pieces(text))
    assert len(parts) > 1 and "".join(parts) == text


# ---- program data -------------------------------------------------------------------------


def test_sections_list_the_parsed_structure_with_full_owner_names(
    client: TestClient, program: Any, corpus_snapshot: Snapshot, msgs: Messages
) -> None:
    body = client.get("/api/sections").json()
    assert body["version"] == corpus_snapshot.version
    mine = [s for s in body["sections"] if s["document"] == PROGRAM]
    assert [s["id"] for s in mine] == [s.id for s in program.sections]
    glossary = {e["abbreviation"]: e for e in corpus_snapshot.glossary if e["abbreviation"]}
    seen_unsure = 0
    for got, sec in zip(mine, program.sections, strict=True):
        assert got["title"] == sec.title and got["pages"] == sec.pages
        assert [o["abbreviation"] for o in got["owners"]] == sec.owner_abbreviations
        for o in got["owners"]:
            entry = glossary[o["abbreviation"]]
            if not entry["expansion"]:
                assert o["display"].startswith(
                    msgs.render("ui.owner.unknown", abbreviation=o["abbreviation"])
                )
            elif entry["confidence"] in ("certain", "high"):
                assert o["display"].startswith(
                    msgs.render(
                        "ui.owner.certain",
                        expansion=entry["expansion"],
                        abbreviation=entry["abbreviation"],
                    )
                )
            else:
                seen_unsure += 1
                assert o["display"] == msgs.render(
                    "ui.owner.likely",
                    expansion=entry["expansion"],
                    abbreviation=entry["abbreviation"],
                )
    assert seen_unsure > 0  # PN and ÄN are not certain in the glossary
    [doc] = [d for d in body["documents"] if d["id"] == PROGRAM]
    assert doc["period"] == program.period and doc["is_program"] is True


def test_section_detail_holds_its_page_text(
    client: TestClient, program: Any, corpus_snapshot: Snapshot, msgs: Messages
) -> None:
    sec = program.section("3.2")
    body = client.get("/api/sections/3.2", params={"document": PROGRAM}).json()
    assert body["id"] == "3.2" and body["parent"] == sec.parent and body["body"] == sec.body
    page_text = corpus_snapshot.page_text(PROGRAM, sec.pages[0])
    assert all(t["text"] in page_text for t in body["text"])
    assert sec.body.split("\n")[0] in body["text"][0]["text"]
    r = client.get("/api/sections/9.9")
    assert r.status_code == 404
    assert r.json()["message"] == msgs.render(
        "ui.api.section_not_found", section="9.9", document=PROGRAM
    )


def test_glossary_says_troligen_where_not_certain(
    client: TestClient, corpus_snapshot: Snapshot, msgs: Messages
) -> None:
    body = client.get("/api/glossary").json()
    assert len(body) == len(corpus_snapshot.glossary)
    for got, entry in zip(body, corpus_snapshot.glossary, strict=True):
        assert got["abbreviation"] == entry["abbreviation"]
        assert got["certain"] == (entry["confidence"] in ("certain", "high"))
        if entry["abbreviation"] and entry["expansion"] and not got["certain"]:
            likely = msgs.render(
                "ui.owner.likely", expansion=entry["expansion"], abbreviation=entry["abbreviation"]
            )
            assert got["display"] == likely


def test_ui_strings_come_from_prompts(client: TestClient, msgs: Messages) -> None:
    body = client.get("/api/ui-strings").json()
    assert body["strings"]["page.send"] == msgs.get("ui.page.send")
    assert body["privacy"] == msgs.get("ui.page.privacy_off")
    assert not any(k.startswith(("api.", "cli.")) for k in body["strings"])


# ---- documents and the source view --------------------------------------------------------


def test_document_is_served_as_pdf(client: TestClient, corpus_snapshot: Snapshot) -> None:
    r = client.get(f"/documents/{PROGRAM}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("inline")
    assert r.content == Path(corpus_snapshot.documents[PROGRAM].path).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/documents/..%2F..%2Fetc%2Fpasswd",
        "/documents/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/documents/..%5C..%5Cetc%5Cpasswd",
        "/documents/%2Fetc%2Fpasswd",
        "/documents/corpus",
        "/documents/manifest.json",
    ],
)
def test_documents_refuse_anything_but_a_document_id(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert b"root:" not in r.content


def test_source_view_highlights_the_quote_as_text(
    client: TestClient, program: Any, corpus_snapshot: Snapshot
) -> None:
    sec = program.section("3.2")
    quote = sec.body.split("\n")[0]
    r = client.get(f"/view/{PROGRAM}/3.2", params={"q": quote, "page": sec.pages[0]})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert f'<mark id="citat">{quote}' in r.text
    assert f'href="/documents/{PROGRAM}#page={sec.pages[0]}"' in r.text
    # a quote outside the section is shown on its page
    other = corpus_snapshot.page_text(PROGRAM, 1).split("\n")[2]
    r = client.get(f"/view/{PROGRAM}/3.2", params={"q": other, "page": 1})
    assert f'<mark id="citat">{other}' in r.text
    r = client.get(f"/view/{PROGRAM}", params={"q": other, "page": 1})
    assert r.status_code == 200 and f'<mark id="citat">{other}' in r.text
    assert client.get(f"/view/{PROGRAM}/9.9").status_code == 404
    assert client.get(f"/view/{PROGRAM}", params={"page": 99}).status_code == 404


def test_source_view_escapes_a_quote_with_markup(client: TestClient) -> None:
    r = client.get(f"/view/{PROGRAM}/3.2", params={"q": '<img src=x onerror="alert(1)">'})
    assert r.status_code == 200
    assert "<img" not in r.text


# ---- operations ---------------------------------------------------------------------------


def test_health_ready_and_openapi(client: TestClient, corpus_snapshot: Snapshot) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["version"] == corpus_snapshot.version
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/ask",
        "/api/ask/stream",
        "/api/sections",
        "/api/sections/{section_id}",
        "/api/glossary",
        "/api/feedback",
        "/documents/{document_id}",
        "/api/admin/documents",
        "/api/admin/documents/{document_id}",
        "/healthz",
        "/readyz",
    ):
        assert p in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200


def test_not_ready_without_an_index(tmp_path: Path, corpus_settings: Settings) -> None:
    with app_client(corpus_settings, data_dir=tmp_path / "empty") as client:
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "not_ready"
        assert client.post("/api/ask", json={"question": OWNERS_32}).status_code == 503
        assert client.get("/healthz").status_code == 200


def test_cors_allows_only_the_configured_origins(client: TestClient) -> None:
    headers = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = client.options("/api/ask", headers={**headers, "Origin": "http://intranet.example"})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "http://intranet.example"
    bad = client.options("/api/ask", headers={**headers, "Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in bad.headers
    r = client.post(
        "/api/ask", json={"question": OWNERS_32}, headers={"Origin": "http://evil.example"}
    )
    assert "access-control-allow-origin" not in r.headers


@contextmanager
def json_log() -> Iterator[io.StringIO]:
    """The service's JSON log lines, as the production handler writes them."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("styrdok")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield buf
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def test_question_text_is_not_logged_unless_turned_on(corpus_settings: Settings) -> None:
    question = "Vilka har huvudansvar för 4.2 enligt loggtestet?"
    with json_log() as buf, app_client(corpus_settings) as client:
        r = client.post("/api/ask", json={"question": question}, headers={"X-Request-ID": "req-1"})
        assert r.headers["x-request-id"] == "req-1"
    text = buf.getvalue()
    assert question not in text and "4.2 enligt" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    answered = [x for x in lines if x["msg"] == "answered"]
    assert answered and answered[0]["request_id"] == "req-1" and "question" not in answered[0]
    access = [x for x in lines if x["msg"] == "request" and x["path"] == "/api/ask"]
    assert access and access[0]["status"] == 200 and access[0]["request_id"] == "req-1"
    with json_log() as buf, app_client(corpus_settings, log_questions=True) as client:
        client.post("/api/ask", json={"question": question})
    logged = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert any(x.get("question") == question for x in logged)
