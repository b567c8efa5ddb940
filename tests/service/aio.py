"""Running a coroutine from a test whatever loop the session left running."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_fresh(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine on a new event loop in its own thread: the browser tests' Playwright
    keeps a loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
