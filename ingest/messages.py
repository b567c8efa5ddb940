"""Swedish wording from prompts/messages.toml, loaded once at start and validated."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Any

REQUIRED = {
    "errors": {
        "missing": {"path"},
        "unsupported": {"path", "detail"},
        "empty": {"path"},
        "encrypted": {"path"},
        "corrupt": {"path", "detail"},
        "no_text_layer": {"path"},
        "not_utf8": {"path", "detail"},
        "no_pages": {"path"},
        "corrupt_docx": {"path", "detail"},
        "no_suffix": {"path"},
        "duplicate_id": {"path", "detail"},
        "no_index": {"path"},
        "index_mismatch": {"built_with", "asked"},
        "empty_question": set(),
        "question_too_long": {"length", "limit"},
    },
}


class Messages:
    """Templates by dotted key ("errors.corrupt"); `render` fills the placeholders."""

    def __init__(self, table: dict[str, Any], source: str = "") -> None:
        self._flat: dict[str, str] = {}
        self._source = source

        def walk(prefix: str, node: dict[str, Any]) -> None:
            for k, v in node.items():
                key = f"{prefix}.{k}" if prefix else k
                if isinstance(v, dict):
                    walk(key, v)
                else:
                    self._flat[key] = str(v)

        walk("", table)

    @classmethod
    def load(
        cls, prompts_dir: Path, required: dict[str, dict[str, set[str]]] | None = None
    ) -> Messages:
        """Every *.toml in prompts/, merged; a table name may appear in one file only."""
        table: dict[str, Any] = {}
        for path in sorted(prompts_dir.glob("*.toml")):
            with path.open("rb") as f:
                data = tomllib.load(f)
            for key in data:
                if key in table:
                    raise ValueError(f"{path}: table [{key}] is defined in another file too")
            table.update(data)
        msgs = cls(table, str(prompts_dir))
        msgs.validate(required or REQUIRED)
        return msgs

    def validate(self, required: dict[str, dict[str, set[str]]]) -> None:
        for group, keys in required.items():
            for key, fields in keys.items():
                full = f"{group}.{key}"
                if full not in self._flat:
                    raise ValueError(f"{self._source}: template '{full}' is missing")
                used = self.fields(full)
                if not used <= fields:
                    raise ValueError(
                        f"{self._source}: template '{full}' uses unknown placeholders {sorted(used - fields)}"
                    )

    def fields(self, key: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(self._flat[key]) if f}

    def has(self, key: str) -> bool:
        return key in self._flat

    def get(self, key: str) -> str:
        return self._flat[key]

    def render(self, key: str, **values: Any) -> str:
        return self._flat[key].format(**values)

    def keys(self, prefix: str = "") -> list[str]:
        return [k for k in self._flat if k.startswith(prefix)]
