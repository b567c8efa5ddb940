"""Helpers for the browser tests and the screenshot script: a real uvicorn server on loopback,
a static server for another origin, and headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from styrdok.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LOOPBACK = "127.0.0.1"


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, 0))
    return sock


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yields the base URL."""
    sock = bound_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host=LOOPBACK, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


class StaticSite:
    """A plain http.server over a directory, on its own port: another origin than the API."""

    def __init__(self, directory: Path) -> None:
        self.root = directory
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        self.origin = f"http://{LOOPBACK}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def copy_data_dir(src: Path, dst: Path) -> None:
    """A private, writable copy of an ingested data dir (its embeddings are reused)."""
    shutil.copytree(src, dst)


def embed_page(api: str, title: str) -> str:
    """An intranet-like page that includes the widget with one script tag; its own CSS is loud
    so a leak into the widget would show."""
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Intranät</title>
<style>
  body {{ font-family: serif; background: #fdf6e3; }}
  button {{ background: rgb(255, 0, 0) !important; font-size: 40px; }}
  p {{ color: rgb(0, 128, 0); }}
</style></head>
<body><main><h1>Intranätet</h1><p>En vanlig sida på intranätet.</p></main>
<script src="{api}/widget.js" data-api="{api}" data-title="{title}"></script>
</body></html>
"""
