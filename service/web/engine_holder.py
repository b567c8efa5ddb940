"""Holds the answer engine and rebuilds it when the index on disk switches to a new version."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ingest.index import current_version
from service.engine.answer import AnswerEngine
from service.engine.reading.rules import load_rules

from .lanes import current_ticket

log = logging.getLogger("styrdok.engine")


class EngineHolder:
    """`get()` returns the engine of the current index version, (re)building it when needed.

    The version file is looked at no more often than every `check_every` seconds; `reload()`
    rebuilds at once (after an admin ingest). A failed rebuild keeps the previous engine.
    """

    def __init__(
        self,
        factory: Callable[[], AnswerEngine],
        data_dir: Path,
        check_every: float = 1.0,
    ) -> None:
        self._factory = factory
        self._data_dir = data_dir
        self._check_every = check_every
        self._engine: AnswerEngine | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    @property
    def checked(self) -> float:
        """When the version file was last looked at (time.monotonic)."""
        return self._checked

    @property
    def engine(self) -> AnswerEngine | None:
        """The engine as it is, without building or checking."""
        return self._engine

    def get(self) -> AnswerEngine:
        """The current engine. Raises NoIndexError/IndexMismatchError when none can be built."""
        engine = self._engine
        now = time.monotonic()
        if engine is not None and now - self._checked < self._check_every:
            return engine
        self._checked = now
        if engine is not None and current_version(self._data_dir) == engine.snapshot.version:
            return engine
        return self._rebuild(engine, force=False)

    def reload(self) -> AnswerEngine:
        self._checked = time.monotonic()
        return self._rebuild(self._engine, force=True)

    def _rebuild(self, seen: AnswerEngine | None, force: bool) -> AnswerEngine:
        # with an engine at hand, a question never waits for a rebuild another thread runs
        if not self._lock.acquire(blocking=force or seen is None):
            assert seen is not None
            return seen
        try:
            if not force and self._engine is not seen and self._engine is not None:
                return self._engine  # another thread rebuilt meanwhile
            try:
                engine = self._factory()
            except Exception:
                if seen is None:
                    raise
                log.exception("engine rebuild failed; the previous index keeps answering")
                return seen
            if seen is not None and engine.snapshot.version != seen.snapshot.version:
                log.info(
                    "index switched",
                    extra={"old": seen.snapshot.version, "new": engine.snapshot.version},
                )
            self._engine = engine
            return engine
        finally:
            self._lock.release()


def warm(engine: AnswerEngine) -> None:
    """Pay an engine's first-use costs before it answers anyone: the embedder's threads, the
    stores' first reads (one answer to the first example question of each rule) and the
    example reader's matrix (which otherwise embeds every rule example, about a second, inside
    the first open question while the ones behind it wait). A server does this before it
    says it is ready; each rebuilt engine again before it replaces the old one."""
    examples = [rule.examples[0] for rule in load_rules() if rule.examples]
    token = current_ticket.set(None)  # inside a request (a rebuild): not that request's work
    try:
        for question in examples:
            engine.answer(question)
        if examples:
            engine.examples.nearest(engine.corpus.search.embed(examples[0]))
    finally:
        current_ticket.reset(token)
