"""`styrdok mcp`: the answer engine as an MCP server (stdio), built with the official `mcp` SDK.

Tools (descriptions in Swedish and English, prompts/adapters.toml [adapters.mcp]):
- ask(question, history?, document?) -> exactly what answer() returns, written with numbered
  sources (service/web/chat_sources.py), and the structured answer with its citations;
- search(query, document?, k?) -> passages verbatim from the index, with document/section/page;
- documents(), sections(document?), owners(section, document?) -> the parsed structure;
resources: one per document, its section tree as JSON (styrdok://documents/<id>/sections).

Thin adapters only: no text is made here beyond what the engine and the parsed documents hold.
Source links point at the chat service `styrdok serve` (http://STYRDOK_HOST:STYRDOK_PORT).
The engine is rebuilt when the index switches version, like the HTTP app's.
"""

# no `from __future__ import annotations`: the SDK reads the tools' annotations at run time,
# and their descriptions are built here from prompts/adapters.toml
import json
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import FunctionResource
from mcp_types import CallToolResult, TextContent
from pydantic import BaseModel, Field

from ingest.index import Snapshot
from ingest.messages import Messages
from service.engine.answer import AnswerEngine
from service.engine.errors import error_text
from service.engine.models import QuestionError, Turn
from service.web import program_view
from service.web.chat_sources import REQUIRED as SOURCES_REQUIRED
from service.web.chat_sources import answer_extra, chat_text, document_titles
from service.web.engine_holder import EngineHolder
from service.web.ui_text import load_messages
from styrdok.engine import build_engine
from styrdok.settings import Settings
from styrdok.wiring import data_dir

MAX_K = 20
MAX_HISTORY = 20
TOOLS = ("ask", "search", "documents", "sections", "owners")
REQUIRED: dict[str, dict[str, set[str]]] = {
    **SOURCES_REQUIRED,
    "adapters.mcp": {
        "instructions": set(),
        "unknown_document": {"document", "documents"},
        "unknown_section": {"section", "document"},
    },
    "adapters.mcp.tools": {name: set() for name in TOOLS},
    "adapters.mcp.args": {
        name: set() for name in ("question", "history", "document", "query", "k", "section")
    },
    "adapters.mcp.resources": {"sections_title": {"title"}, "sections_description": {"title"}},
}


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class AskResult(BaseModel):
    text: str = Field(description="the answer with its numbered sources (Markdown)")
    answer: str
    abstained: bool
    mode: str
    citations: list[dict[str, Any]]
    owners: list[str] | None
    owners_by_document: dict[str, list[str]] | None
    sections: list[str]
    suggestions: list[str]
    scope: list[str]
    language: str


class Passage(BaseModel):
    document: str
    document_title: str
    section: str | None
    title_path: str
    page: int | None
    pages: list[int]
    text: str = Field(description="verbatim from the document")
    score: float


def section_tree(snapshot: Snapshot, document: str, msgs: Messages) -> list[dict[str, Any]]:
    """The document's sections nested under their parents (focus area › sub-goal)."""
    program = snapshot.programs.get(document)
    if program is None:
        return []
    lookup = program_view.glossary_lookup(snapshot.glossary)
    nodes = {
        s.id: {**program_view.section_summary(s, lookup, msgs), "children": []}
        for s in program.sections
    }
    roots: list[dict[str, Any]] = []
    for s in program.sections:
        parent = nodes.get(s.parent) if s.parent else None
        (parent["children"] if parent is not None else roots).append(nodes[s.id])
    return roots


class StyrdokMCP:
    """The tools over one engine holder; `server` is the MCPServer that serves them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.msgs = load_messages(settings.prompts_dir)
        self.msgs.validate(REQUIRED)
        self.engines = EngineHolder(lambda: build_engine(settings), data_dir(settings))
        self.base_url = f"http://{settings.host}:{settings.port}"
        self.server = self._build(self.engines.get())

    # --- helpers --------------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        return self.engines.get().snapshot

    def _document(self, document: str | None) -> str | None:
        if not document:
            return None
        docs = self._snapshot().documents
        if document not in docs:
            raise ToolError(
                self.msgs.render(
                    "adapters.mcp.unknown_document", document=document, documents=", ".join(docs)
                )
            )
        return document

    # --- tools ----------------------------------------------------------------------------------
    def ask(
        self, question: str, history: list[HistoryTurn] | None = None, document: str | None = None
    ) -> CallToolResult:
        doc = self._document(document)
        engine: AnswerEngine = self.engines.get()
        turns = [Turn(t.role, t.content) for t in (history or [])][-MAX_HISTORY:]
        try:
            answer = engine.answer(question, turns, scope=[doc] if doc else None)
        except QuestionError as exc:
            raise ToolError(error_text(self.msgs, exc)) from exc
        titles = document_titles(engine.snapshot.documents)
        text = chat_text(answer, self.msgs, self.base_url, titles)
        result = AskResult(text=text, **answer_extra(answer, self.base_url, titles))
        return CallToolResult(
            content=[TextContent(type="text", text=text)],
            structured_content=result.model_dump(mode="json"),
        )

    def search(self, query: str, document: str | None = None, k: int = 5) -> list[Passage]:
        doc = self._document(document)
        engine: AnswerEngine = self.engines.get()
        chunks = engine.snapshot.chunks
        titles = document_titles(engine.snapshot.documents)
        hits = engine.corpus.search.hybrid(
            query,
            k=max(1, min(MAX_K, k)),
            allowed=(lambda i: chunks[i].document == doc) if doc else None,
        )
        out = []
        for h in hits:
            c = chunks[h.chunk]
            pages = sorted({s.page for s in c.spans})
            out.append(
                Passage(
                    document=c.document,
                    document_title=titles.get(c.document, c.document),
                    section=c.section,
                    title_path=c.title_path,
                    page=pages[0] if pages else None,
                    pages=pages,
                    text=c.text,
                    score=round(h.score, 6),
                )
            )
        return out

    def documents(self) -> list[dict[str, Any]]:
        snapshot = self._snapshot()
        return [
            {
                "id": d.id,
                "title": d.title,
                "kind": d.kind,
                "pages": len(d.pages),
                "is_program": d.is_program,
                "period": p.period if (p := snapshot.programs.get(d.id)) else None,
                "meta": d.meta,
            }
            for d in snapshot.documents.values()
        ]

    def sections(self, document: str | None = None) -> list[dict[str, Any]]:
        doc = self._document(document)
        snapshot = self._snapshot()
        lookup = program_view.glossary_lookup(snapshot.glossary)
        return [
            program_view.section_summary(s, lookup, self.msgs)
            for p in snapshot.programs.values()
            if doc is None or p.document == doc
            for s in p.sections
        ]

    def owners(self, section: str, document: str | None = None) -> list[dict[str, Any]]:
        """Per document that has the section (never merged), its owners and the line cited."""
        doc = self._document(document)
        snapshot = self._snapshot()
        lookup = program_view.glossary_lookup(snapshot.glossary)
        titles = document_titles(snapshot.documents)
        out = []
        for p in snapshot.programs.values():
            s = p.section(section) if doc is None or p.document == doc else None
            if s is None:
                continue
            span = s.owners_span
            quote = (
                snapshot.page_text(s.document, span.page)[span.start : span.end] if span else None
            )
            out.append(
                {
                    "document": s.document,
                    "document_title": titles.get(s.document, s.document),
                    "section": s.id,
                    "title": s.title,
                    "owners": [program_view.owner_json(o, lookup, self.msgs) for o in s.owners],
                    "citation": {"page": span.page, "quote": quote} if span else None,
                }
            )
        if not out:
            raise ToolError(
                self.msgs.render(
                    "adapters.mcp.unknown_section",
                    section=section,
                    document=doc or ", ".join(snapshot.programs),
                )
            )
        return out

    # --- the server -----------------------------------------------------------------------------
    def _build(self, engine: AnswerEngine) -> MCPServer:
        m = self.msgs
        arg = {k: m.get(f"adapters.mcp.args.{k}") for k in REQUIRED["adapters.mcp.args"]}
        server: MCPServer = MCPServer("styrdok", instructions=m.get("adapters.mcp.instructions"))

        def ask(
            question: Annotated[str, Field(description=arg["question"])],
            history: Annotated[list[HistoryTurn] | None, Field(description=arg["history"])] = None,
            document: Annotated[str | None, Field(description=arg["document"])] = None,
        ) -> AskResult:
            return self.ask(question, history, document)  # type: ignore[return-value]

        def search(
            query: Annotated[str, Field(description=arg["query"])],
            document: Annotated[str | None, Field(description=arg["document"])] = None,
            k: Annotated[int, Field(description=arg["k"], ge=1, le=MAX_K)] = 5,
        ) -> list[Passage]:
            return self.search(query, document, k)

        def documents() -> list[dict[str, Any]]:
            return self.documents()

        def sections(
            document: Annotated[str | None, Field(description=arg["document"])] = None,
        ) -> list[dict[str, Any]]:
            return self.sections(document)

        def owners(
            section: Annotated[str, Field(description=arg["section"])],
            document: Annotated[str | None, Field(description=arg["document"])] = None,
        ) -> list[dict[str, Any]]:
            return self.owners(section, document)

        for fn in (ask, search, documents, sections, owners):
            server.add_tool(fn, description=m.get(f"adapters.mcp.tools.{fn.__name__}"))

        titles = document_titles(engine.snapshot.documents)
        for doc_id in engine.snapshot.programs:

            def tree(doc_id: str = doc_id) -> str:
                return json.dumps(
                    section_tree(self._snapshot(), doc_id, m), ensure_ascii=False, indent=1
                )

            title = titles.get(doc_id, doc_id)
            server.add_resource(
                FunctionResource.from_function(
                    fn=tree,
                    uri=f"styrdok://documents/{doc_id}/sections",
                    name=f"{doc_id}-sections",
                    title=m.render("adapters.mcp.resources.sections_title", title=title),
                    description=m.render(
                        "adapters.mcp.resources.sections_description", title=title
                    ),
                    mime_type="application/json",
                )
            )
        return server


def run_mcp(settings: Settings) -> int:
    """Serve over stdio until the client closes the connection."""
    StyrdokMCP(settings).server.run("stdio")
    return 0
