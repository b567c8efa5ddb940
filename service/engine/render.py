"""Answer wording: the templates of prompts/answers.toml, in the answer's language.

Swedish is the product language. An English question gets the [answer_en] templates; names,
titles and quotes from the program stay in Swedish, verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.messages import Messages
from ingest.models import Owner, Section

from .glossary import Body, Glossary

_KEYS: dict[str, set[str]] = {
    "and": set(),
    "or": set(),
    "page": {"page"},
    "quote": {"text"},
    "gap": set(),
    "label_sub_goal": {"id", "title"},
    "label_focus_area": {"id", "title"},
    "label_other": {"id", "title"},
    "label_footnote": {"id", "title"},
    "owner_certain": {"expansion", "abbreviation"},
    "owner_likely": {"expansion", "abbreviation"},
    "owner_unverified": {"abbreviation"},
    "owner_plain": {"abbreviation"},
    "owner_via": {"owner", "via"},
    "owners": {"id", "title", "page", "owners", "name", "responsibility"},
    "owners_written": {"quote"},
    "owners_missing": {"id", "title", "name", "responsibility"},
    "owners_focus": {"id", "title", "owners"},
    "owners_focus_item": {"id", "owners"},
    "owners_all": {"owners", "count"},
    "owners_count": {"count", "id", "title", "owners"},
    "companies": {"id", "owners"},
    "companies_none": {"id"},
    "common": {"ids", "owners"},
    "common_none": {"ids"},
    "compare_same": {"first", "second", "owners"},
    "compare_differ": {"first", "second"},
    "compare_both": {"owners"},
    "compare_none_common": set(),
    "compare_only": {"name", "owners"},
    "member_yes": {"body", "id"},
    "member_no": {"body", "id"},
    "reverse": {"body", "count", "items"},
    "reverse_via": {"body", "parent", "count", "items"},
    "cond_all": {"positive"},
    "cond_all_not": {"positive", "negative"},
    "cond_not": {"negative"},
    "reverse_match": {"condition", "items"},
    "reverse_none": {"condition"},
    "reverse_item": {"id", "title"},
    "most": {"count", "items"},
    "busiest": {"bodies", "count", "items"},
    "exactly": {"count", "items"},
    "exactly_none": {"count"},
    "focus_areas": {"count", "items"},
    "focus_item": {"id", "title"},
    "sub_goals_focus": {"id", "title", "count", "items"},
    "sub_goals_all": {"count", "items"},
    "related": {"group", "items"},
    "related_count": {"group", "count", "items"},
    "related_repeated": {"count"},
    "related_repeated_item": {"item", "groups"},
    "related_repeated_none": set(),
    "period": {"period"},
    "quote_line": {"quote"},
    "grant": {"title", "quote"},
    "grant_no_unit": set(),
    "section_quote": {"label", "page", "quote"},
    "glossary": {"abbreviation", "expansion"},
    "glossary_likely": {"abbreviation", "expansion"},
    "glossary_unverified": {"abbreviation"},
    "glossary_name": {"expansion"},
    "glossary_kind": {"kind"},
    "glossary_note": {"note"},
    "glossary_used": {"label", "page", "quote"},
    "glossary_not_owner": {"body"},
    "extractive_intro": set(),
    "extractive_item": {"label", "page", "quote"},
    "abstain": set(),
    "abstain_no_section": {"what", "id"},
    "what_sub_goal": set(),
    "what_focus_area": set(),
    "abstain_body": {"body"},
    "abstain_body_head": {"body"},
    "abstain_period": {"period", "year"},
    "abstain_money": {"label"},
    "abstain_unit": {"title"},
    "abstain_columns": {"title"},
    "abstain_grant_year": {"title", "year"},
    "abstain_grant_split": {"title"},
    "abstain_context": set(),
    "suggest": {"sections"},
    "document_part": {"title", "text"},
    "kind_definite": set(),
    "program_definite": set(),
    "label_numbered": {"label", "id", "title"},
    "responsibility_default": set(),
    "closest_intro": set(),
    "meta_list": {"count", "items"},
    "meta_item": {"title", "kind"},
    "meta_item_period": {"title", "kind", "period"},
    "meta_none": set(),
    "meta_period": {"title", "period"},
    "meta_valid_yes": {"title", "period", "year"},
    "meta_valid_no": {"title", "period", "year"},
    "meta_adopted_by": {"title", "value"},
    "meta_adopted_by_on": {"title", "value", "date"},
    "meta_diary_number": {"title", "value"},
    "month_names": set(),
    "long_date": {"day", "month", "year", "iso"},
    "meta_responsible": {"title", "value"},
    "meta_kind": {"title", "value"},
    "meta_unknown": {"title"},
    "number_words": set(),
    "level_plural": set(),
    "fewest_words": set(),
    "name_sub_goal": {"id"},
    "name_focus_area": {"id"},
    "title": {"name", "title"},
    "parent": {"child", "parent"},
    "parent_none": {"child"},
    "neighbour_after": {"name", "other"},
    "neighbour_before": {"name", "other"},
    "titles_holding": {"word", "items"},
    "sub_goals_on": {"items"},
    "alone": {"body", "items"},
    "alone_none": {"body"},
    "count_of": {"name", "count", "ids"},
    "count_compare": {"first", "second", "verdict"},
    "count_equal": set(),
    "count_more": {"name"},
    "count_all_equal": {"items"},
    "count_all_unequal": {"items"},
    "count_item": {"name", "count"},
    "focus_most": {"count", "items"},
    "focus_fewest": {"count", "items"},
    "fewest": {"count", "items"},
    "abstain_specific": {"what", "label"},
    "abstain_specific_any": {"what"},
    "who_in_passage": {"bodies"},
    "abstain_only_listed": set(),
    "abstain_other_document": set(),
    "at_least": {"count", "items"},
    "at_least_none": {"count"},
    "least_busy": {"bodies", "count", "items"},
    "among_intro": {"items"},
    "among_in_focus": {"count", "focus", "items"},
    "among_in_focus_none": {"focus"},
    "owners_among_also": {"bodies", "kept", "name"},
    "owners_among_also_none": {"bodies", "name"},
    "owners_among_not": {"bodies", "kept", "name"},
    "owners_among_not_none": {"bodies", "name"},
    "same_owners": {"id", "owners", "items"},
    "same_owners_none": {"id", "owners"},
    "in_focus_areas": {"count", "items"},
    "points_to": {"item", "page", "where"},
}
# templates that speak of several items of a document ("har huvudansvar för 6 delmål")
_ITEM_LIST_KEYS = frozenset(
    {
        "reverse",
        "reverse_via",
        "reverse_match",
        "reverse_none",
        "busiest",
        "least_busy",
        "sub_goals_all",
    }
)
REQUIRED: dict[str, dict[str, set[str]]] = {
    "answer": _KEYS,
    "answer_en": _KEYS,
    "ask_cli": {
        "sources": set(),
        "source": {"n", "document", "section", "page", "quote"},
        "source_no_page": {"n", "document", "section", "quote"},
        "no_section": set(),
        "abstained": set(),
    },
}


class Renderer:
    """Templates for one answer language."""

    def __init__(
        self,
        messages: Messages,
        glossary: Glossary,
        language: str = "sv",
        document_kind: str | None = None,
        item_label: str | None = None,
    ) -> None:
        self.messages = messages
        self.glossary = glossary
        self.language = language
        self._table = "answer_en" if language == "en" else "answer"
        # lists of items speak of "delmål"; a document whose items are "Aktivitet 2.2" says
        # "aktiviteter" there (the plural from the templates' own table of level names)
        self._items_word: str | None = None
        if item_label and language == "sv" and item_label.lower() != "delmål":
            plurals = {
                k.strip().lower(): v.strip()
                for k, v in (
                    pair.split("=", 1)
                    for pair in messages.get(f"{self._table}.level_plural").split(";")
                    if "=" in pair
                )
            }
            self._items_word = plurals.get(item_label.lower())
        # the templates speak of "programmet"; another kind of document is named by its kind
        self._doc_words: list[tuple[str, str]] = []
        if document_kind:
            forms = {
                k.strip().lower(): v.strip()
                for k, v in (
                    pair.split("=", 1)
                    for pair in self.messages.get(f"{self._table}.kind_definite").split(";")
                    if "=" in pair
                )
            }
            kind = document_kind.strip().lower()
            if kind != "program":
                the = forms.get(kind, forms.get("*", "")).strip()
                if the:
                    base = self.messages.get(f"{self._table}.program_definite")
                    self._doc_words = [(base, the), (base.lower(), the.lower())]

    def t(self, key: str, **values: Any) -> str:
        template = self.messages.get(f"{self._table}.{key}")
        for word, repl in self._doc_words:
            template = template.replace(word, repl)
        if self._items_word and key in _ITEM_LIST_KEYS:
            template = template.replace(" delmål", " " + self._items_word)
        return template.format(**values)

    def join(self, items: Sequence[str], conj: str = "and") -> str:
        items = [i for i in items if i]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.t(conj)} " + items[-1]

    def body(self, key: str) -> str:
        """'Individ- och familjenämnden (IFN)', 'troligen Äldrenämnden (ÄN)', 'Ultra (...)'."""
        b: Body | None = self.glossary.get(key)
        if b is None:
            return self.t("owner_plain", abbreviation=key)
        if b.abbreviation is None:
            return b.expansion or key
        if not b.expansion:
            return self.t("owner_unverified", abbreviation=b.abbreviation)
        tpl = "owner_certain" if b.is_certain else "owner_likely"
        return self.t(tpl, expansion=b.expansion, abbreviation=b.abbreviation)

    def owner(self, owner: Owner) -> str:
        text = self.body(owner.abbreviation)
        if owner.via:
            via = [self.body(self.glossary.canonical(v)) for v in owner.via]
            text = self.t("owner_via", owner=text, via=self.join(via))
        return text

    def page(self, page: int | None) -> str:
        return self.t("page", page=page) if page else ""

    def pages(self, pages: Sequence[int]) -> str:
        ps = sorted(set(pages))
        if not ps:
            return ""
        return self.t("page", page=str(ps[0]) if len(ps) == 1 else f"{ps[0]}–{ps[-1]}")

    def quotes(self, runs: Sequence[Sequence[str]]) -> str:
        """Quoted text: sentences that follow each other in one quote, gaps marked between."""
        return self.t("gap").join(self.t("quote", text=" ".join(run)) for run in runs)

    def name(self, section: Section) -> str:
        """'Delmål 3.2', 'Åtgärd 3.2': what the document calls the section, and its number."""
        label = getattr(section, "label", "")
        if label and (self.language == "sv" or label.lower() not in ("delmål", "fokusområde")):
            return f"{label} {section.id}"
        key = "name_focus_area" if section.kind == "focus_area" else "name_sub_goal"
        return self.t(key, id=section.id)

    def responsibility(self, section: Section) -> str:
        """The responsibility line's own word ('Huvudansvar', 'Ansvarig', 'Samordningsansvar')."""
        word = getattr(section, "owners_label", "") or self.t("responsibility_default")
        return word[:1].upper() + word[1:]

    def label(self, section: Section | None, fallback: str = "") -> str:
        if section is None:
            return fallback
        label = getattr(section, "label", "")
        if label and section.kind != "other" and label.lower() not in ("delmål", "fokusområde"):
            return self.t("label_numbered", label=label, id=section.id, title=section.title)
        if section.kind == "sub_goal":
            return self.t("label_sub_goal", id=section.id, title=section.title)
        if section.kind == "focus_area":
            return self.t("label_focus_area", id=section.id, title=section.title)
        return self.t("label_other", id=section.id, title=section.title or section.id)
