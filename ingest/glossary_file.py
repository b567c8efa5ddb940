"""The corpus glossary file (corpus/glossary.json): its entries, and the written forms of each
body that mean its abbreviation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def load_glossary(corpus_dir: Path) -> list[dict[str, Any]]:
    path = corpus_dir / "glossary.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("entries", data) if isinstance(data, dict) else data)


_SURE = ("certain", "high")


def aliases_from_glossary(glossary: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Written variants -> canonical abbreviation (e.g. OCR's 'AN' -> 'ÄN'), and a body's
    full name -> its abbreviation where the glossary is sure of the name ("Individ- och
    familjenämnden" in a document that writes names is IFN, as in one that writes IFN)."""
    aliases: dict[str, str] = {}
    for entry in glossary:
        abbr = entry.get("abbreviation")
        if not abbr:
            continue
        for v in entry.get("variants") or []:
            aliases[v] = abbr
        expansion = entry.get("expansion")
        if expansion and entry.get("confidence") in _SURE:
            aliases.setdefault(expansion, abbr)
    return aliases
