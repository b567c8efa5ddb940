"""The FICTIONAL fixture documents' source text, for tests whose expected values are read from
it (an edited source changes the expectation)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "fixtures" / "multidoc" / "src"


def fixture_sentence(name: str, *needles: str) -> str:
    """The first sentence of a fixture source that holds every needle."""
    text = (SRC / name).read_text(encoding="utf-8")
    sentences = re.split(r"(?<=[.!?])\s+|\n+", text)
    return next(s.strip() for s in sentences if all(n in s for n in needles))
