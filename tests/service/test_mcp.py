"""`styrdok mcp` with the official `mcp` Python SDK client over stdio: the real command spawned
over a tmp data dir holding an ingested index of the corpus. Tools, their bilingual
descriptions, ask (follow-up, scope, abstention), search, the structure tools, resources."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from ingest.messages import Messages
from service.engine.models import Turn
from styrdok.engine import build_engine
from styrdok.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

PROGRAM = "program-social-hallbarhet-2024-2025"
Q31 = "Vilka har huvudansvar för 3.1?"
OWNERS_32 = ["IFN", "GVN", "PN", "KN", "FN", "FGN", "KS", "TN", "BN"]  # corpus text, 3.2
LINE_32 = "Huvudansvar: " + ", ".join(OWNERS_32)
UNANSWERABLE = "Vad kostar ett busskort?"
TOOLS = {"ask", "search", "documents", "sections", "owners"}


def run_session(settings: Settings, body: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    """Spawn `styrdok mcp` over the settings' data dir and run `body` on an initialised session."""
    command = Path(sys.executable).parent / "styrdok"
    params = StdioServerParameters(
        command=str(command),
        args=["mcp"],
        env={
            "STYRDOK_DATA_DIR": str(settings.resolved_data_dir()),
            "STYRDOK_CORPUS_DIR": str(settings.corpus_dir),
            "PYTHONPATH": str(PROJECT_ROOT),  # the checkout under test, whatever is installed
        },
        cwd=str(PROJECT_ROOT),
    )

    async def main() -> Any:
        with tempfile.TemporaryFile("w+") as errlog:
            async with (
                stdio_client(params, errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                return await body(session)

    # in a thread of its own: a test run may already hold an event loop in this one (Playwright's
    # sync API in the browser tests keeps one running for the session)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, main).result()


@pytest.fixture(scope="module")
def msgs() -> Messages:
    return Messages.load(PROJECT_ROOT / "prompts")


def test_the_tools_are_listed_with_swedish_and_english_descriptions(
    corpus_settings: Settings, msgs: Messages
) -> None:
    async def body(s: ClientSession) -> Any:
        return (await s.list_tools()).tools

    tools = {t.name: t for t in run_session(corpus_settings, body)}
    assert set(tools) == TOOLS
    for name, tool in tools.items():
        assert tool.description == msgs.get(f"adapters.mcp.tools.{name}")
    assert "fråga" in (tools["ask"].description or "").lower()
    assert "question" in (tools["ask"].description or "").lower()
    ask = tools["ask"].input_schema
    assert ask["required"] == ["question"] and set(ask["properties"]) == {
        "question",
        "history",
        "document",
    }
    assert set(tools["search"].input_schema["properties"]) == {"query", "document", "k"}
    assert tools["owners"].input_schema["required"] == ["section"]


def test_ask_answers_the_follow_up_on_32_with_its_citation(corpus_settings: Settings) -> None:
    history = [{"role": "user", "content": Q31}]

    async def body(s: ClientSession) -> Any:
        plain = await s.call_tool("ask", {"question": "Och 3.2?", "history": history})
        scoped = await s.call_tool(
            "ask", {"question": "Och 3.2?", "history": history, "document": PROGRAM}
        )
        wrong = await s.call_tool("ask", {"question": "Och 3.2?", "document": "finns-inte"})
        return plain, scoped, wrong

    plain, scoped, wrong = run_session(corpus_settings, body)
    for r in (plain, scoped):
        assert not r.is_error
        data = r.structured_content
        assert data["abstained"] is False and data["mode"] == "structured"
        assert data["owners"] == OWNERS_32
        assert [(c["document"], c["section"], c["quote"]) for c in data["citations"]] == [
            (PROGRAM, "3.2", LINE_32)
        ]
        text = r.content[0].text
        assert text == data["text"] and text.startswith(data["answer"])
        assert f"”{LINE_32}”" in text and f"/view/{PROGRAM}/3.2?" in text
    assert scoped.structured_content["scope"] in ([], [PROGRAM])
    # exactly what answer() says, nothing added beyond the sources
    expected = build_engine(corpus_settings).answer("Och 3.2?", [Turn("user", Q31)])
    assert plain.structured_content["answer"] == expected.text
    assert wrong.is_error and "finns-inte" in wrong.content[0].text


def test_ask_abstains_on_what_the_documents_do_not_say(corpus_settings: Settings) -> None:
    async def body(s: ClientSession) -> Any:
        return await s.call_tool("ask", {"question": UNANSWERABLE})

    r = run_session(corpus_settings, body)
    expected = build_engine(corpus_settings).answer(UNANSWERABLE)
    assert expected.abstained
    data = r.structured_content
    assert data["abstained"] is True and data["mode"] == "abstain" and data["citations"] == []
    assert r.content[0].text == expected.text


def test_search_structure_tools_and_resources(corpus_settings: Settings) -> None:
    async def body(s: ClientSession) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["search"] = await s.call_tool("search", {"query": "barnfattigdom", "k": 3})
        out["documents"] = await s.call_tool("documents", {})
        out["sections"] = await s.call_tool("sections", {"document": PROGRAM})
        out["owners"] = await s.call_tool("owners", {"section": "3.2"})
        out["no_section"] = await s.call_tool("owners", {"section": "6.1"})
        listed = await s.list_resources()
        out["resources"] = listed.resources
        out["tree"] = await s.read_resource(listed.resources[0].uri)
        return out

    out = run_session(corpus_settings, body)
    snapshot = build_engine(corpus_settings).snapshot

    passages = out["search"].structured_content["result"]
    assert 1 <= len(passages) <= 3
    assert any(p["section"] == "3.2" for p in passages)
    for p in passages:
        chunk = next(
            c for c in snapshot.chunks if c.document == p["document"] and c.text == p["text"]
        )
        assert p["page"] == min(s.page for s in chunk.spans)  # verbatim, with its page

    docs = out["documents"].structured_content["result"]
    assert [d["id"] for d in docs] == list(snapshot.documents)

    sections = out["sections"].structured_content["result"]
    program = snapshot.programs[PROGRAM]
    assert [s["id"] for s in sections] == [s.id for s in program.sections]

    owners = out["owners"].structured_content["result"]
    assert [(o["document"], o["section"]) for o in owners] == [(PROGRAM, "3.2")]
    assert [x["abbreviation"] for x in owners[0]["owners"]] == OWNERS_32
    assert owners[0]["citation"]["quote"] == LINE_32
    assert out["no_section"].is_error and "6.1" in out["no_section"].content[0].text

    uris = [str(r.uri) for r in out["resources"]]
    assert uris == [f"styrdok://documents/{d}/sections" for d in snapshot.programs]
    tree = json.loads(out["tree"].contents[0].text)
    focus3 = next(n for n in tree if n["id"] == "3")
    assert [c["id"] for c in focus3["children"]] == ["3.1", "3.2", "3.3"]
