"""A document's own sentences about itself: who signed it ("Överenskommelsen har undertecknats
av …") and what it is ("Programmet är en konkretisering av …"), quoted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..extractive import has_person_name
from ..models import Answer
from ..reading import lexicon as lx

if TYPE_CHECKING:
    from ..turn import Answering, Result


def signed(a: Answering, doc: str, title: str) -> Result:
    """'Vem har skrivit under överenskommelsen och när?': the document's own sentence saying who
    signed it (lexicon signing_stems), quoted; no such sentence, no answer."""
    stems = "|".join(re.escape(s) for s in lx.SIGNING_STEMS)
    said = [
        u
        for u in a.c.find_units(re.compile(rf"\b(?:{stems})", re.I), doc)
        if u.kind == "sentence" and u.section
    ]
    sec = a.c.section(said[0].section or "", doc) if said else None
    if sec is None:
        return a.result(a.s.abstain([a.r.t("meta_unknown", title=title)]), "metadata")
    if "person" in a.p.asks and not has_person_name(said[0].text):
        # "Vad heter chefen som skrev under?": the sentence names roles, no person
        return a.result(a.s.abstain([a.r.t("meta_unknown", title=title)], [sec]), "metadata")
    return a.result(a.s.section_quote(sec, said[:1]), "metadata")


def add_self_description(a: Answering, answer: Answer, doc: str, kind: str) -> None:
    """'Vad är det här för slags dokument?': the kind, and the document's own sentence about
    what it is ("Programmet är en konkretisering av …"), quoted, when it has one."""
    stem = kind.lower().split()[0] if kind.strip() else ""
    if len(stem) < 4:
        return
    pattern = re.compile(
        rf"^\s*(?:det här |detta |denna )?{re.escape(stem)}\w*\s+(?:är|utgör)\s", re.I
    )
    for unit in a.c.find_units(pattern, doc):
        if unit.kind != "sentence":
            continue
        answer.text += " " + a.r.t("quote_line", quote=unit.text)
        answer.citations += a.c.cite_unit(unit)
        answer.sections = [unit.section or ""]
        return
