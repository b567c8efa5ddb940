"""The operations a question is read into. One handler per kind, checked complete at start.

A question's reading (understand.py, reading/rules.py) ends in one `Kind` with its slots: the
sections it names (by number, title words, topic, ordinal or the conversation), the bodies
(positive, negated, "eller"), the document scope, and modifiers (count, most/fewest, exactly N).
The handler of that kind computes the answer from the parsed documents; no kind falls through
to another silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    # read against the conversation first (an elliptic follow-up: "Och 3.3?")
    ELLIPSIS = "ellipsis"
    # a filter over the previous answer's items ("Vilka av dem …?"), else the question's own kind
    AMONG = "among"
    # owners(section) and its variants
    OWNERS = "owners"
    OWNERS_COUNT = "owners_count"
    COMPANIES = "companies"
    MEMBERSHIP = "membership"
    COMMON = "common"
    SAME_OWNERS = "same_owners"
    COMPARE_OWNERS = "compare_owners"  # are two sections' owner sets equal, and how not
    COMPARE_BODIES = "compare_bodies"  # the sub-goals two bodies share, or only one has
    # sections_of(body) with and / or / not / only
    REVERSE = "reverse"
    REVERSE_UNKNOWN = "reverse_unknown"
    BODY_HEAD = "body_head"
    EXTREME = "extreme"
    # the heading tree
    TITLE = "title"
    PARENT = "parent"
    NEIGHBOUR = "neighbour"  # the section after (before) a named one
    CHILDREN = "children"  # the headings under a named one
    NUMBER = "number"  # the number (and level) of a section named by its title
    LIST_FOCUS_AREAS = "list_focus_areas"
    COUNT_FOCUS_AREAS = "count_focus_areas"
    LIST_SUBGOALS = "list_subgoals"
    COUNT_SUBGOALS = "count_subgoals"
    COUNT_COMPARE = "count_compare"
    FOCUS_EXTREME = "focus_extreme"
    SIZED = "sized"  # the top-level sections with exactly N items
    # related documents, metadata, the grant, the glossary
    RELATED_DOCS = "related_docs"
    BASED_ON = "based_on"  # the document a section builds on, quoted from its text
    REFERS_TO = "refers_to"  # the sections whose text names a document
    MENTIONS = "mentions"  # the documents whose text holds a topic, each with its sentence
    METADATA = "metadata"
    PERIOD = "period"
    GRANT = "grant"
    GLOSSARY = "glossary"
    # passages
    SECTION_CONTENT = "section_content"
    OPEN = "open"


# kinds answered once per document when several are in scope (never one merged list)
PER_DOCUMENT_KINDS = frozenset(
    {
        Kind.OWNERS,
        Kind.OWNERS_COUNT,
        Kind.MEMBERSHIP,
        Kind.COMPANIES,
        Kind.REVERSE,
        Kind.EXTREME,
        Kind.FOCUS_EXTREME,
        Kind.COUNT_COMPARE,
        Kind.LIST_SUBGOALS,
        Kind.COUNT_SUBGOALS,
        Kind.LIST_FOCUS_AREAS,
        Kind.COUNT_FOCUS_AREAS,
        Kind.SECTION_CONTENT,
        Kind.RELATED_DOCS,
        Kind.BASED_ON,
        Kind.TITLE,
        Kind.PARENT,
        Kind.NEIGHBOUR,
        Kind.SAME_OWNERS,
    }
)
# kinds answered from the structure as it holds for the document's period ("gäller 2026?")
PERIOD_BOUND = (
    PER_DOCUMENT_KINDS
    - {
        Kind.COMPANIES,
        Kind.SECTION_CONTENT,
        Kind.RELATED_DOCS,
        Kind.BASED_ON,
        Kind.TITLE,
        Kind.PARENT,
        Kind.NEIGHBOUR,
        Kind.SAME_OWNERS,
    }
) | {Kind.PERIOD}

# the kinds a handler must exist for (an elliptic follow-up is resolved to another kind first)
HANDLERS_REQUIRED = frozenset(k for k in Kind if k is not Kind.ELLIPSIS)


def check_complete(handlers: Mapping[Kind, Callable[..., Any]]) -> None:
    """Every kind has its handler; a missing one stops the engine at start."""
    missing = [k.value for k in Kind if k in HANDLERS_REQUIRED and k not in handlers]
    if missing:
        raise RuntimeError(f"no handler for question kinds: {', '.join(missing)}")
