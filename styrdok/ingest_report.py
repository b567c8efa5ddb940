"""What `styrdok ingest` says it understood, and `styrdok documents`: Swedish wording from
prompts/messages.toml over the codes and counts that ingest records."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ingest.messages import Messages
from styrdok.settings import Settings


def warning_text(msgs: Messages, w: dict[str, Any]) -> str:
    code = str(w.get("code"))
    values = {k: v for k, v in w.items() if k != "code"}
    if "field" in values:
        key = f"ingest.fields.{values['field']}"
        values["field_name"] = msgs.get(key) if msgs.has(key) else values["field"]
    key = f"ingest.warnings.{code}"
    return msgs.render(key, **values) if msgs.has(key) else code


def understood_json(msgs: Messages, u: dict[str, Any] | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {**u, "warnings": [{**w, "text": warning_text(msgs, w)} for w in u["warnings"]]}


def understood_lines(msgs: Messages, document: str, u: dict[str, Any] | None) -> list[str]:
    """One line of what was understood, one for what cleaning removed, one per warning."""
    if u is None:
        return []
    out = [
        msgs.render(
            "ingest.understood",
            document=document,
            sections=u["sections"],
            numbered=u["numbered"],
            levels=" / ".join(x for x in u["levels"] if x) or msgs.get("ingest.no_levels"),
            with_owners=u["with_owners"],
            links=u["links"],
        )
    ]
    removed = [
        msgs.render("ingest.removed_item", n=n, what=msgs.get(f"ingest.cleaned_kinds.{k}"))
        for k, n in u["removed"].items()
        if n and msgs.has(f"ingest.cleaned_kinds.{k}")
    ]
    if removed:
        out.append(msgs.render("ingest.cleaned", items=", ".join(removed)))
    if not u.get("paged", True):
        out.append(msgs.render("ingest.not_paged", document=document))
    for w in u["warnings"]:
        out.append(msgs.render("ingest.warning", document=document, message=warning_text(msgs, w)))
    return out


def cmd_documents(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.index import Snapshot
    from styrdok.wiring import build_store, data_dir

    snap = Snapshot.open(data_dir(settings), build_store(settings))
    default = snap.default_document
    rows: list[dict[str, Any]] = []
    for rec in snap.documents.values():
        program = snap.programs.get(rec.id)
        meta = rec.meta or {}
        rows.append(
            {
                "id": rec.id,
                "title": rec.title,
                "kind": rec.kind,
                "default": rec.id == default,
                "valid_from": meta.get("valid_from"),
                "valid_to": meta.get("valid_to"),
                "adopted_by": meta.get("adopted_by"),
                "responsible": meta.get("responsible"),
                "aliases": meta.get("aliases") or [],
                "pages": len(rec.pages),
                "paged": meta.get("paged", True),
                "levels": program.levels if program else [],
                "sections": len(program.sections) if program else 0,
                "warnings": [warning_text(_msgs(settings), w) for w in _warnings(rec, program)],
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    msgs = _msgs(settings)
    for r in rows:
        period = "–".join(str(x) for x in (r["valid_from"], r["valid_to"]) if x)
        print(
            msgs.render(
                "ingest.document_line",
                mark="*" if r["default"] else " ",
                id=r["id"],
                title=r["title"],
                kind=r["kind"],
                period=period or "–",
                sections=r["sections"],
                levels=" / ".join(x for x in r["levels"] if x) or "–",
            )
        )
    return 0


def _warnings(rec: Any, program: Any) -> list[dict[str, Any]]:
    return list((rec.meta or {}).get("warnings") or []) + list(program.warnings if program else [])


_CACHE: dict[str, Messages] = {}


def _msgs(settings: Settings) -> Messages:
    key = str(settings.prompts_dir)
    if key not in _CACHE:
        _CACHE[key] = Messages.load(settings.prompts_dir)
    return _CACHE[key]


def print_understood(msgs: Messages, document: str, u: dict[str, Any] | None) -> None:
    for line in understood_lines(msgs, document, u):
        print(line, file=sys.stdout)
