"""Every question kind and the handler that answers it (operations.check_complete runs at
engine start). A handler is a function of the `Answering`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .handlers import (
    among,
    compare,
    compare_bodies,
    grant,
    headings,
    lists,
    mentions,
    metadata,
    neighbours,
    owners,
    passages,
    references,
    related_lists,
    reverse,
    sizes,
    structure,
)
from .operations import Kind

if TYPE_CHECKING:
    from .turn import Answering, Result

HANDLERS: dict[Kind, Callable[[Answering], Result]] = {
    Kind.AMONG: among.k_among,
    Kind.OWNERS: owners.k_owners,
    Kind.OWNERS_COUNT: owners.k_owners_count,
    Kind.COMPANIES: owners.k_companies,
    Kind.MEMBERSHIP: owners.k_membership,
    Kind.COMMON: owners.k_common,
    Kind.SAME_OWNERS: structure.k_same_owners,
    Kind.COMPARE_OWNERS: compare.k_compare_owners,
    Kind.COMPARE_BODIES: compare_bodies.k_compare_bodies,
    Kind.REVERSE: reverse.k_reverse,
    Kind.REVERSE_UNKNOWN: reverse.k_reverse_unknown,
    Kind.BODY_HEAD: reverse.k_body_head,
    Kind.EXTREME: reverse.k_extreme,
    Kind.TITLE: structure.k_title,
    Kind.PARENT: structure.k_parent,
    Kind.NEIGHBOUR: neighbours.k_neighbour,
    Kind.CHILDREN: headings.k_children,
    Kind.NUMBER: headings.k_number,
    Kind.LIST_FOCUS_AREAS: lists.k_list_focus_areas,
    Kind.COUNT_FOCUS_AREAS: lists.k_list_focus_areas,
    Kind.LIST_SUBGOALS: lists.k_list_subgoals,
    Kind.COUNT_SUBGOALS: lists.k_list_subgoals,
    Kind.COUNT_COMPARE: structure.k_count_compare,
    Kind.FOCUS_EXTREME: structure.k_focus_extreme,
    Kind.SIZED: sizes.k_sized,
    Kind.RELATED_DOCS: related_lists.k_related_docs,
    Kind.BASED_ON: structure.k_based_on,
    Kind.REFERS_TO: references.k_refers_to,
    Kind.MENTIONS: mentions.k_mentions,
    Kind.METADATA: metadata.k_metadata,
    Kind.PERIOD: lists.k_period,
    Kind.GRANT: grant.k_grant,
    Kind.GLOSSARY: lists.k_glossary,
    Kind.SECTION_CONTENT: passages.k_section_content,
    Kind.OPEN: passages.k_open,
}
