"""What the HTTP app holds: settings, wording, the engine, the feedback store, the limiter."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from ingest.messages import Messages

from .answer_ids import AnswerIds
from .asgi import Network, client_address
from .engine_holder import EngineHolder
from .feedback import FeedbackStore
from .lanes import AnswerThreads, RetrievalBusy, RetrievalLane
from .ratelimit import RateLimiter

if TYPE_CHECKING:
    from styrdok.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"


class ApiError(Exception):
    """An error the API answers with: status, a machine code and a Swedish message."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        super().__init__(f"{status} {code}")


@dataclass
class AppState:
    settings: Settings
    msgs: Messages
    engines: EngineHolder
    feedback: FeedbackStore
    limiter: RateLimiter
    data_dir: Path
    admin_limiter: RateLimiter
    answer_ids: AnswerIds
    lane: RetrievalLane
    answer_threads: AnswerThreads
    trusted_proxies: tuple[Network, ...] = ()
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str, **values: Any) -> str:
        return self.msgs.render(f"ui.api.{key}", **values)

    def error(self, status: int, key: str, **values: Any) -> ApiError:
        return ApiError(status, key, self.text(key, **values))

    def busy(self, exc: RetrievalBusy) -> ApiError:
        """503 with Retry-After: the retrieval lane and its queue are full."""
        seconds = str(exc.seconds)
        return ApiError(503, "busy", self.text("busy", seconds=seconds), {"Retry-After": seconds})

    def rate_limit(self, request: Request, bucket: str) -> None:
        client = client_address(request.scope, self.trusted_proxies)
        wait = self.limiter.check(f"{bucket}:{client}")
        if wait > 0:
            seconds = max(1, int(wait + 0.999))
            raise ApiError(
                429,
                "rate_limited",
                self.text("rate_limited", seconds=seconds),
                {"Retry-After": str(seconds)},
            )


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.styrdok
    return state


async def get_state(request: Request) -> AppState:
    """The dependency: async, so FastAPI runs it on the event loop, not in a thread."""
    return app_state(request)


State = Annotated[AppState, Depends(get_state)]
