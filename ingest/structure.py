"""Kept for callers of the old module: the parser now lives in ingest/parse/."""

from .parse import is_abbreviation, parse_owners, parse_program

__all__ = ["is_abbreviation", "parse_owners", "parse_program"]
