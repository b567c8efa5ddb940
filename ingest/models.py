"""Plain data shared by ingestion and the service. No I/O here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SectionKind = Literal["focus_area", "sub_goal", "other"]


@dataclass(frozen=True)
class Page:
    """One page of a document: 1-based page number and its text."""

    number: int
    text: str


@dataclass
class LoadedDocument:
    doc_id: str
    path: str
    title: str
    kind: str
    pages: list[Page]
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A character range [start, end) inside one page's text."""

    page: int
    start: int
    end: int


@dataclass
class Owner:
    """One body in a *Huvudansvar* list: canonical abbreviation, as written, and companies named."""

    abbreviation: str
    written: str
    via: list[str] = field(default_factory=list)


@dataclass
class Section:
    id: str  # "3", "3.2" or a slug such as "uppfoljning"
    title: str
    kind: SectionKind
    document: str
    parent: str | None = None
    pages: list[int] = field(default_factory=list)
    heading_span: Span | None = None
    body_spans: list[Span] = field(default_factory=list)
    body: str = ""
    owners: list[Owner] = field(default_factory=list)
    owners_span: Span | None = None
    # named groups of list items inside the section (e.g. related documents per focus area)
    groups: dict[str, list[str]] = field(default_factory=dict)
    group_spans: dict[str, list[Span]] = field(default_factory=dict)
    # the general heading tree: depth (1 = top), what the document calls this level ("Åtgärd"),
    # the number as written ("3.2", None when unnumbered), the responsibility line's label
    level: int = 1
    label: str = ""
    number: str | None = None
    owners_label: str = ""
    # related-document list items matched to corpus documents: {text, document|None, score}
    links: list[dict[str, Any]] = field(default_factory=list)

    @property
    def owner_abbreviations(self) -> list[str]:
        return [o.abbreviation for o in self.owners]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Section:
        d = dict(d)
        d["heading_span"] = Span(**d["heading_span"]) if d.get("heading_span") else None
        d["owners_span"] = Span(**d["owners_span"]) if d.get("owners_span") else None
        d["body_spans"] = [Span(**s) for s in d.get("body_spans", [])]
        d["owners"] = [Owner(**o) for o in d.get("owners", [])]
        d["group_spans"] = {k: [Span(**s) for s in v] for k, v in d.get("group_spans", {}).items()}
        return Section(**d)


@dataclass
class Footnote:
    number: str
    text: str
    page: int
    span: Span
    section: str | None = None


@dataclass
class Program:
    """The parsed structure of one program document."""

    document: str
    title: str
    period: str | None  # e.g. "2024–2025" as written in the text
    sections: list[Section]
    footnotes: list[Footnote] = field(default_factory=list)
    # names of the numbered levels, top first (["Fokusområde", "Delmål"], ["Mål", "Åtgärd"])
    levels: list[str] = field(default_factory=list)
    # what the parser could not reconcile: {"code": ..., values} (wording in prompts/)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    @property
    def focus_areas(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "focus_area"]

    @property
    def sub_goals(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "sub_goal"]

    def children(self, section_id: str) -> list[Section]:
        return [s for s in self.sections if s.parent == section_id]

    def sub_goals_of(self, section_id: str) -> list[Section]:
        """The sub-goals directly under a section (a focus area's), in order."""
        return [s for s in self.children(section_id) if s.kind == "sub_goal"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "period": self.period,
            "sections": [s.to_dict() for s in self.sections],
            "footnotes": [asdict(f) for f in self.footnotes],
            "levels": list(self.levels),
            "warnings": list(self.warnings),
        }

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Program:
        fns = []
        for f in d.get("footnotes", []):
            f = dict(f)
            f["span"] = Span(**f["span"])
            fns.append(Footnote(**f))
        return Program(
            document=d["document"],
            title=d["title"],
            period=d.get("period"),
            sections=[Section.from_dict(s) for s in d["sections"]],
            footnotes=fns,
            levels=list(d.get("levels", [])),
            warnings=list(d.get("warnings", [])),
        )

    def level_name(self, section: Section) -> str:
        """'Åtgärd', 'Delmål', 'Bilaga' …: what this document calls the section's kind."""
        if section.label:
            return section.label
        if section.number and 0 < section.level <= len(self.levels):
            return self.levels[section.level - 1]
        return ""


@dataclass
class Chunk:
    id: str  # "<doc>#<section>#<n>"
    document: str
    section: str | None
    title_path: str  # "Fokusområde 3 › 3.2 Motverka barnfattigdom"
    text: str  # the chunk's own text, verbatim from the pages (joined with "\n" across pages)
    spans: list[Span]  # where the text lies in the pages, in order
    kind: str = "section"

    @property
    def pages(self) -> list[int]:
        return sorted({s.page for s in self.spans})

    def embed_text(self) -> str:
        """What is embedded and lexically indexed: the title path, then the text."""
        return f"{self.title_path}\n{self.text}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pages"] = self.pages
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Chunk:
        d = {k: v for k, v in d.items() if k != "pages"}
        d["spans"] = [Span(**s) for s in d["spans"]]
        return Chunk(**d)
