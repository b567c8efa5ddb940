"""Admin upload and removal over a writable index, the key guard, bad files, and the engine
following the index when it switches version."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.embedders import Embedder
from ingest.errors import IngestError
from ingest.messages import Messages
from ingest.pipeline import run_ingest
from ingest.store import ChromaStore
from service.engine.errors import error_text
from styrdok.app import create_app
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

KEY = "hemlig-nyckel-123"
ADMIN = {"X-Admin-Key": KEY}
QUESTION = "Vilka har huvudansvar för 3.2?"
FIXTURE_TEXT = """Riktlinje för lånecyklar

Kommunens lånecyklar får lånas i högst fjorton dagar av varje anställd.

Lånecyklarna hämtas i receptionen på Skolgatan 31.
"""


@pytest.fixture(scope="module")
def settings(
    corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Settings:
    """A private index of the corpus that the tests may change."""
    data = tmp_path_factory.mktemp("admin-data")
    shutil.copy(corpus_settings.resolved_data_dir() / "embcache.sqlite", data / "embcache.sqlite")
    report = run_ingest(
        data, ChromaStore.embedded(data / "chroma"), embedder, corpus_dir=corpus_settings.corpus_dir
    )
    assert report.ok
    return corpus_settings.model_copy(
        update={"data_dir": data, "admin_key": KEY, "rate_limit_per_minute": 0, "max_upload_mb": 1}
    )


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def msgs(settings: Settings) -> Messages:
    return Messages.load(settings.prompts_dir)


def _version(client: TestClient) -> str:
    body = client.get("/readyz").json()
    return str(body["version"])


def test_admin_needs_the_key(client: TestClient, msgs: Messages) -> None:
    files = {"file": ("a.txt", b"text", "text/plain")}
    r = client.post("/api/admin/documents", files=files)
    assert r.status_code == 401
    assert r.json()["message"] == msgs.render("ui.api.admin_unauthorized")
    r = client.post("/api/admin/documents", files=files, headers={"X-Admin-Key": "fel"})
    assert r.status_code == 401
    assert client.delete("/api/admin/documents/x").status_code == 401


def test_admin_is_off_without_a_configured_key(settings: Settings, msgs: Messages) -> None:
    with TestClient(create_app(settings.model_copy(update={"admin_key": None}))) as c:
        r = c.post("/api/admin/documents", files={"file": ("a.txt", b"x")}, headers=ADMIN)
        assert r.status_code == 403
        assert r.json()["message"] == msgs.render("ui.api.admin_disabled")


def test_corrupt_pdf_gets_the_cli_error_and_the_index_keeps_answering(
    client: TestClient, msgs: Messages, settings: Settings
) -> None:
    before = client.post("/api/ask", json={"question": QUESTION}).json()
    version = _version(client)
    bad = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf at all\n%%EOF"
    r = client.post(
        "/api/admin/documents",
        files={"file": ("trasig.pdf", bad, "application/pdf")},
        headers=ADMIN,
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "corrupt"
    assert body["message"].startswith("trasig.pdf: ")
    detail = body["message"].split("(")[-1].rstrip(").")
    assert body["message"] == error_text(msgs, IngestError("corrupt", "trasig.pdf", detail))
    assert str(settings.resolved_data_dir()) not in body["message"]  # no server paths
    assert _version(client) == version
    after = client.post("/api/ask", json={"question": QUESTION}).json()
    assert {k: after[k] for k in ("answer", "citations")} == {
        k: before[k] for k in ("answer", "citations")
    }
    assert not any((settings.resolved_data_dir() / "uploads").glob("*trasig*"))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("program.exe", b"MZ\x90\x00", "unsupported"), ("tom.txt", b"", "empty")],
)
def test_bad_uploads_name_the_file_in_swedish(
    client: TestClient, msgs: Messages, name: str, content: bytes, code: str
) -> None:
    r = client.post("/api/admin/documents", files={"file": (name, content)}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["code"] == code
    detail = ".exe" if code == "unsupported" else ""
    assert r.json()["message"] == error_text(msgs, IngestError(code, name, detail))


def test_upload_over_the_size_limit_is_refused(client: TestClient, msgs: Messages) -> None:
    big = b"a" * (1024 * 1024 + 100_000)
    r = client.post("/api/admin/documents", files={"file": ("stor.txt", big)}, headers=ADMIN)
    assert r.status_code == 413
    assert r.json()["message"] == msgs.render("ui.api.upload_too_large", limit=1)


def test_upload_cannot_take_over_a_corpus_document_id(client: TestClient) -> None:
    name = "program-social-hallbarhet-2024-2025.txt"
    r = client.post(
        "/api/admin/documents", files={"file": (name, FIXTURE_TEXT.encode())}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    try:
        assert doc == "program-social-hallbarhet-2024-2025-2"  # suffixed, never overwritten
        assert client.get("/api/sections/3.2").status_code == 200  # the program stays
    finally:
        client.delete(f"/api/admin/documents/{doc}", headers=ADMIN)


def _upload(client: TestClient, name: str, text: str) -> dict:
    r = client.post(
        "/api/admin/documents", files={"file": (name, text.encode(), "text/plain")}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    body: dict = r.json()
    return body


def test_upload_indexes_and_the_engine_reloads(client: TestClient, settings: Settings) -> None:
    version = _version(client)
    body = _upload(client, "Lånecyklar.txt", FIXTURE_TEXT)
    doc = body["document"]
    try:
        assert doc == "lanecyklar" and body["status"] == "indexed" and body["chunks"] >= 1
        assert _version(client) == body["version"] != version  # the engine follows at once
        assert doc in {d["id"] for d in client.get("/api/sections").json()["documents"]}
        served = client.get(f"/documents/{doc}")
        assert served.status_code == 200
        assert served.headers["content-type"].startswith("text/plain")
        assert served.text == FIXTURE_TEXT
        assert (settings.resolved_data_dir() / "uploads" / "lanecyklar.txt").exists()
        answer = client.post("/api/ask", json={"question": "Hur länge får man låna en lånecykel?"})
        assert doc in {c["document"] for c in answer.json()["citations"]}, answer.json()
    finally:
        client.delete(f"/api/admin/documents/{doc}", headers=ADMIN)


def test_delete_removes_the_document_and_its_upload(client: TestClient, settings: Settings) -> None:
    doc = _upload(client, "tillfalligt.md", FIXTURE_TEXT)["document"]
    upload = settings.resolved_data_dir() / "uploads" / "tillfalligt.md"
    assert upload.exists()
    version = _version(client)
    r = client.delete(f"/api/admin/documents/{doc}", headers=ADMIN)
    assert r.status_code == 200 and r.json()["status"] == "removed"
    assert r.json()["version"] == _version(client) != version
    assert doc not in {d["id"] for d in client.get("/api/sections").json()["documents"]}
    assert client.get(f"/documents/{doc}").status_code == 404
    assert not upload.exists()
    assert client.delete(f"/api/admin/documents/{doc}", headers=ADMIN).status_code == 404
    assert client.get("/api/sections/3.2").status_code == 200  # the program stays


def test_engine_follows_an_ingest_made_elsewhere(
    client: TestClient, settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """`styrdok ingest` in another process switches the index; the app picks it up."""
    version = _version(client)
    extra = tmp_path / "extra-dokument.txt"
    extra.write_text(FIXTURE_TEXT, encoding="utf-8")
    data = settings.resolved_data_dir()
    report = run_ingest(
        data,
        ChromaStore.embedded(data / "chroma"),
        embedder,
        corpus_dir=settings.corpus_dir,
        paths=[extra],
        mode="add",
    )
    assert report.ok and report.version != version
    for _ in range(100):  # the version file is looked at about once a second
        if _version(client) == report.version:
            break
        time.sleep(0.05)
    assert _version(client) == report.version
    assert "extra-dokument" in {d["id"] for d in client.get("/api/sections").json()["documents"]}
