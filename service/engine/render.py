"""Answer wording: the templates of prompts/answers.toml, in the answer's language.

Swedish is the product language. An English question gets the [answer_en] templates; names,
titles and quotes from the program stay in Swedish, verbatim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ingest.messages import Messages
from ingest.models import Owner, Section
from ingest.text import fold

from .glossary import Body, Glossary
from .render_keys import ITEM_LIST_KEYS


class Renderer:
    """Templates for one answer language."""

    def __init__(
        self,
        messages: Messages,
        glossary: Glossary,
        language: str = "sv",
        document_kind: str | None = None,
        item_label: str | None = None,
        top_label: str | None = None,
        owners_word: str | None = None,
    ) -> None:
        self.messages = messages
        self.glossary = glossary
        self.language = language
        self._table = "answer_en" if language == "en" else "answer"
        # lists of items speak of "delmål"; a document whose items are "Aktivitet 2.2" says
        # "aktiviteter" there (the plural from the templates' own table of level names)
        self._items_word: str | None = None
        self._item_word: str | None = None  # the singular, for a list of one ("1 aktivitet")
        if item_label and language == "sv" and item_label.lower() != "delmål":
            self._items_word = self._plurals().get(item_label.lower())
            self._item_word = item_label.lower() if self._items_word else None
        # a document whose responsibility lines say "Ansvarig:" or "Samordningsansvar:" is not
        # said to give "huvudansvar" (the phrase from the templates' own table)
        self._resp: list[tuple[str, str]] = []
        default = fold(self.messages.get(f"{self._table}.responsibility_default"))
        if owners_word and fold(owners_word) != default:
            for key, pad in (("responsibility_phrase", ""), ("responsibility_noun", " ")):
                table = {fold(k): v for k, v in self._pairs(key).items()}
                base, mine = table.get(default), table.get(fold(owners_word), table.get("*"))
                if base and mine:
                    self._resp.append((pad + base, pad + mine))
        # and a document whose top level is "Strategiskt mål" says so where the templates say
        # "fokusområde" (word forms from the same table)
        self._top_words: list[tuple[str, str]] = []
        if top_label and language == "sv" and top_label.lower() != "fokusområde":
            plural = self._plurals().get(top_label.lower())
            if plural:
                low = top_label.lower()
                self._top_words = [
                    (" fokusområden", " " + plural),
                    ("Fokusområde ", top_label[:1].upper() + top_label[1:] + " "),
                    (" fokusområde ", " " + low + " "),
                ]
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

    def level_plural(self, level: str) -> str:
        """'Åtgärd' -> 'åtgärder' (the level name itself where the table has no plural)."""
        return self._plurals().get(level.strip().lower(), level)

    def _plurals(self) -> dict[str, str]:
        """The plural of each level name (prompts/answers.toml level_plural)."""
        return {k.lower(): v for k, v in self._pairs("level_plural").items()}

    def _pairs(self, key: str) -> dict[str, str]:
        """A 'a=b; c=d' template as a table (keys folded only by strip; callers fold)."""
        return {
            k.strip(): v.strip()
            for k, v in (
                pair.split("=", 1)
                for pair in self.messages.get(f"{self._table}.{key}").split(";")
                if "=" in pair
            )
        }

    def t(self, key: str, **values: Any) -> str:
        template = self.messages.get(f"{self._table}.{key}")
        for word, repl in self._doc_words + self._top_words:
            template = template.replace(word, repl)
        if self._items_word and key in ITEM_LIST_KEYS:
            word = self._items_word
            if values.get("count") == 1 and self._item_word:
                word = self._item_word
            template = template.replace(" delmål", " " + word)
        for word, repl in self._resp:
            template = template.replace(word, repl)
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


def owners_word(program: Any) -> str | None:
    """The responsibility word most of a document's lines use ('Huvudansvar', 'Ansvarig')."""
    words = Counter(s.owners_label for s in getattr(program, "sections", []) if s.owners_label)
    return words.most_common(1)[0][0] if words else None
