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
        # "don't have KS": don, t, have; but in "inte Ultra efter UKF" UKF only says where
        # Ultra stands, it is not negated
        placed = _placed_by_another(tokens, mentions, m)
        before = [] if placed else tokens[max(0, m.start - 3) : m.start]
        # "KS inte med", "KS då inte med": a sentence adverb between the body and its negation
        at = m.end
        while at < len(tokens) and tokens[at] in lx.SENTENCE_ADVERBS and at < m.end + 3:
            at += 1
        # "bara Bostaden, inte Ultra": a negation right before another body is that body's
        after = [] if any(o.start == at + 1 for o in mentions) else list(tokens[at : at + 1])
        if (
            any(t in lx.NEGATION_WORDS for t in before)
            or any(t in lx.NEGATION_AFTER_WORDS for t in after)
            or (neither is not None and m.start > neither)
        ):
            negated.add(m.key)
    return negated


def _placed_by_another(tokens: Sequence[str], mentions: Sequence[Mention], m: Mention) -> bool:
    """Another body stands between the negation and this one, followed by a word that places
    it ("inte Ultra efter UKF"); "inte genom Ultra" still negates Ultra."""
    for other in mentions:
        if other is m or not (m.start - 4 <= other.start and other.end <= m.start):
            continue
        between = tokens[other.end : m.start]
        negated_other = any(
            t in lx.NEGATION_WORDS for t in tokens[max(0, other.start - 2) : other.start]
        )
        if (
            negated_other
            and not any(t in lx.NEGATION_WORDS for t in between)
            and any(t in lx.NEGATION_BREAKERS for t in between)
        ):
            return True
    return False
