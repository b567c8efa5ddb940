"""Check a batch file against the case format: schema, ids, sections, pages, facts.

Copied into the writer's folder as it is (standalone: the standard library and jsonschema)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import jsonschema


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\s+", " ", s)
    return re.sub(r"(?<=\d)[ ,\u00a0\u2009](?=\d)", "", s)


def check(path: str, schema_file: str, prefix: str, sections: set[str], multi: bool) -> int:
    schema = json.loads(Path(schema_file).read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    seen: set[str] = set()
    errors: list[str] = []
    n = 0
    for no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        try:
            c = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {no}: not JSON ({exc})")
            continue
        for err in v.iter_errors(c):
            errors.append(f"line {no} {c.get('id')}: schema: {err.message}")
        cid = c.get("id", "")
        if not cid.startswith(prefix + "-"):
            errors.append(f"line {no}: id {cid!r} must start with {prefix}-")
        if cid in seen:
            errors.append(f"line {no}: duplicate id {cid}")
        seen.add(cid)
        for g in c.get("gold_sections") or []:
            if g not in sections:
                errors.append(f"line {no} {cid}: unknown gold section {g!r}")
        if not multi and bool(c.get("gold_sections")) != bool(c.get("gold_pages")):
            errors.append(
                f"line {no} {cid}: gold_pages must be [] exactly when gold_sections is []"
            )
        ref = fold(c.get("reference", ""))
        for f in c.get("required_facts") or []:
            if fold(f) not in ref:
                errors.append(f"line {no} {cid}: required fact {f!r} not in reference")
        if (c.get("category") == "unanswerable") != (c.get("answerable") is False):
            errors.append(
                f"line {no} {cid}: category unanswerable exactly when answerable is false"
            )
        if c.get("answerable") is False and (c.get("gold_sections") or c.get("required_facts")):
            errors.append(f"line {no} {cid}: unanswerable cases have no gold sections or facts")
        owners = c.get("expected_owners")
        flat = owners if isinstance(owners, list) else sum((owners or {}).values(), [])
        for o in flat:
            if o in ("AN", "Bostaden", "Ultra"):
                errors.append(
                    f"line {no} {cid}: owner {o!r}: write ÄN for AN, UKF for Bostaden/Ultra"
                )
    for problem in errors:
        print(problem)
    print(f"{n} cases, {len(errors)} problems")
    return 1 if errors else 0


def sections_of(structure_md: str) -> set[str]:
    """'<document>#<id>' for every table row of a SECTIONS.md."""
    sections: set[str] = set()
    doc = None
    for line in Path(structure_md).read_text(encoding="utf-8").splitlines():
        m = re.match(r"## (\S+)", line)
        if m:
            doc = m.group(1)
        m = re.match(r"\| `([^`]+)` \|", line)
        if m and doc:
            sections.add(f"{doc}#{m.group(1)}")
    return sections
