"""Middleware that answers before the app reads a body.

`AdminGuard`: on /api/admin/, administration must be on (403), the client within the admin
rate limit (429) and the key right (401) before a byte of an upload is read.
`Admission`: answering runs `threads` at a time; `queue` more may wait (without holding a
thread); past that, 503 with Retry-After at once. Nothing else waits behind answers: health,
readiness, static files and the chat page never pass through it. This is the first of two lanes
(lanes.py): an answer that needs retrieval gives its slot back at its first embedding.
"""

from __future__ import annotations

import asyncio
import hmac
import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .asgi import client_address, header, send_error
from .bodylimit import read_ahead, replaying
from .lanes import Ticket, current_ticket
from .state import AppState

ADMIN_PREFIX = "/api/admin/"


class AdminGuard:
    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.st = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(ADMIN_PREFIX) or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        st = self.st
        key = st.settings.admin_key
        if not key:
            await send_error(send, 403, "admin_disabled", st.text("admin_disabled"), close=True)
            return
        client = client_address(scope, st.trusted_proxies)
        wait = st.admin_limiter.check(f"admin:{client}")
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            await send_error(
                send,
                429,
                "rate_limited",
                st.text("rate_limited", seconds=seconds),
                {"Retry-After": str(seconds)},
                close=True,
            )
            return
        given = header(scope, b"x-admin-key") or ""
        if not given or not hmac.compare_digest(given.encode(), key.encode()):
            await send_error(
                send,
                401,
                "admin_unauthorized",
                st.text("admin_unauthorized"),
                {"WWW-Authenticate": 'X-Admin-Key realm="styrdok"'},
                close=True,
            )
            return
        await self.app(scope, receive, send)


class AnswerGate:
    """How many answers run and wait in this process (each server worker has its own)."""

    def __init__(self, threads: int, queue: int) -> None:
        self.threads = threads
        self.queue = queue
        self.active = 0
        self.waiting = 0
        self.mean_s = 0.5  # answer time, moving average: what Retry-After is made of
        self._sem: asyncio.Semaphore | None = None

    def full(self) -> bool:
        return self.active + self.waiting >= self.threads + self.queue

    def retry_after(self) -> int:
        return max(1, math.ceil((self.waiting + 1) / self.threads * self.mean_s))

    async def acquire(self) -> None:
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.threads)
        self.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.waiting -= 1
        self.active += 1

    def release(self, seconds: float) -> None:
        self.active -= 1
        assert self._sem is not None
        self._sem.release()
        self.mean_s = 0.9 * self.mean_s + 0.1 * seconds


class Admission:
    """The first lane's door. The request body (at most `body_limit` bytes; a larger one is
    left to BodyLimitMiddleware) is read before a slot is taken, so a slow client holds none."""

    def __init__(
        self,
        app: ASGIApp,
        gate: AnswerGate,
        paths: frozenset[str],
        busy: Callable[[int], str],
        body_limit: int,
    ) -> None:
        self.app = app
        self.gate = gate
        self.paths = paths
        self.busy = busy
        self.body_limit = body_limit

    async def _refuse(self, send: Send) -> None:
        seconds = self.gate.retry_after()
        await send_error(send, 503, "busy", self.busy(seconds), {"Retry-After": str(seconds)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or scope.get("path") not in self.paths
        ):
            await self.app(scope, receive, send)
            return
        gate = self.gate
        if gate.full():
            await self._refuse(send)
            return
        receive = await self._read_body(scope, receive)
        if gate.full():  # filled up while the body came in
            await self._refuse(send)
            return
        await gate.acquire()
        t0 = time.perf_counter()
        ticket = Ticket(asyncio.get_running_loop(), lambda: gate.release(time.perf_counter() - t0))
        token = current_ticket.set(ticket)  # the answer's thread runs in a copy of this context
        try:
            await self.app(scope, receive, send)
        finally:
            current_ticket.reset(token)
            ticket.leave()  # unless the answer gave the slot back at its first embedding

    async def _read_body(self, scope: Scope, receive: Receive) -> Receive:
        """`receive` with the body read ahead (up to the limit), replayed to the app."""
        declared = header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.body_limit):
            return receive
        chunks, _ = await read_ahead(receive, self.body_limit)
        return replaying(chunks, receive)
