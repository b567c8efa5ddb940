"""The example reader over the real embedder: rule examples are found again, others are not."""

from __future__ import annotations

import pytest

from ingest.embedders import Embedder
from service.engine.operations import Kind
from service.engine.reading.examples import ExampleReader

pytestmark = pytest.mark.integration


def test_an_example_question_reads_as_its_rules_kind(embedder: Embedder) -> None:
    reader = ExampleReader(embedder.embed_query, embedder.name)
    match = reader.nearest(embedder.embed_query("Under vilket fokusområde ligger 5.2?"))
    assert match is not None and match.kind is Kind.PARENT and match.similarity > 0.99


def test_an_unrelated_question_is_left_to_the_passage_search(embedder: Embedder) -> None:
    reader = ExampleReader(embedder.embed_query, embedder.name)
    assert reader.nearest(embedder.embed_query("Vad kostar ett busskort i Umeå?")) is None


def test_an_embedder_without_calibration_gets_no_example_reading(embedder: Embedder) -> None:
    reader = ExampleReader(embedder.embed_query, "sentence-transformers:some-local-model")
    assert reader.threshold is None
    assert reader.nearest(embedder.embed_query("Under vilket fokusområde ligger 5.2?")) is None
