"""Uploads survive: the registry keeps them through a plain `styrdok ingest`, alike names get
their own ids, long names are refused, the default document is guarded, and a restart sweeps
what a crash left behind (issue 10, items 1, 3, 4, 7)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from ingest.embedders import Embedder
from ingest.index import EmbeddingCache, collection_name
from ingest.messages import Messages
from ingest.pipeline import embed_chunks, run_ingest
from ingest.registry import MAX_ID_CHARS, Registry, base_id, unique_id
from ingest.store import ChromaStore
from styrdok.app import create_app
from styrdok.cli import main
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

KEY = "hemlig-nyckel-456"
ADMIN = {"X-Admin-Key": KEY}
PROGRAM = "program-social-hallbarhet-2024-2025"
BIKES = """Riktlinje för lånecyklar (påhittad testfil)

Kommunens lånecyklar får lånas i högst fjorton dagar av varje anställd.
"""
KAYAKS = """Riktlinje för kajaker (påhittad testfil)

Kommunens kajaker får lånas i högst tre dagar och hämtas vid sjöboden.
"""


@pytest.fixture
def settings(corpus_settings: Settings, tmp_path: Path, embedder: Embedder) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(corpus_settings.resolved_data_dir() / "embcache.sqlite", data / "embcache.sqlite")
    report = run_ingest(
        data, ChromaStore.embedded(data / "chroma"), embedder, corpus_dir=corpus_settings.corpus_dir
    )
    assert report.ok
    return corpus_settings.model_copy(
        update={"data_dir": data, "admin_key": KEY, "rate_limit_per_minute": 0}
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def _upload(client: TestClient, name: str, text: str) -> str:
    r = client.post("/api/admin/documents", files={"file": (name, text.encode())}, headers=ADMIN)
    assert r.status_code == 201, r.text
    return str(r.json()["document"])


def _documents(client: TestClient) -> set[str]:
    return {d["id"] for d in client.get("/api/sections").json()["documents"]}


def _plain_ingest(settings: Settings, *extra: str) -> int:
    return main(["--data-dir", str(settings.resolved_data_dir()), "ingest", *extra])


def test_an_upload_survives_a_plain_ingest(
    client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 1: `styrdok ingest` (what `make run` runs on every start) dropped every upload."""
    doc = _upload(client, "Lånecyklar.txt", BIKES)
    assert _plain_ingest(settings) == 0
    removed = Messages.load(settings.prompts_dir).render("ingest.removed", document=doc)
    assert removed not in capsys.readouterr().out
    client.app.state.styrdok.engines.reload()  # type: ignore[attr-defined]
    assert doc in _documents(client)
    answer = client.post("/api/ask", json={"question": "Hur länge får man låna en lånecykel?"})
    assert doc in {c["document"] for c in answer.json()["citations"]}, answer.json()
    # asked to remove it: it goes, from the index, the registry and the disk
    assert _plain_ingest(settings, "--remove", doc) == 0
    assert Registry(settings.resolved_data_dir()).get(doc) is None
    assert not list((settings.resolved_data_dir() / "uploads").glob(f"{doc}.*"))


def test_alike_names_are_both_kept(client: TestClient) -> None:
    """Item 1: every non-Latin name became `dokument`; the second upload replaced the first."""
    first = _upload(client, "名前.txt", BIKES)
    second = _upload(client, "Отчёт.txt", KAYAKS)
    third = _upload(client, "отчёт.txt", BIKES)  # the same letters, another file
    assert len({first, second, third}) == 3
    assert first == "mingqian" and second == "otchet" and third == "otchet-2"
    assert {first, second, third} <= _documents(client)
    assert client.get(f"/documents/{second}").text == KAYAKS
    assert client.get(f"/documents/{first}").text == BIKES
    again = _upload(client, "Отчёт.txt", KAYAKS + "\nTillägg.\n")  # the same name: an update
    assert again == second and client.get(f"/documents/{second}").text.endswith("Tillägg.\n")


def test_a_300_character_name_is_refused(client: TestClient, settings: Settings) -> None:
    """Item 4: a name over ~250 bytes gave 500 and a reset connection."""
    name = "å" * 296 + ".txt"
    r = client.post("/api/admin/documents", files={"file": (name, BIKES.encode())}, headers=ADMIN)
    assert 400 <= r.status_code < 500 and r.json()["code"] == "name_too_long"
    msgs = Messages.load(settings.prompts_dir)
    assert r.json()["message"] == msgs.render("ui.api.name_too_long", length=300, limit=200)
    uploads = settings.resolved_data_dir() / "uploads"
    assert not uploads.exists() or not list(uploads.iterdir())
    long_ok = _upload(client, "Riktlinje " + "mycket lång rubrik " * 9 + ".txt", BIKES)
    assert len(long_ok) <= MAX_ID_CHARS and not long_ok.endswith("-")


def test_the_default_document_is_not_deleted_by_one_call(
    client: TestClient, settings: Settings
) -> None:
    """Item 3: one DELETE removed the program while /readyz stayed ready."""
    r = client.delete(f"/api/admin/documents/{PROGRAM}", headers=ADMIN)
    assert r.status_code == 409 and r.json()["code"] == "confirm_required"
    assert PROGRAM in _documents(client)
    assert client.get("/readyz").status_code == 200
    r = client.delete(f"/api/admin/documents/{PROGRAM}?confirm=true", headers=ADMIN)
    assert r.status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["code"] == "default_missing"
    # a restart (plain ingest) does not undo what the operator did; --restore does
    assert _plain_ingest(settings) == 0
    client.app.state.styrdok.engines.reload()  # type: ignore[attr-defined]
    assert PROGRAM not in _documents(client)
    assert _plain_ingest(settings, "--restore", PROGRAM) == 0
    client.app.state.styrdok.engines.reload()  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 200


def test_start_up_sweeps_what_a_crash_left(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 7: orphan collections, temp files and half uploads survived recovery."""
    data = settings.resolved_data_dir()
    orphan = collection_name(data, "v20000101T000000000000-dead00")
    store = ChromaStore.embedded(data / "chroma")
    store.create(orphan, {"embedder": "x", "version": "dead"})
    (data / "versions" / ".tmp-v2").mkdir()
    (data / ".CURRENT.abc").write_text("x")
    uploads = data / "uploads"
    uploads.mkdir(exist_ok=True)
    (uploads / ".incoming-123.txt").write_text("halv")
    (uploads / "forlorad.txt").write_text("ingen vet om mig")
    with caplog.at_level("WARNING"), TestClient(create_app(settings)) as c:
        assert c.get("/readyz").status_code == 200
    assert orphan not in store.names()
    assert not (data / "versions" / ".tmp-v2").exists() and not (data / ".CURRENT.abc").exists()
    assert not list(uploads.iterdir())
    said = " ".join(r.getMessage() for r in caplog.records)
    for name in (orphan, ".incoming-123.txt", "forlorad.txt"):
        assert name in said


def test_the_embedding_cache_is_written_as_it_goes(tmp_path: Path, embedder: Embedder) -> None:
    """Item 7: a kill at 150 s lost all 760 embeddings (the cache was written at the end)."""
    from ingest.models import Chunk

    class Dies:
        name, dim, calls = embedder.name, embedder.dim, 0

        def embed_query(self, text: str) -> np.ndarray:
            return embedder.embed_query(text)

        def embed_passages(self, texts: list[str]) -> np.ndarray:
            self.calls += 1
            if self.calls > 19:
                raise KeyboardInterrupt  # as a kill would, mid-batch
            return np.zeros((len(texts), self.dim), dtype=np.float32)

    chunks = [
        Chunk(id=f"c{i}", document="d", section=None, title_path="", text=f"text {i}", spans=[])
        for i in range(30)
    ]
    with pytest.raises(KeyboardInterrupt):
        embed_chunks(tmp_path, Dies(), chunks)  # type: ignore[arg-type]
    cache = EmbeddingCache(tmp_path / "embcache.sqlite")
    kept = cache.get(embedder.name, [c.embed_text() for c in chunks])
    assert len(kept) >= 16


@pytest.mark.unit
def test_ids_from_names() -> None:
    assert base_id("名前.txt") == "mingqian"
    assert base_id("Lånecyklar.pdf") == "lanecyklar"
    assert base_id("???.txt") == "dokument"
    assert unique_id("Plan.txt", {"plan", "plan-2"}) == "plan-3"
    long = unique_id("a-" * 100 + ".txt", {base_id("a-" * 100 + ".txt")})
    assert len(long) <= MAX_ID_CHARS and long.endswith("-2")
