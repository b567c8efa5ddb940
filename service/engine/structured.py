"""Answers from the parsed program (owners, reverse lookups, lists, period, grant, glossary).

Every fact comes from the Program parsed at ingest and from the glossary; every answer cites
the lines it rests on (the *Huvudansvar* line, the heading, the list item, the sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.models import Owner, Program, Section
from ingest.text import fold

from .corpus import Corpus
from .extractive import Unit, has_year
from .models import Answer, Citation
from .reading import lexicon as lx
from .render import Renderer


def _dedupe(citations: Sequence[Citation | None]) -> list[Citation]:
    out: list[Citation] = []
    for c in citations:
        if c is not None and c not in out:
            out.append(c)
    return out


def holds(section: Section, key: str) -> bool:
    """Does body `key` have main responsibility in `section` (itself or as a named company)?"""
    return any(o.abbreviation == key or key in o.via for o in section.owners)


def _union(sections: Sequence[Section]) -> list[Owner]:
    seen: dict[str, Owner] = {}
    for s in sections:
        for o in s.owners:
            if o.abbreviation not in seen:
                seen[o.abbreviation] = Owner(o.abbreviation, o.written, list(o.via))
            else:
                for v in o.via:
                    if v not in seen[o.abbreviation].via:
                        seen[o.abbreviation].via.append(v)
    return list(seen.values())


class Structured:
    def __init__(self, corpus: Corpus, r: Renderer) -> None:
        self.c = corpus
        self.r = r

    def _answer(
        self,
        text: str,
        citations: Sequence[Citation | None],
        *,
        owners: list[str] | None = None,
        sections: Sequence[str] = (),
    ) -> Answer:
        return Answer(
            text="\n".join(_capital(line) for line in text.split("\n")),
            citations=_dedupe(citations),
            abstained=False,
            mode="structured",
            confidence=1.0,
            owners=owners,
            sections=list(sections),
            language=self.r.language,
        )

    def abstain(
        self,
        reasons: Sequence[str],
        suggestions: Sequence[Section] = (),
        citations: Sequence[Citation] = (),
        prefix: bool = True,
    ) -> Answer:
        text = " ".join([self.r.t("abstain")] * prefix + [r for r in reasons if r])
        if suggestions:
            labels = [
                self.r.label(s) if s.title else self.c.snapshot.documents[s.document].title
                for s in suggestions
            ]
            text += " " + self.r.t("suggest", sections=self.r.join(labels))
        return Answer(
            text=text,
            citations=list(citations),
            abstained=True,
            mode="abstain",
            confidence=0.0,
            suggestions=[s.id for s in suggestions],
            language=self.r.language,
        )

    def owners_list(self, owners: Sequence[Owner]) -> str:
        return self.r.join([self.r.owner(o) for o in owners])

    # --- owners of sub-goals -------------------------------------------------------------------
    def owners(self, sections: Sequence[Section]) -> Answer:
        missing = [s for s in sections if not s.owners]
        if missing and len(missing) == len(sections):
            s = missing[0]
            return self.abstain([self._missing(s)], [s])
        lines: list[str] = []
        cites: list[Citation | None] = []
        for s in sections:
            if not s.owners:
                lines.append(self._missing(s))
                continue
            cite = self.c.owners_citation(s)
            lines.append(
                self.r.t(
                    "owners",
                    id=s.id,
                    title=s.title,
                    name=self._name(s),
                    responsibility=self.r.responsibility(s),
                    page=self.r.page(cite.page if cite else None),
                    owners=self.owners_list(s.owners),
                )
            )
            if cite is not None:
                lines.append(self.r.t("owners_written", quote=" ".join(cite.quote.split())))
            cites.append(cite)
        union = [o.abbreviation for o in _union(sections)]
        return self._answer(
            "\n".join(lines), cites, owners=union, sections=[s.id for s in sections]
        )

    def _name(self, s: Section) -> str:
        """The section's name inside a sentence: 'delmål 3.2', 'åtgärd 3.2'."""
        n = self.r.name(s)
        return n[:1].lower() + n[1:]

    def _missing(self, s: Section) -> str:
        return self.r.t(
            "owners_missing",
            id=s.id,
            title=s.title,
            name=self.r.name(s),
            responsibility=self.r.responsibility(s),
        )

    def owners_focus(self, focus: Section, subs: Sequence[Section]) -> Answer:
        union = _union(subs)
        lines = [
            self.r.t("owners_focus", id=focus.id, title=focus.title, owners=self.owners_list(union))
        ]
        for s in subs:
            lines.append(
                self.r.t(
                    "owners_focus_item",
                    id=s.id,
                    owners=", ".join(o.abbreviation for o in s.owners),
                )
            )
        cites = [self.c.owners_citation(s) for s in subs]
        return self._answer(
            "\n".join(lines),
            cites,
            owners=[o.abbreviation for o in union],
            sections=[s.id for s in subs],
        )

    def is_company(self, owner: Owner) -> bool:
        b = self.c.glossary.get(owner.abbreviation)
        return bool(owner.via) or (b is not None and b.is_company)

    def owners_all(self, program: Program, companies_only: bool = False) -> Answer:
        subs = [s for s in program.sub_goals if s.owners]
        union = _union(subs)
        if companies_only:
            union = [o for o in union if self.is_company(o)]
            subs = [s for s in subs if any(self.is_company(o) for o in s.owners)]
        text = self.r.t("owners_all", owners=self.owners_list(union))
        cites = [self.c.owners_citation(s) for s in subs]
        return self._answer(
            text, cites, owners=[o.abbreviation for o in union], sections=[s.id for s in subs]
        )

    def owners_count(self, section: Section) -> Answer:
        if not section.owners:
            return self.owners([section])
        text = self.r.t(
            "owners_count",
            count=len(section.owners),
            id=section.id,
            title=section.title,
            owners=self.owners_list(section.owners),
        )
        return self._answer(
            text,
            [self.c.owners_citation(section)],
            owners=section.owner_abbreviations,
            sections=[section.id],
        )

    def companies(self, section: Section) -> Answer:
        found = [o for o in section.owners if self.is_company(o)]
        cite = self.c.owners_citation(section)
        if not found:
            return self._answer(
                self.r.t("companies_none", id=section.id), [cite], owners=[], sections=[section.id]
            )
        text = self.r.t("companies", id=section.id, owners=self.owners_list(found))
        return self._answer(
            text, [cite], owners=[o.abbreviation for o in found], sections=[section.id]
        )

    def common(self, sections: Sequence[Section]) -> Answer:
        ids = self.r.join([s.id for s in sections])
        sets = [set(s.owner_abbreviations) for s in sections]
        keep = set.intersection(*sets) if sets else set()
        common = [o for o in _union(sections) if o.abbreviation in keep]
        cites = [self.c.owners_citation(s) for s in sections]
        if not common:
            return self._answer(
                self.r.t("common_none", ids=ids),
                cites,
                owners=[],
                sections=[s.id for s in sections],
            )
        # the companies named differ between sub-goals: name only the owner itself
        plain = [Owner(o.abbreviation, o.written) for o in common]
        text = self.r.t("common", ids=ids, owners=self.owners_list(plain))
        return self._answer(
            text, cites, owners=[o.abbreviation for o in common], sections=[s.id for s in sections]
        )

    def membership(self, section: Section, key: str) -> Answer:
        cite = self.c.owners_citation(section)
        tpl = "member_yes" if holds(section, key) else "member_no"
        lines = [self.r.t(tpl, body=self.r.body(key), id=section.id)]
        if cite is not None:
            lines.append(self.r.t("owners_written", quote=" ".join(cite.quote.split())))
        return self._answer(" ".join(lines), [cite], sections=[section.id])

    # --- reverse lookups -------------------------------------------------------------------------
    def _items(self, sections: Sequence[Section]) -> str:
        return self.r.join([self.r.t("reverse_item", id=s.id, title=s.title) for s in sections])

    def reverse(
        self,
        program: Program,
        positives: Sequence[str],
        negatives: Sequence[str],
        any_of: bool = False,
        within: Section | None = None,
    ) -> Answer:
        subs = [s for s in program.sub_goals if within is None or s.parent == within.id]
        if positives:
            if any_of:
                hits = [s for s in subs if any(holds(s, k) for k in positives)]
            else:
                hits = [s for s in subs if all(holds(s, k) for k in positives)]
        else:
            hits = list(subs)
        hits = [s for s in hits if not any(holds(s, k) for k in negatives)]
        pos = self.r.join([self.r.body(k) for k in positives], "or" if any_of else "and")
        neg = self.r.join([self.r.body(k) for k in negatives], "or")
        if len(positives) == 1 and not negatives:
            key = positives[0]
            if not hits:
                return self.abstain([self.r.t("abstain_body", body=self.r.body(key))])
            direct = all(any(o.abbreviation == key for o in s.owners) for s in hits)
            if direct:
                text = self.r.t("reverse", body=pos, count=len(hits), items=self._items(hits))
            else:
                parents = _dedupe_str(
                    o.abbreviation for s in hits for o in s.owners if key in o.via
                )
                text = self.r.t(
                    "reverse_via",
                    body=pos,
                    parent=self.r.join([self.r.body(p) for p in parents]),
                    count=len(hits),
                    items=self._items(hits),
                )
        else:
            if positives and negatives:
                cond = self.r.t("cond_all_not", positive=pos, negative=neg)
            elif positives:
                cond = self.r.t("cond_all", positive=pos)
            else:
                cond = self.r.t("cond_not", negative=neg)
            if hits:
                text = self.r.t("reverse_match", condition=cond, items=self._items(hits))
            else:
                text = self.r.t("reverse_none", condition=cond)
        cites = [self.c.owners_citation(s) for s in hits]
        return self._answer(text, cites, sections=[s.id for s in hits])

    def extreme(self, program: Program, exactly: int | None) -> Answer:
        subs = [s for s in program.sub_goals if s.owners]
        if not subs:
            return self.abstain([])
        if exactly is None:
            n = max(len(s.owners) for s in subs)
            hits = [s for s in subs if len(s.owners) == n]
            text = self.r.t("most", count=n, items=self._items(hits))
        else:
            hits = [s for s in subs if len(s.owners) == exactly]
            if hits:
                text = self.r.t("exactly", count=exactly, items=self._items(hits))
            else:
                text = self.r.t("exactly_none", count=exactly)
        lines = [text]
        for s in hits:
            cite = self.c.owners_citation(s)
            if cite is not None:
                lines.append(f"{s.id}: ”{' '.join(cite.quote.split())}”")
        return self._answer(
            "\n".join(lines),
            [self.c.owners_citation(s) for s in hits],
            sections=[s.id for s in hits],
        )

    def busiest(self, program: Program) -> Answer:
        """The bodies with main responsibility for the most sub-goals."""
        count: dict[str, list[Section]] = {}
        for s in program.sub_goals:
            for o in s.owners:
                count.setdefault(o.abbreviation, []).append(s)
        if not count:
            return self.abstain([])
        n = max(len(v) for v in count.values())
        keys = [k for k, v in count.items() if len(v) == n]
        subs = [s for s in program.sub_goals if any(o.abbreviation in keys for o in s.owners)]
        text = self.r.t(
            "busiest",
            bodies=self.r.join([self.r.body(k) for k in keys]),
            count=n,
            items=self._items(count[keys[0]]),
        )
        return self._answer(
            text, [self.c.owners_citation(s) for s in subs], sections=[s.id for s in count[keys[0]]]
        )

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

    def grant(self, section: Section, asks: set[str], label: str) -> Answer:
        units = [u for u in self.c.section_units(section) if u.kind != "heading"]
        body = " ".join(u.text for u in units)
        words = {fold(w) for w in re.findall(r"\w+", body)}
        has_unit = bool(words & lx.UNIT_WORDS) or "%" in body
        if "unit" in asks and not has_unit:
            return self.abstain([self.r.t("abstain_unit", title=section.title)], [section])
        if "columns" in asks and not _has_column_headings(units):
            return self.abstain([self.r.t("abstain_columns", title=section.title)], [section])
        lines = [self.r.t("grant", title=section.title, quote=u.text) for u in units[:3]]
        if not has_unit:
            lines.append(self.r.t("grant_no_unit"))
        cites = [c for u in units[:3] for c in self.c.cite_unit(u)]
        return self._answer(" ".join(lines), cites, sections=[section.id])

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


def _capital(line: str) -> str:
    return line[:1].upper() + line[1:]


def runs(units: Sequence[Unit], corpus: Corpus) -> list[list[str]]:
    """Unit texts grouped into runs of units that follow each other in the page text."""
    out: list[list[str]] = []
    prev: Unit | None = None
    for u in units:
        adjacent = False
        if prev is not None and prev.chunk == u.chunk:
            a, b = prev.parts[-1], u.parts[0]
            gap = corpus.pages.get(u.document, {}).get(a.page, "")[a.end : b.start]
            adjacent = a.page == b.page and b.start >= a.end and not gap.strip()
        if adjacent:
            out[-1].append(u.text)
        else:
            out.append([u.text])
        prev = u
    return out


def _dedupe_str(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def _has_column_headings(units: Sequence[Unit]) -> bool:
    """A table has column headings when a line of two or more years (or labels) heads it."""
    return any(len(re.findall(r"\b(?:19|20)\d{2}\b", u.text)) >= 2 for u in units) and any(
        has_year(u.text) for u in units
    )
