"""The word lists for reading questions, as data: prompts/data/lexicon.toml.

Each list has an id (its table name, upper-cased here: `lexicon.NEGATION_WORDS`) and a kind:
`words` (a frozenset of folded words), `phrases` (a tuple of folded stems or phrases, in file
order) or `map` (a dict; values that are numbers stay numbers). The file is read once, on first
use; it is language knowledge, not configuration, so it is not a setting.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[3] / "prompts" / "data" / "lexicon.toml"
_KINDS = ("words", "phrases", "map")


@lru_cache(maxsize=1)
def load(path: Path = DATA) -> dict[str, Any]:
    """Every list of the file by its id; a list of an unknown kind is an error."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    out: dict[str, Any] = {}
    for name, table in raw.items():
        kind = table.get("kind")
        if kind not in _KINDS:
            raise ValueError(f"{path}: [{name}] has kind {kind!r}; expected one of {_KINDS}")
        items = table["items"]
        if kind == "words":
            out[name.upper()] = frozenset(items)
        elif kind == "phrases":
            out[name.upper()] = tuple(items)
        else:
            out[name.upper()] = dict(items)
    return out


def examples(path: Path = DATA) -> dict[str, list[str]]:
    """The example questions of each list (tests read every one)."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return {name.upper(): list(t.get("examples", [])) for name, t in raw.items()}


def __getattr__(name: str) -> Any:
    lists = load()
    if name in lists:
        return lists[name]
    raise AttributeError(name)


def protected_words() -> set[str]:
    """Every word these lists know: spelling correction leaves them alone."""
    lx = load()
    out: set[str] = set()
    for key in [
        "GENERIC_WORDS",
        "WHO_WORDS",
        "LEAD_VERBS",
        "BODY_TYPE_WORDS",
        "PERIOD_WORDS",
        "UNIT_WORDS",
        "ALL_WORDS",
        "ORDINALS",
        "NUMBER_WORDS",
        "BOTH_WORDS",
        "MOST_WORDS",
        "ONLY_WORDS",
        "NEGATION_WORDS",
        "ANAPHORA_LAST",
        "CHANGE_WORDS",
        "DEADLINE_WORDS",
        "OTHER_WORDS",
        "ENGLISH_MARKERS",
        "SWEDISH_MARKERS",
    ]:
        out |= set(lx[key])
    for key in (
        "MONEY_STEMS",
        "COLUMN_STEMS",
        "SHARE_STEMS",
        "PERSON_ASKS",
        "TIME_ASKS",
        "YEAR_ASKS",
        "CLOCK_ASKS",
    ):
        for phrase in lx[key]:
            out.update(phrase.split())
    return out
