"""Rules that read a question into an operation, as data (prompts/data/rules.toml).

A rule fires when one of its phrases is in the folded question, none of its excluded phrases is,
and the question has the slots it needs. Rules are tried in file order before the general
reading (understand.py); each carries example questions that a unit test reads back.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.text import fold

from ..operations import Kind
from . import lexicon as lx
from .asks import names_person_role, points_to_asked

if TYPE_CHECKING:
    from ..understand import Parsed

DATA = Path(__file__).resolve().parents[3] / "prompts" / "data" / "rules.toml"

_NEEDS: dict[str, Callable[[Parsed], bool]] = {
    "sub_goal": lambda p: bool(p.sub_goals),
    "focus_area": lambda p: bool(p.focus_areas),
    "two_focus_areas": lambda p: len(p.focus_areas) >= 2,
    "two_sections": lambda p: len(p.sub_goals) + len(p.focus_areas) >= 2,
    "at_most_one_section": lambda p: len(p.sub_goals) + len(p.focus_areas) <= 1,
    "section": lambda p: bool(p.sub_goals or p.focus_areas),
    "no_section": lambda p: not (p.sub_goals or p.focus_areas),
    "no_sub_goal": lambda p: not p.sub_goals,
    "no_focus_area": lambda p: not p.focus_areas,
    "body": lambda p: bool(p.bodies),
    # "Står AN för Äldrenämnden?", "Does ÄN stand for …?": a yes/no question of an expansion
    "opens_expansion": lambda p: p.tokens[:1] != [] and p.tokens[0] in lx.EXPANSION_OPENERS,
    "no_body": lambda p: not p.bodies,
    # "Är FN förenta nationerna?": a yes/no question that opens with the verb "är"
    "opens_is": lambda p: p.tokens[:1] != [] and p.tokens[0] in lx.IS_OPENERS,
    # "tre delmål", "3 sub-goals": a number right before the sub-goal word
    "count_of_sub_goals": lambda p: any(
        (t.isdigit() and len(t) <= 2 or t in lx.NUMBER_WORDS) and n.startswith(("delmal", "sub"))
        for t, n in zip(p.tokens, p.tokens[1:], strict=False)
    ),
    # "Vad heter trygghetssamordnaren?" asks for a person's name, not a section's title
    "no_person_role": lambda p: not names_person_role(p.tokens),
    # "vilka dokument programmet hänvisar till under …": the documents pointed to, asked for
    "not_pointed_to": lambda p: not points_to_asked(p.folded),
    "year": lambda p: any(len(n) == 4 and n[:2] in ("19", "20") for n in p.numbers),
    # "PN i 3.2 – är det Personalnämnden?", "…, vilken nämnd är det?": the last clause asks
    # what a body named before it is
    "asks_body_last": lambda p: _asks_body_last(p),
}


def _asks_body_last(p: Parsed) -> bool:
    last = re.split(r"[,–—:]|\s-\s", p.question.strip().rstrip("?!. "))[-1]
    toks = re.findall(r"\w+", fold(last))
    if not toks or not p.bodies:
        return False
    return any(" ".join(toks).startswith(o) for o in lx.BODY_QUESTION_OPENERS)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    any: tuple[str, ...]
    none: tuple[str, ...]
    need: tuple[str, ...]
    examples: tuple[str, ...]
    also: tuple[str, ...] = ()  # when given, one of these must occur too
    field: str | None = None  # what the operation reads (metadata: list, validity, kind ...)

    def fires(self, p: Parsed) -> bool:
        texts = {p.folded, p.as_typed or p.folded}  # as typed and as spelling-corrected
        # and without the fillers that change nothing ("efter själva fokusområdena")
        texts |= {_without_fillers(t) for t in texts}
        return all(_NEEDS[n](p) for n in self.need) and any(
            any(a in text for a in self.any)
            and (not self.also or any(a in text for a in self.also))
            and not any(n in text for n in self.none)
            for text in texts
        )


def _without_fillers(folded: str) -> str:
    return " ".join(w for w in folded.split(" ") if w not in lx.RULE_FILLER_WORDS)


@lru_cache(maxsize=2)
def load_rules(path: Path = DATA) -> tuple[Rule, ...]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    rules = []
    for r in raw["rule"]:
        unknown = [n for n in r.get("need", []) if n not in _NEEDS]
        if unknown:
            raise ValueError(f"{path}: rule {r['id']} needs unknown slots {unknown}")
        rules.append(
            Rule(
                id=r["id"],
                kind=Kind(r["kind"]),
                any=tuple(r["any"]),
                none=tuple(r.get("none", [])),
                need=tuple(r.get("need", [])),
                examples=tuple(r.get("examples", [])),
                also=tuple(r.get("also", [])),
                field=r.get("field"),
            )
        )
    return tuple(rules)


def apply_rules(p: Parsed, rules: tuple[Rule, ...] | None = None) -> Rule | None:
    """The first rule that fires on `p`, or None (the general reading decides)."""
    for rule in rules if rules is not None else load_rules():
        if rule.fires(p):
            return rule
    return None
