"""Fill HTML templates: every value is escaped unless it is built as `Safe` from escaped parts."""

from __future__ import annotations

import html
import json
import re
from typing import Any


class Safe(str):
    """Markup that was assembled from escaped pieces."""


def esc(value: Any) -> Safe:
    return value if isinstance(value, Safe) else Safe(html.escape(str(value), quote=True))


def join(parts: list[Safe], sep: str = "") -> Safe:
    return Safe(sep.join(esc(p) for p in parts))


def tag(name: str, content: Any = "", **attrs: Any) -> Safe:
    """<name attr="…">content</name>; attribute names use `_` for `-`, `class_` for class."""
    rendered = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items() if v is not None
    )
    return Safe(f"<{name}{rendered}>{esc(content)}</{name}>")


def json_script(data: Any) -> Safe:
    """JSON safe to place inside <script type="application/json">."""
    text = json.dumps(data, ensure_ascii=False)
    return Safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


_SLOT = re.compile(r"\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Replace {{name}} slots; a missing name is an error, so no slot is left unfilled."""

    def fill(m: re.Match[str]) -> str:
        return esc(values[m.group(1)])

    return _SLOT.sub(fill, template)
