"""Answers about responsibility from the parsed program: the owners of sections and focus
areas, their count, companies and shared owners, membership, reverse lookups and extremes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Owner, Program, Section

from .models import Answer, Citation
from .structured_base import StructuredBase, _dedupe_str, _union, holds


class OwnerAnswers(StructuredBase):
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
            # an unnumbered section ("Organisation för samverkan") is named by its title alone
            name, title = (s.title, "") if s.kind == "other" else (self._name(s), s.title)
            line = self.r.t(
                "owners",
                id=s.id,
                title=title,
                name=name,
                responsibility=self.r.responsibility(s),
                page=self.r.page(cite.page if cite else None),
                owners=self.owners_list(s.owners),
            )
            lines.append(re.sub(r" {2,}", " ", line))
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
        subs = [s for s in owned_items(program) if s.owners]
        union = _union(subs)
        if companies_only:
            union = [o for o in union if self.is_company(o)]
            subs = [s for s in subs if any(self.is_company(o) for o in s.owners)]
        text = self.r.t("owners_all", owners=self.owners_list(union), count=len(union))
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
        key = "common" if len(sections) == 2 else "common_all"
        text = self.r.t(key, ids=ids, owners=self.owners_list(plain))
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
    def reverse(
        self,
        program: Program,
        positives: Sequence[str],
        negatives: Sequence[str],
        any_of: bool = False,
        within: Section | Sequence[Section] | None = None,
        among: Sequence[str] | None = None,
        alone: bool = False,
        only_via: bool = False,
    ) -> Answer:
        within_ids: set[str] | None = None
        if isinstance(within, Section):
            within_ids = {within.id}
        elif within is not None:
            within_ids = {w.id for w in within}
        subs = [
            s
            for s in owned_items(program)
            if (within_ids is None or s.parent in within_ids) and (among is None or s.id in among)
        ]
        if alone:  # "där JUSK är ensam huvudansvarig"
            subs = [s for s in subs if {o.abbreviation for o in s.owners} <= set(positives)]
            if not any(holds(s, k) for s in subs for k in positives):
                return self._answer(
                    self.r.t("alone_none", body=self.r.body(positives[0])), [], sections=[]
                )
            hits = [s for s in subs if holds(s, positives[0])]
            text = self.r.t("alone", body=self.r.body(positives[0]), items=self._items(hits))
            cites = [self.c.owners_citation(s) for s in hits]
            return self._answer(text, cites, sections=[s.id for s in hits])
        if positives:
            if any_of:
                hits = [s for s in subs if any(holds(s, k) for k in positives)]
            else:
                hits = [s for s in subs if all(holds(s, k) for k in positives)]
        else:
            hits = list(subs)
        hits = [s for s in hits if not any(holds(s, k) for k in negatives)]
        companies = {k for k in positives for s in subs for o in s.owners if k in o.via}
        if only_via and companies:
            # "bara genom Bostaden": the owner takes part through those companies and no other
            hits = [
                s
                for s in hits
                if all(set(o.via) <= companies for o in s.owners if set(o.via) & companies)
            ]
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
            elif len(negatives) > 1:
                every = self.r.join(
                    [self.r.body(k) for k in negatives], "or" if self.r.language == "sv" else "and"
                )
                cond = self.r.t("cond_neither", negative=every)
            else:
                cond = self.r.t("cond_not", negative=neg)
            if hits:
                text = self.r.t("reverse_match", condition=cond, items=self._items(hits))
            else:
                text = self.r.t("reverse_none", condition=cond)
        cites = [self.c.owners_citation(s) for s in hits]
        return self._answer(text, cites, sections=[s.id for s in hits])

    def extreme(
        self,
        program: Program,
        exactly: int | None,
        fewest: bool = False,
        among: Sequence[str] | None = None,
    ) -> Answer:
        """The sub-goals with the most (fewest, exactly N) owners, of all or of `among`."""
        subs = [s for s in owned_items(program) if s.owners and (among is None or s.id in among)]
        if not subs:
            return self.abstain([])
        if exactly is None:
            n = (min if fewest else max)(len(s.owners) for s in subs)
            hits = [s for s in subs if len(s.owners) == n]
            text = self.r.t("fewest" if fewest else "most", count=n, items=self._items(hits))
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

    def at_least(self, program: Program, n: int, among: Sequence[str] | None = None) -> Answer:
        """The sub-goals with at least `n` owners."""
        subs = [s for s in owned_items(program) if among is None or s.id in among]
        hits = [s for s in subs if len(s.owners) >= n]
        if not hits:
            return self._answer(self.r.t("at_least_none", count=n), [], sections=[])
        text = self.r.t("at_least", count=n, items=self._items(hits))
        return self._answer(
            text, [self.c.owners_citation(s) for s in hits], sections=[s.id for s in hits]
        )

    def busiest(self, program: Program, fewest: bool = False) -> Answer:
        """The bodies with main responsibility for the most (or fewest) sub-goals."""
        count: dict[str, list[Section]] = {}
        for s in owned_items(program):
            for o in s.owners:
                count.setdefault(o.abbreviation, []).append(s)
        if not count:
            return self.abstain([])
        n = (min if fewest else max)(len(v) for v in count.values())
        keys = [k for k, v in count.items() if len(v) == n]
        subs = [s for s in owned_items(program) if any(o.abbreviation in keys for o in s.owners)]
        # the most: the busiest body's sub-goals; the fewest (often a tie): every tied body's
        named = subs if fewest else count[keys[0]]
        text = self.r.t(
            "least_busy" if fewest else "busiest",
            bodies=self.r.join([self.r.body(k) for k in keys]),
            count=n,
            items=self._items(named),
        )
        return self._answer(
            text,
            [self.c.owners_citation(s) for s in subs],
            owners=keys,  # the bodies that answer "vilken nämnd …?"
            sections=[s.id for s in named],
        )


def owned_items(program: Program) -> list[Section]:
    """The items responsibility is given for: the sub-goals, or in a document of one numbered
    level (a strategy's "Strategiskt mål N", an agreement's "Prioriterat område N") those."""
    if program.sub_goals:
        return program.sub_goals
    return [s for s in program.focus_areas if s.owners]
