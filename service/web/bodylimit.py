"""Reject request bodies over a limit with 413 before the app reads them.

With a Content-Length header the server's HTTP parser already holds the body to that length,
so the header is checked. A chunked body (no length) is read here, counted and replayed.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimitMiddleware:
    """`limit_for(path)` gives the byte limit of a path and the Swedish message for it."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], tuple[int, str]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, message = self.limit_for(scope.get("path", ""))
        length: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = limit + 1
        if length is not None:
            if length > limit:
                await _reject(send, message)
                return
            await self.app(scope, receive, send)
            return
        chunks, over = await read_ahead(receive, limit)
        if over:
            await _reject(send, message)
            return
        await self.app(scope, replaying(chunks, receive), send)


async def read_ahead(receive: Receive, limit: int) -> tuple[list[Message], bool]:
    """The request's messages read until the body ends or passes `limit` bytes, and whether
    it passed the limit."""
    chunks: list[Message] = []
    seen = 0
    while True:
        msg = await receive()
        chunks.append(msg)
        if msg["type"] != "http.request":
            return chunks, False
        seen += len(msg.get("body", b""))
        if seen > limit:
            return chunks, True
        if not msg.get("more_body", False):
            return chunks, False


def replaying(chunks: list[Message], receive: Receive) -> Receive:
    """A `receive` that gives the messages read ahead first, then the rest of the request."""

    async def replay() -> Message:
        return chunks.pop(0) if chunks else await receive()

    return replay


async def _reject(send: Send, message: str) -> None:
    body = json.dumps({"code": "too_large", "message": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
