"""Small ASGI helpers for middleware that answers before the app: the client's address (behind
trusted proxies) and a JSON error response."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Sequence
from typing import Any

from starlette.types import Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(items: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(i, strict=False) for i in items)


def _trusted(addr: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(scope: Scope, trusted: Sequence[Network]) -> str:
    """The peer's address; when the peer is a trusted proxy, the right-most address in
    X-Forwarded-For that is not a trusted proxy (the one the nearest trusted proxy saw)."""
    client = scope.get("client")
    peer = str(client[0]) if client else "-"
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops: list[str] = []
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            hops += [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
    for hop in reversed(hops):
        if _trusted(hop, trusted):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # not an address: the proxy chain is not to be believed
    return peer


def header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    close: bool = False,
) -> None:
    body = json.dumps({"code": code, "message": message}, ensure_ascii=False).encode()
    raw: list[Any] = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if close:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
