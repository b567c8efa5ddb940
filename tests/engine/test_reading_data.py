"""The reading's word lists and rules are data with examples; every example reads as stated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.engine.glossary import Glossary
from service.engine.operations import HANDLERS_REQUIRED, Kind, check_complete
from service.engine.reading import lexicon
from service.engine.reading.rules import Rule, apply_rules, load_rules
from service.engine.turn import HANDLERS
from service.engine.understand import understand
from styrdok.settings import PROJECT_ROOT

RULES = load_rules()
GLOSSARY = Glossary(
    json.loads((PROJECT_ROOT / "corpus" / "glossary.json").read_text("utf-8"))["entries"]
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("rule", "question"),
    [(r, q) for r in RULES for q in r.examples],
    ids=lambda v: v.id if isinstance(v, Rule) else v[:40],
)
def test_every_rule_example_reads_as_its_kind(rule: Rule, question: str) -> None:
    p = understand(question, GLOSSARY)
    assert p.kind == rule.kind.value, (question, p.rule)


@pytest.mark.unit
def test_rule_ids_are_unique_and_kinds_known() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(isinstance(r.kind, Kind) for r in RULES)


@pytest.mark.unit
def test_a_rule_needing_an_unknown_slot_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nid = "x"\nkind = "title"\nany = [" a "]\nneed = ["nope"]\n')
    with pytest.raises(ValueError, match="unknown slots"):
        load_rules(bad)


@pytest.mark.unit
def test_no_rule_fires_on_an_ordinary_owners_question() -> None:
    assert apply_rules(understand("Vilka har huvudansvar för 3.2?", GLOSSARY)) is None


@pytest.mark.unit
def test_every_kind_has_a_handler_and_a_missing_one_stops_the_engine() -> None:
    check_complete(HANDLERS)
    partial = {k: v for k, v in HANDLERS.items() if k is not Kind.TITLE}
    with pytest.raises(RuntimeError, match="title"):
        check_complete(partial)
    assert {k for k in Kind if k is not Kind.ELLIPSIS} == HANDLERS_REQUIRED


@pytest.mark.unit
def test_lexicon_lists_load_with_their_kinds_and_examples() -> None:
    lists = lexicon.load()
    assert isinstance(lists["NEGATION_WORDS"], frozenset)
    assert isinstance(lists["ANAPHORA_PHRASES"], tuple)
    assert lists["ORDINALS"]["sista"] == -1
    examples = lexicon.examples()["NEGATION_WORDS"]
    assert examples
    for question in examples:
        p = understand(question, GLOSSARY)
        assert p.kind == "reverse" and p.negated, question


@pytest.mark.unit
def test_a_lexicon_list_of_unknown_kind_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text('[x]\nkind = "bag"\nitems = []\n')
    lexicon.load.cache_clear()
    try:
        with pytest.raises(ValueError, match="kind"):
            lexicon.load(bad)
    finally:
        lexicon.load.cache_clear()


@pytest.mark.unit
def test_the_new_lists_examples_read_as_their_flags() -> None:
    ex = lexicon.examples()
    for q in ex["AMONG_PHRASES"]:
        assert understand(q, GLOSSARY).among, q
    for q in ex["FEWEST_WORDS"]:
        p = understand(q, GLOSSARY)
        assert "fewest" in p.asks and p.kind == "extreme", q
    for q in ex["SINGLE_PHRASES"]:
        assert understand(q, GLOSSARY).exactly == 1, q
    for q in ex["AT_LEAST_WORDS"] + ex["MORE_WORDS"]:
        p = understand(q, GLOSSARY)
        assert p.at_least is not None and p.kind == "extreme", q
    for q in ex["QUESTION_WORDS"]:
        assert understand(q, GLOSSARY).kind == "owners", q
    for q in ex["LEAD_PHRASES"]:
        assert understand(q, GLOSSARY).kind == "owners", q


@pytest.mark.unit
def test_at_least_reads_the_number_and_more_than_adds_one() -> None:
    assert understand("Vilka delmål har minst tre huvudansvariga?", GLOSSARY).at_least == 3
    assert understand("Vilka delmål har fler än 5 huvudansvariga?", GLOSSARY).at_least == 6
    # "minst" with no number after it is the fewest, not "at least"
    p = understand("Vilket delmål har minst antal huvudansvariga?", GLOSSARY)
    assert p.at_least is None and "fewest" in p.asks
