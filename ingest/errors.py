"""Ingest errors: a machine code plus the file; the Swedish wording lives in prompts/messages.toml."""

from __future__ import annotations


class IngestError(Exception):
    """A document could not be ingested. `code` selects the message template (errors.<code>)."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        self.code = code
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {code}{': ' + detail if detail else ''}")


class IndexMismatchError(Exception):
    """The index was built with another embedder than the one asked to query it."""

    def __init__(self, built_with: str, asked: str) -> None:
        self.built_with = built_with
        self.asked = asked
        super().__init__(f"index built with {built_with}, queried with {asked}: re-ingest")


class NoIndexError(Exception):
    """No complete index exists in the data dir."""
