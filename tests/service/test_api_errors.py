"""Every error a user can see has the Swedish {code, message} shape, and the OpenAPI spec
lists each route's statuses with the error schema and the limits (issue 10, item 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ingest.messages import Messages
from styrdok.app import create_app
from styrdok.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    settings = corpus_settings.model_copy(update={"rate_limit_per_minute": 0, "admin_key": "k"})
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def msgs(corpus_settings: Settings) -> Messages:
    return Messages.load(corpus_settings.prompts_dir)


def test_invalid_utf8_gets_the_swedish_error(client: TestClient, msgs: Messages) -> None:
    r = client.post(
        "/api/ask",
        content=b'{"question": "\xff\xfe bad"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400
    why = msgs.render("ui.api.not_utf8")
    assert r.json() == {
        "code": "bad_request",
        "message": msgs.render("ui.api.bad_request", detail=why),
    }


def test_other_framework_errors_are_swedish_too(client: TestClient, msgs: Messages) -> None:
    r = client.get("/api/ask")
    assert r.status_code == 405
    assert r.json() == {
        "code": "method_not_allowed",
        "message": msgs.render("ui.api.method_not_allowed", method="GET"),
    }
    r = client.post("/api/ask", content=b"{nej", headers={"content-type": "application/json"})
    assert r.status_code == 422 and set(r.json()) == {"code", "message"}
    assert client.get("/finns/inte").json()["code"] == "not_found"


def test_openapi_lists_every_status_with_the_error_schema(
    client: TestClient, corpus_settings: Settings
) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["Error"]["required"] == ["code", "message"]
    expected = {
        ("post", "/api/ask"): {400, 413, 422, 429, 503},
        ("post", "/api/ask/stream"): {400, 413, 422, 429, 503},
        ("post", "/api/feedback"): {400, 409, 413, 422, 429},
        ("post", "/api/admin/documents"): {400, 401, 403, 409, 413, 422, 429, 503},
        ("delete", "/api/admin/documents/{document_id}"): {401, 403, 404, 409, 429, 503},
        ("get", "/api/sections/{section_id}"): {404, 503},
        ("get", "/documents/{document_id}"): {404, 503},
        ("get", "/readyz"): {503},
    }
    for (method, path), codes in expected.items():
        responses = spec["paths"][path][method]["responses"]
        got = {int(c) for c in responses if int(c) >= 400}
        assert codes <= got, (method, path, got)
        for c in got:
            schema = responses[str(c)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}
        for c in {429, 503} & got:
            assert "Retry-After" in responses[str(c)]["headers"]
    question = spec["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert question["maxLength"] == corpus_settings.max_question_chars
    assert str(corpus_settings.max_question_chars) in spec["info"]["description"]
    for item in spec["paths"].values():  # no route answers errors in another shape
        for op in item.values():
            for code, resp in op.get("responses", {}).items():
                if int(code) >= 400:
                    assert resp["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
