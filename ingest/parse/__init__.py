"""The general parser for governing documents: headings, responsibility lines, lists."""

from .lists import match_links, title_similarity
from .program import parse_program
from .responsibility import is_abbreviation, parse_owners

__all__ = ["is_abbreviation", "match_links", "parse_owners", "parse_program", "title_similarity"]
