"""The cover's metadata block, read into manifest fields and compared with the manifest.

The manifest wins; where it is silent (null or absent) the cover's value is used; where the two
disagree the document carries a warning (rendered from prompts/messages.toml by the caller).
"""

from __future__ import annotations

import re
from typing import Any

from .conventions import conventions
from .text import fold

_YEARS_RE = re.compile(
    r"((?:19|20)\d\d)(?:-\d\d-\d\d)?\s*(?:[-–—]|till|t\.o\.m\.?)\s*((?:19|20)\d\d)"
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def cover_fields(cover: dict[str, str]) -> dict[str, Any]:
    """{"Fastställd av": "Kommunstyrelsen", "Giltighetstid": "2024–2026"} ->
    {"adopted_by": "Kommunstyrelsen", "valid_from": 2024, "valid_to": 2026, "period": "2024–2026"}"""
    by_label = dict(conventions().cover_keys)
    out: dict[str, Any] = {}
    for label, value in cover.items():
        field = by_label.get(label)
        if field is None or field in out:
            continue
        out[field] = value
        if field == "period":
            m = _YEARS_RE.search(value)
            if m:
                out["valid_from"], out["valid_to"] = int(m.group(1)), int(m.group(2))
            elif y := _YEAR_RE.findall(value):
                out["valid_from"] = int(y[0])
        elif field == "valid_to" and (y := _YEAR_RE.findall(value)):
            out["valid_to"] = int(y[-1])
        elif field == "kind":
            out["kind"] = fold(value).strip()
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int) or isinstance(b, int):
        return str(a) == str(b)
    x, y = (" ".join(fold(str(v)).split()) for v in (a, b))
    # "Samhällsbyggnadsförvaltningen, avdelningen för …" says more, not something else
    return x == y or x.startswith(y + ",") or y.startswith(x + ",")


COMPARED = ("title", "kind", "adopted_by", "valid_from", "valid_to", "responsible")


def cover_meta(cover: dict[str, str], entry: dict[str, Any]) -> dict[str, Any]:
    """Meta fields from the cover: filled where the manifest is silent, warnings where not."""
    if not cover:
        return {}
    fields = cover_fields(cover)
    out: dict[str, Any] = {"cover_fields": fields, "warnings": []}
    for name in COMPARED:
        if name not in fields:
            continue
        mine = entry.get(name)
        if mine is None:
            if name == "kind":
                out["cover_kind"] = fields[name]
            elif name != "title":
                out[name] = fields[name]
        elif not _same(mine, fields[name]):
            out["warnings"].append(
                {
                    "code": "cover_disagrees",
                    "field": name,
                    "cover": str(fields[name]),
                    "manifest": str(mine),
                }  # fmt: skip
            )
    for name in ("adopted", "diary_number", "period"):
        if name in fields and entry.get(name) is None:
            out[name] = fields[name]
    return out
