"""The two answer lanes (service/web/lanes.py, guards.Admission) at the ASGI level: the first
lane's slot is given back from the answer's thread at its first embedding, a slow request body
holds no slot, the first lane's overflow gets 503 with Retry-After, and the retrieval lane
bounds embeddings and their queue. Real threads and events; no clocks."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import numpy as np
import pytest

from service.web.guards import Admission, AnswerGate
from service.web.lanes import LaneEmbedder, RetrievalBusy, RetrievalLane, Ticket, current_ticket
from tests.service.aio import run_fresh

pytestmark = pytest.mark.unit

PATH = "/api/ask"
GUARD_S = 120.0  # only so that a broken gate fails the test instead of hanging it


class Recorder:
    """An ASGI `send` that keeps what was sent."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: dict[bytes, bytes] = {}
        self.body = b""

    async def __call__(self, message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = dict(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


def scope(body: bytes = b"{}") -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": PATH,
        "headers": [(b"content-length", str(len(body)).encode())],
    }


def whole(body: bytes = b"{}") -> Callable[[], Awaitable[dict[str, Any]]]:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def ok(send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(int(GUARD_S / 0.001)):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("never got there")


def admission(app: Any, threads: int = 1, queue: int = 1) -> tuple[Admission, AnswerGate]:
    gate = AnswerGate(threads, queue)
    door = Admission(app, gate, frozenset({PATH}), busy=lambda s: f"upptaget {s}", body_limit=1024)
    return door, gate


def test_first_lane_overflow_is_refused_with_retry_after() -> None:
    async def run() -> None:
        hold = asyncio.Event()

        async def app(scope: Any, receive: Any, send: Any) -> None:
            await receive()
            await hold.wait()
            await ok(send)

        door, gate = admission(app)
        sends = [Recorder() for _ in range(3)]
        first = asyncio.create_task(door(scope(), whole(), sends[0]))
        await until(lambda: gate.active == 1)
        second = asyncio.create_task(door(scope(), whole(), sends[1]))
        await until(lambda: gate.waiting == 1)
        await door(scope(), whole(), sends[2])  # answered at once
        assert sends[2].status == 503
        assert json.loads(sends[2].body)["code"] == "busy"
        assert int(sends[2].headers[b"retry-after"]) >= 1
        hold.set()
        await asyncio.gather(first, second)
        assert [s.status for s in sends[:2]] == [200, 200]
        assert gate.active == 0 and gate.waiting == 0

    run_fresh(run())


def test_an_answer_gives_its_first_lane_slot_back_from_its_thread() -> None:
    """The retrieval hand-over: the answer thread leaves the first lane (as LaneEmbedder does
    at the first embedding) and the next answer enters while the first is still running."""

    async def run() -> None:
        left = threading.Event()
        finish = threading.Event()

        def answer() -> None:
            ticket = current_ticket.get()  # the thread runs in a copy of the request's context
            assert ticket is not None
            assert ticket.leave() and not ticket.leave()  # once only
            left.set()
            assert finish.wait(GUARD_S)

        async def app(scope: Any, receive: Any, send: Any) -> None:
            await receive()
            if scope["state"]["slow"]:
                await asyncio.to_thread(answer)
            await ok(send)

        door, gate = admission(app, threads=1, queue=0)
        slow_scope = {**scope(), "state": {"slow": True}}
        slow, quick = Recorder(), Recorder()
        task = asyncio.create_task(door(slow_scope, whole(), slow))
        await until(left.is_set)
        await until(lambda: gate.active == 0)  # released on the loop, from the thread
        await door({**scope(), "state": {"slow": False}}, whole(), quick)
        assert quick.status == 200 and slow.status is None  # the first is still answering
        finish.set()
        await task
        assert slow.status == 200 and gate.active == 0  # not released twice

    run_fresh(run())


def test_a_slow_request_body_holds_no_slot() -> None:
    async def run() -> None:
        body_comes, asked = asyncio.Event(), asyncio.Event()

        async def late_body() -> dict[str, Any]:
            asked.set()
            await body_comes.wait()
            return {"type": "http.request", "body": b"{}", "more_body": False}

        seen: list[bytes] = []

        async def app(scope: Any, receive: Any, send: Any) -> None:
            seen.append((await receive())["body"])
            await ok(send)

        door, gate = admission(app, threads=1, queue=0)
        slow, quick = Recorder(), Recorder()
        task = asyncio.create_task(door(scope(), late_body, slow))
        await asked.wait()  # the slow request is in, waiting for its body
        await door(scope(), whole(b'{"a":1}'), quick)  # the only slot is free
        assert quick.status == 200 and gate.active == 0
        body_comes.set()
        await task
        assert slow.status == 200 and seen == [b'{"a":1}', b"{}"]  # the body replayed whole

    run_fresh(run())


class BlockingEmbedder:
    name = "test:blocking"
    dim = 2

    def __init__(self) -> None:
        self.entered = 0
        self.release = threading.Event()
        self._lock = threading.Lock()

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            self.entered += 1
        assert self.release.wait(GUARD_S)
        return np.ones(2, dtype=np.float32)

    def embed_passages(self, texts: Any) -> np.ndarray:
        return np.ones((len(texts), 2), dtype=np.float32)


def test_retrieval_lane_bounds_embeddings_and_their_queue() -> None:
    inner = BlockingEmbedder()
    lane = RetrievalLane(threads=1, queue=1)
    embedder = LaneEmbedder(inner, lane)
    assert embedder.name == inner.name and embedder.dim == 2

    def as_request(out: list[Any]) -> None:
        async def with_ticket() -> None:  # an answer's thread, as the Admission leaves it
            loop = asyncio.get_running_loop()
            current_ticket.set(Ticket(loop, lambda: None))
            try:
                out.append(await asyncio.to_thread(embedder.embed_query, "fråga"))
            except RetrievalBusy as exc:
                out.append(exc)

        run_fresh(with_ticket())

    results: list[list[Any]] = [[], [], []]
    threads = [threading.Thread(target=as_request, args=(r,)) for r in results[:2]]
    for t in threads:
        t.start()
    while not (lane.active == 1 and lane.waiting == 1):
        threading.Event().wait(0.001)
    as_request(results[2])  # refused at once: one embedding running, one waiting
    assert isinstance(results[2][0], RetrievalBusy) and results[2][0].seconds >= 1
    inner.release.set()
    for t in threads:
        t.join(GUARD_S)
    assert all(isinstance(r[0], np.ndarray) for r in results[:2])
    assert inner.entered == 2 and lane.active == 0 and lane.waiting == 0


def test_the_servers_own_embeddings_are_never_refused() -> None:
    inner = BlockingEmbedder()
    inner.release.set()
    lane = RetrievalLane(threads=1, queue=0)
    embedder = LaneEmbedder(inner, lane)
    with lane.slot():  # the lane is full and has no queue
        done = threading.Thread(target=embedder.embed_query, args=("uppvärmning",))
        done.start()  # no ticket: waits instead of RetrievalBusy
        while lane.waiting != 1:
            threading.Event().wait(0.001)
    done.join(GUARD_S)
    assert inner.entered == 1 and lane.active == 0 and lane.waiting == 0
