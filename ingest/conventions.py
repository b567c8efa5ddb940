"""The conventions data (ingest/data/conventions.toml), read once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import fold

DATA = Path(__file__).resolve().parent / "data" / "conventions.toml"


@dataclass(frozen=True)
class Label:
    label: str
    folded: str
    child: str | None
    id_prefix: str | None


@dataclass(frozen=True)
class Conventions:
    page_number_res: tuple[re.Pattern[str], ...]
    contents_titles: frozenset[str]
    hyphen_keepers: frozenset[str]
    cover_keys: tuple[tuple[str, str], ...]  # (label, field), longest label first
    cover_min_keys: int
    labels: tuple[Label, ...]  # longest first
    known_headings: tuple[tuple[str, str, bool], ...]
    list_sections: frozenset[str]
    responsibility_labels: tuple[str, ...]  # longest first
    responsibility_columns: frozenset[str]
    link_threshold: float

    def label(self, word: str) -> Label | None:
        f = fold(word)
        return next((lb for lb in self.labels if lb.folded == f), None)


@lru_cache(maxsize=1)
def conventions() -> Conventions:
    with DATA.open("rb") as f:
        d: dict[str, Any] = tomllib.load(f)
    lay, cov, st = d["layout"], d["cover"], d["structure"]
    labels = [
        Label(x["label"], fold(x["label"]), x.get("child"), x.get("id_prefix"))
        for x in st["labels"]
    ]
    return Conventions(
        page_number_res=tuple(re.compile(p, re.IGNORECASE) for p in lay["page_number_patterns"]),
        contents_titles=frozenset(lay["contents_titles"]),
        hyphen_keepers=frozenset(lay["hyphen_keepers"]),
        cover_keys=tuple(
            sorted(((k["label"], k["field"]) for k in cov["keys"]), key=lambda t: -len(t[0]))
        ),
        cover_min_keys=int(cov["min_keys"]),
        labels=tuple(sorted(labels, key=lambda lb: -len(lb.label))),
        known_headings=tuple((a, b, bool(c)) for a, b, c in st["known_headings"]),
        list_sections=frozenset(st["list_sections"]),
        responsibility_labels=tuple(sorted(st["responsibility_labels"], key=lambda s: -len(s))),
        responsibility_columns=frozenset(st["responsibility_columns"]),
        link_threshold=float(d["links"]["threshold"]),
    )
