"""Answer ids the server issued, recognisable by every worker and after a restart without
storing them: 32 hex digits = issue time (8) + random (8) + HMAC of both (16) under a secret
kept in the data dir. Feedback is taken only for an id that verifies and is recent."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

_ID = re.compile(r"^[0-9a-f]{32}$")


def _secret(data_dir: Path) -> bytes:
    path = data_dir / ".answer-secret"
    with contextlib.suppress(FileNotFoundError):
        return path.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".answer-secret.{secrets.token_hex(6)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    try:
        os.link(tmp, path)  # the first worker's secret wins; the others read it
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes()


class AnswerIds:
    def __init__(
        self, data_dir: Path, window_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._key = _secret(data_dir)
        self.window_s = window_s
        self._clock = clock

    def _mac(self, head: str) -> str:
        return hmac.new(self._key, head.encode(), hashlib.sha256).hexdigest()[:16]

    def issue(self) -> str:
        head = f"{int(self._clock()) & 0xFFFFFFFF:08x}{secrets.token_hex(4)}"
        return head + self._mac(head)

    def valid(self, answer_id: str) -> bool:
        """Issued by this deployment within the window."""
        if not _ID.match(answer_id):
            return False
        head, mac = answer_id[:16], answer_id[16:]
        if not hmac.compare_digest(mac, self._mac(head)):
            return False
        age = (int(self._clock()) & 0xFFFFFFFF) - int(head[:8], 16)
        return 0 <= age <= self.window_s
