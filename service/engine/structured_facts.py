"""Lists and single facts from the parsed program and the glossary: focus areas, sub-goals,
related documents, the period, the grant, a section quoted, and glossary entries."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Program, Section
from ingest.text import fold

from .extractive import Unit
from .models import Answer, Citation
from .reading import lexicon as lx
from .structured_base import StructuredBase, _has_column_headings, holds, runs


class FactAnswers(StructuredBase):
    # --- lists ---------------------------------------------------------------------------------
    def focus_areas(self, program: Program) -> Answer:
        fas = program.focus_areas
        items = self.r.join([self.r.t("focus_item", id=f.id, title=f.title) for f in fas])
        text = self.r.t("focus_areas", count=len(fas), items=items)
        return self._answer(
            text, [self.c.heading_citation(f) for f in fas], sections=[f.id for f in fas]
        )

    def sub_goals(self, program: Program, focus: Section | None) -> Answer:
        if focus is not None:
            subs = program.children(focus.id)
            subs = [s for s in subs if s.kind == "sub_goal"]
            text = self.r.t(
                "sub_goals_focus",
                id=focus.id,
                title=focus.title,
                count=len(subs),
                items=self._items(subs),
            )
        else:
            subs = program.sub_goals
            text = self.r.t("sub_goals_all", count=len(subs), items=self._items(subs))
        return self._answer(
            text, [self.c.heading_citation(s) for s in subs], sections=[s.id for s in subs]
        )

    def related(self, section: Section, groups: Sequence[str]) -> Answer:
        lines: list[str] = []
        cites: list[Citation | None] = []
        for name in groups:
            items = section.groups.get(name, [])
            spans = section.group_spans.get(name, [])
            item_spans = spans[len(spans) - len(items) :] if len(spans) >= len(items) else []
            lines.append(self.r.t("related", group=name, items="; ".join(items)))
            cites.extend(self.c.cite(section.document, section.id, sp) for sp in item_spans)
        return self._answer("\n".join(lines), cites, sections=[section.id])

    # --- single facts --------------------------------------------------------------------------
    def period(self, program: Program) -> Answer | None:
        if not program.period:
            return None
        years = re.findall(r"\d{4}", program.period)
        pattern = (
            re.compile(r"\s*[-–—]\s*".join(years))
            if years
            else re.compile(re.escape(program.period))
        )
        units = self.c.find_units(pattern, program.document)
        if not units:
            return None
        unit = next((u for u in units if u.kind == "sentence"), units[0])
        text = (
            self.r.t("period", period=program.period)
            + " "
            + self.r.t("quote_line", quote=unit.text)
        )
        return self._answer(text, self.c.cite_unit(unit), sections=[unit.section or ""])

    def outside_period(self, program: Program, year: str) -> Answer:
        """An abstention that says which period the program covers, citing where it says so."""
        reason = self.r.t("abstain_period", period=program.period or "", year=year)
        found = self.period(program)
        return self.abstain([reason], citations=found.citations if found else ())

    def grant(
        self, section: Section, asks: set[str], label: str, numbers: Sequence[str] = ()
    ) -> Answer:
        units = [u for u in self.c.section_units(section) if u.kind != "heading"]
        row = next((u for u in units if len(_amounts(u.text)) >= 2), None)
        in_row = row is not None and any(
            n in [a.replace(" ", "") for a in _amounts(row.text)] for n in numbers
        )
        if row is not None and "count" in asks and in_row:
            # "Hur många gånger står 6 000 i tabellen?": the row's amounts counted
            return self._grant_row(section, row)
        body = " ".join(u.text for u in units)
        words = {fold(w) for w in re.findall(r"\w+", body)}
        has_unit = bool(words & lx.UNIT_WORDS) or "%" in body
        if "unit" in asks and not has_unit:
            return self.abstain([self.r.t("abstain_unit", title=section.title)], [section])
        if "columns" in asks and not _has_column_headings(units):
            if row is not None and asks & {"count", "change", "money"}:
                # "Hur många kolumner …?", "Ändras det mellan kolumnerna?": the row's amounts
                # answer that; what the columns stand for the program does not say
                return self._grant_row(section, row)
            return self.abstain([self.r.t("abstain_columns", title=section.title)], [section])
        lines = [self.r.t("grant", title=section.title, quote=u.text) for u in units[:3]]
        if not has_unit:
            lines.append(self.r.t("grant_no_unit"))
        cites = [c for u in units[:3] for c in self.c.cite_unit(u)]
        return self._answer(" ".join(lines), cites, sections=[section.id])

    def _grant_row(self, section: Section, row: Unit) -> Answer:
        amounts = _amounts(row.text)
        same = len(set(amounts)) == 1
        key = "grant_columns_same" if same else "grant_columns_differ"
        text = self.r.t(
            key,
            title=section.title,
            count=len(amounts),
            amount=amounts[0],
            amounts=self.r.join(amounts),
            quote=row.text,
        )
        text += " " + self.r.t("abstain_columns", title=section.title)
        return self._answer(text, list(self.c.cite_unit(row)), sections=[section.id])

    def section_quote(self, section: Section, units: Sequence[Unit]) -> Answer:
        text = self.r.t(
            "section_quote",
            label=self.r.label(section),
            page=self.r.pages([p.page for u in units for p in u.parts]),
            quote=self.r.quotes(runs(units, self.c)),
        )
        cites = [c for u in units for c in self.c.cite_unit(u)]
        return self._answer(text, cites, sections=[section.id])

    # --- glossary ------------------------------------------------------------------------------
    def glossary(self, key: str, within: Section | None = None) -> Answer:
        b = self.c.glossary.get(key)
        if b is None:
            return self.abstain([])
        lines: list[str] = []
        if b.abbreviation and b.expansion:
            tpl = "glossary" if b.is_certain else "glossary_likely"
            lines.append(self.r.t(tpl, abbreviation=b.abbreviation, expansion=b.expansion))
        elif b.abbreviation:
            lines.append(self.r.t("glossary_unverified", abbreviation=b.abbreviation))
        else:
            lines.append(self.r.t("glossary_name", expansion=b.expansion or key))
        if b.kind:
            lines.append(self.r.t("glossary_kind", kind=b.kind))
        if b.note:
            lines.append(self.r.t("glossary_note", note=b.note))
        cites: list[Citation] = []
        forms = [f for f in (*b.variants, b.abbreviation or "", b.expansion or "") if f]
        unit = self._first_use(forms, within)
        if unit is not None:
            section = self.c.section(unit.section or "", unit.document)
            lines.append(
                self.r.t(
                    "glossary_used",
                    label=self.r.label(section, unit.section or ""),
                    page=self.r.page(unit.page),
                    quote=unit.text,
                )
            )
            cites = self.c.cite_unit(unit)
        program = self.c.program
        if program is not None and not any(holds(s, key) for s in program.sub_goals):
            lines.append(self.r.t("glossary_not_owner", body=self.r.body(key)))
        return self._answer(" ".join(lines), cites)

    def _first_use(self, forms: Sequence[str], within: Section | None = None) -> Unit | None:
        """Where the program uses a name: in `within`, its Huvudansvar lines, then any text."""
        pats = [re.compile(rf"(?<!\w){re.escape(f)}(?!\w)") for f in forms]
        program = self.c.program
        if program is not None:
            first = [within] if within is not None else []
            for s in first + program.sub_goals:
                for u in self.c.section_units(s):
                    if u.kind == "owners" and any(p.search(u.text) for p in pats):
                        return u
        for p in pats:
            found = self.c.find_units(p)
            if found:
                return found[0]
        return None


_AMOUNT_RE = re.compile(
    r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|(?<![\d,.])\d{4,}(?![\d,.])"
)


def _amounts(text: str) -> list[str]:
    """The amounts of a table row as written ('6 000 6 000 …' → ['6 000', '6 000', …])."""
    return [m.group(0) for m in _AMOUNT_RE.finditer(text)]
