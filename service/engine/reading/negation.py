"""Which bodies a question negates: "där KS inte har huvudansvar", "utan Ultra", "varken KS
eller IFN" (every body after "varken" / "neither")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import lexicon as lx

if TYPE_CHECKING:
    from ..glossary import Mention


def negated_bodies(tokens: Sequence[str], mentions: Sequence[Mention]) -> set[str]:
    negated: set[str] = set()
    neither = next((i for i, t in enumerate(tokens) if t in lx.NEITHER_WORDS), None)
    for m in mentions:
        before = tokens[max(0, m.start - 3) : m.start]  # "don't have KS": don, t, have
        # "KS inte med", "KS då inte med": a sentence adverb between the body and its negation
        rest = list(tokens[m.end : m.end + 4])
        while rest and rest[0] in lx.SENTENCE_ADVERBS:
            rest.pop(0)
        after = rest[:1]
        if (
            any(t in lx.NEGATION_WORDS for t in before)
            or any(t in lx.NEGATION_AFTER_WORDS for t in after)
            or (neither is not None and m.start > neither)
        ):
            negated.add(m.key)
    return negated
