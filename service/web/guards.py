"""Middleware that answers before the app reads a body.

`AdminGuard`: on /api/admin/, administration must be on (403), the client within the admin
rate limit (429) and the key right (401) before a byte of an upload is read.
`Admission`: answering runs `threads` at a time; `queue` more may wait (without holding a
thread); past that, 503 with Retry-After at once. Nothing else waits behind answers: health,
readiness, static files and the chat page never pass through it.
"""

from __future__ import annotations

import asyncio
import hmac
import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .asgi import client_address, header, send_error
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
    def __init__(
        self, app: ASGIApp, gate: AnswerGate, paths: frozenset[str], busy: Callable[[int], str]
    ) -> None:
        self.app = app
        self.gate = gate
        self.paths = paths
        self.busy = busy

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
            seconds = gate.retry_after()
            await send_error(send, 503, "busy", self.busy(seconds), {"Retry-After": str(seconds)})
            return
        await gate.acquire()
        t0 = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            gate.release(time.perf_counter() - t0)
