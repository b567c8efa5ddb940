"""One client cannot stall everyone (issue 10, items 2 and 6), on a real uvicorn on loopback:
every retrieval thread held busy by an embedder that blocks until the test releases it, the
retrieval queue full, and still /healthz, /readyz, the chat page, static files and questions
that need no retrieval answer, while the next open question gets 503 with Retry-After. Behind a trusted proxy each client has its own rate
limit; admin requests are refused before their body is read."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import numpy as np
import pytest
import uvicorn

from ingest.embedders import Embedder
from styrdok.app import create_app
from styrdok.bench_http import respace
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

OPEN = "Vad gör kommunen för att minska hemlösheten?"
OWNERS = "Vilka har huvudansvar för 3.2?"
HANG_GUARD_S = 120.0  # only so that a broken server fails the test instead of hanging it


class HeldEmbedder:
    """The real embedder; once armed, each question waits until the test releases it."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.armed = False
        self.entered = 0
        self.release = threading.Event()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        if self.armed:
            with self._lock:
                self.entered += 1
            self.release.wait()
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Any) -> np.ndarray:
        return self.inner.embed_passages(texts)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=0, log_config=None, access_log=False, proxy_headers=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    until(lambda: server.started)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def until(condition: Callable[[], bool]) -> None:
    """Wait for a state the test itself brings about (no time limit on the system under test)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        assert time.monotonic() < deadline, "the server never got there"
        time.sleep(0.01)


def test_busy_answer_threads_stall_nothing_else(
    corpus_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldEmbedder(embedder)
    monkeypatch.setattr("styrdok.engine.build_embedder", lambda settings: held)
    settings = corpus_settings.model_copy(
        update={"rate_limit_per_minute": 0, "answer_threads": 2, "answer_queue": 2}
    )
    app = create_app(settings)
    gate, lane = app.state.answer_gate, app.state.styrdok.lane
    with serve(app) as url, httpx.Client(base_url=url, timeout=HANG_GUARD_S) as http:
        assert http.post("/api/ask", json={"question": OPEN}).status_code == 200
        held.armed = True
        n = iter(range(1, 100))

        def ask() -> httpx.Response:
            with httpx.Client(base_url=url, timeout=HANG_GUARD_S) as own:
                return own.post("/api/ask", json={"question": respace(OPEN, next(n))})

        try:
            with ThreadPoolExecutor(8) as pool:
                running = [pool.submit(ask) for _ in range(2)]
                until(lambda: held.entered == 2)  # both retrieval threads are in the embedder
                queued = [pool.submit(ask) for _ in range(2)]
                until(lambda: lane.waiting == 2)  # and the retrieval queue is full
                over = http.post("/api/ask", json={"question": respace(OPEN, 50)})
                assert over.status_code == 503, over.text
                assert over.json()["code"] == "busy" and int(over.headers["retry-after"]) >= 1
                message = {"role": "user", "content": respace(OPEN, 51)}
                chat = {"model": "styrdok", "messages": [message]}
                v1 = http.post("/v1/chat/completions", json=chat)
                assert v1.status_code == 503 and v1.headers["retry-after"], v1.text
                # the first lane is free: questions that need no retrieval are answered now,
                # not behind the open ones
                assert gate.active == 0 and gate.waiting == 0
                cheap = http.post("/api/ask", json={"question": OWNERS})
                assert cheap.status_code == 200 and cheap.json()["mode"] == "structured"
                stream = http.post("/api/ask/stream", json={"question": respace(OWNERS, 1)})
                assert stream.status_code == 200 and "event: done" in stream.text
                for path in ("/healthz", "/readyz", "/", "/widget.js", "/static/styles.css"):
                    assert http.get(path).status_code == 200, path
                assert http.get("/api/sections").status_code == 200
                assert held.entered == 2 and lane.active == 2 and lane.waiting == 2
                held.release.set()
                assert [f.result().status_code for f in running + queued] == [200] * 4
        finally:
            held.release.set()  # a failed assertion must not leave the server's threads held
        assert gate.active == 0 and gate.waiting == 0
        assert lane.active == 0 and lane.waiting == 0


def _codes(url: str, forwarded: list[str]) -> list[int]:
    with httpx.Client(base_url=url, timeout=HANG_GUARD_S) as http:
        return [
            http.post(
                "/api/ask", json={"question": OWNERS}, headers={"X-Forwarded-For": f}
            ).status_code
            for f in forwarded
        ]


def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
    corpus_settings: Settings,
) -> None:
    trusted = corpus_settings.model_copy(
        update={"rate_limit_per_minute": 2, "trusted_proxies": ["127.0.0.1"]}
    )
    with serve(create_app(trusted)) as url:
        a, b = "203.0.113.7", "198.51.100.9"
        assert _codes(url, [a, a, a]) == [200, 200, 429]
        assert _codes(url, [b, f"{b}, 127.0.0.1"]) == [200, 200]  # another person
    untrusted = corpus_settings.model_copy(update={"rate_limit_per_minute": 2})
    with serve(create_app(untrusted)) as url:
        assert _codes(url, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) == [200, 200, 429]


def _raw_admin_post(url: str, key: str) -> bytes:
    """Headers of a 10 MB upload and 6 bytes of its body: the answer must come anyway."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=HANG_GUARD_S) as s:
        s.sendall(
            b"POST /api/admin/documents HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: 10000000\r\nX-Admin-Key: " + key.encode() + b"\r\n\r\n--b\r\n"
        )
        return s.recv(65536)


def test_admin_is_authenticated_and_rate_limited_before_the_body(
    corpus_settings: Settings,
) -> None:
    settings = corpus_settings.model_copy(
        update={"admin_key": "rätt-nyckel-1", "admin_rate_limit_per_minute": 3}
    )
    with serve(create_app(settings)) as url:
        answers = [_raw_admin_post(url, "fel") for _ in range(3)]
        assert all(a.startswith(b"HTTP/1.1 401") for a in answers), answers
        fourth = _raw_admin_post(url, "fel")
        assert fourth.startswith(b"HTTP/1.1 429") and b"retry-after" in fourth.lower()
