"""Answers from the parsed program (owners, reverse lookups, lists, period, grant, glossary).

Every fact comes from the Program parsed at ingest and from the glossary; every answer cites
the lines it rests on (the *Huvudansvar* line, the heading, the list item, the sentence).
The builders live in structured_owners.py (responsibility) and structured_facts.py (lists,
facts, glossary) over structured_base.py; `Structured` is all of them.
"""

from __future__ import annotations

from .structured_base import holds as holds
from .structured_base import runs as runs
from .structured_facts import FactAnswers
from .structured_owners import OwnerAnswers


class Structured(OwnerAnswers, FactAnswers):
    """Every structured answer over one corpus view, rendered by one renderer."""
