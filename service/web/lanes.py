"""Two lanes for answering: a cheap answer never waits behind a question that needs retrieval.

Every answer starts in the first lane (guards.AnswerGate: `threads` at once, `queue` more
waiting on the event loop, 503 past that). Most structured answers finish there in a millisecond
or two. An answer that needs the query embedding (open questions, topics named in words) leaves
the first lane at its first embedding — its slot goes back to the event loop at once — and joins
the retrieval lane (`RetrievalLane`: `threads` embeddings at once, `queue` more waiting; past
that `RetrievalBusy`, which the routes answer with 503 and Retry-After). Nothing is computed
twice: the answer goes on in the same thread from where it stopped.

The hand-over happens in `LaneEmbedder`, the embedder the server's engine holds: the request's
`Ticket` (a context variable the Admission middleware sets; worker threads run in a copy of the
request's context) says which first-lane slot to give back. Answer threads come from a limiter
of their own, so static files and other sync routes never wait for a thread behind answers.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import anyio.to_thread
import numpy as np
from anyio import CapacityLimiter

from ingest.embedders import Embedder

T = TypeVar("T")


class RetrievalBusy(Exception):
    """The retrieval lane and its queue are full; `seconds`: when to try again."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"retrieval busy, retry after {seconds} s")


class Ticket:
    """One admitted answer's first-lane slot, given back once (from any thread)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, release: Callable[[], None]) -> None:
        self._loop = loop
        self._release = release
        self._lock = threading.Lock()
        self.left = False

    def leave(self) -> bool:
        """Give the slot back (first call only); True when this call gave it back."""
        with self._lock:
            if self.left:
                return False
            self.left = True
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            self._release()
        else:
            self._loop.call_soon_threadsafe(self._release)
        return True


current_ticket: ContextVar[Ticket | None] = ContextVar("styrdok_answer_ticket", default=None)


class RetrievalLane:
    """At most `threads` query embeddings at once in this process; `queue` more answers may
    wait (each in its thread); past that, RetrievalBusy. The server's own embeddings (warming
    an engine) wait without a limit: they are not a client's to refuse."""

    def __init__(self, threads: int, queue: int) -> None:
        self.threads = threads
        self.queue = queue
        self.active = 0
        self.waiting = 0
        self.mean_s = 0.05  # embedding time, moving average: what Retry-After is made of
        self._cond = threading.Condition()

    def retry_after(self) -> int:
        return max(1, math.ceil((self.waiting + 1) / self.threads * self.mean_s))

    @contextmanager
    def slot(self, bounded: bool = True) -> Iterator[None]:
        with self._cond:
            if self.active >= self.threads:
                if bounded and self.waiting >= self.queue:
                    raise RetrievalBusy(self.retry_after())
                self.waiting += 1
                try:
                    while self.active >= self.threads:
                        self._cond.wait()
                finally:
                    self.waiting -= 1
            self.active += 1
        t0 = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - t0
            with self._cond:
                self.active -= 1
                self.mean_s = 0.9 * self.mean_s + 0.1 * seconds
                self._cond.notify()


class LaneEmbedder:
    """The engine's embedder in the server: a question's embedding moves its answer from the
    first lane to the retrieval lane. Passages (ingest) pass straight through."""

    def __init__(self, inner: Embedder, lane: RetrievalLane) -> None:
        self.inner = inner
        self.lane = lane

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        ticket = current_ticket.get()
        if ticket is not None:
            ticket.leave()
        with self.lane.slot(bounded=ticket is not None):
            return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def __getattr__(self, name: str) -> Any:  # query_text, max_query_tokens, …
        return getattr(self.inner, name)


class AnswerThreads:
    """The threads answers run in: a limiter of their own, never the default one that static
    files and the other sync routes use. Created on first use, inside the event loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._limiter: CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        if self._limiter is None:
            self._limiter = CapacityLimiter(self.size)
        return await anyio.to_thread.run_sync(func, *args, limiter=self._limiter)
