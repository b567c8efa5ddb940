"""The Answer contract shared by the CLI, the HTTP API, the widget and the evals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["structured", "extractive", "generative", "abstain"]


@dataclass(frozen=True)
class Citation:
    document: str
    section: str | None
    page: int | None
    quote: str  # verbatim from the cited page's text
    document_title: str | None = None  # the document's title, for people reading the citation
    section_label: str | None = (
        None  # how the document names the section: "Delmål 3.2", "Åtgärd 2.1"
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "section": self.section,
            "page": self.page,
            "quote": self.quote,
            "document_title": self.document_title,
            "section_label": self.section_label,
        }


@dataclass(frozen=True)
class Turn:
    """One earlier message in the conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    abstained: bool
    mode: Mode
    confidence: float = 0.0
    # structured facts behind the text, for evaluation and the UI (not part of the CLI JSON)
    owners: list[str] | None = None  # canonical abbreviations when the question is about owners
    sections: list[str] = field(default_factory=list)  # section ids the answer lists/uses
    suggestions: list[str] = field(default_factory=list)  # nearest sections when abstaining
    language: str = "sv"
    # the documents the question was answered over (its scope), and what was computed
    scope: list[str] = field(default_factory=list)
    operation: str | None = None
    # per-document owners when one answer covers several documents (never merged into one list)
    owners_by_document: dict[str, list[str]] | None = None

    def to_json(self) -> dict[str, Any]:
        """Exactly the public contract of `styrdok ask --json`."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
        }


class QuestionError(ValueError):
    """The question itself is unusable (empty, too long). `code` selects errors.<code>."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)
