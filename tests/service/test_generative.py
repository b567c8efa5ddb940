"""Generative mode: a langchain fake chat model and a small OpenAI-compatible server on loopback
stand in for the external LLM. Citations are validated; every failure falls back to extractive."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ingest.index import Snapshot
from service.engine.answer import AnswerEngine
from service.engine.llm import LazyChatModel, make_chat_model
from styrdok.engine import build_chat_model, build_engine
from styrdok.settings import Settings

pytestmark = pytest.mark.integration

QUESTION = "Vad gör kommunen mot hemlöshet?"
# a phrase of the program's sentence on homelessness, with its line break turned into a space
TRUE_QUOTE = "kan det behövas särskilda åtgärder riktade mot de mest utsatta i samhället"


def reply(answer: str, citations: list[dict[str, Any]], abstain: bool = False) -> str:
    return json.dumps(
        {"answer": answer, "abstain": abstain, "citations": citations}, ensure_ascii=False
    )


class Fake:
    """A langchain fake chat model that also records what it was asked."""

    def __init__(self, *replies: str, fail: bool = False) -> None:
        from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
        from langchain_core.messages import AIMessage

        self.model = GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))
        self.fail = fail
        self.calls: list[list[Any]] = []

    def invoke(self, messages: list[Any]) -> Any:
        self.calls.append(messages)
        if self.fail:
            raise RuntimeError("endpoint down")
        return self.model.invoke(messages)


@pytest.fixture(scope="module")
def plain(corpus_settings: Settings) -> AnswerEngine:
    return build_engine(corpus_settings)


def with_model(settings: Settings, model: Any) -> AnswerEngine:
    return build_engine(settings, chat_model=model)


def test_a_valid_citation_is_kept_and_invalid_ones_dropped(
    corpus_settings: Settings, corpus_snapshot: Snapshot
) -> None:
    cites = [{"source": n, "quote": TRUE_QUOTE} for n in range(1, 5)]
    cites += [
        {"source": 9, "quote": TRUE_QUOTE},  # no such source
        {"source": 1, "quote": "Kommunen bygger 5 000 nya bostäder."},  # not in the text
        {"source": "1", "quote": TRUE_QUOTE},  # not a number
    ]
    fake = Fake(reply("Kommunen kan behöva särskilda åtgärder för de mest utsatta [1].", cites))
    a = with_model(corpus_settings, fake).answer(QUESTION)
    assert a.mode == "generative" and not a.abstained
    assert a.text == "Kommunen kan behöva särskilda åtgärder för de mest utsatta [1]."
    assert len(a.citations) == 1
    c = a.citations[0]
    page = corpus_snapshot.page_text(c.document, c.page or 0)
    assert c.quote in page and " ".join(c.quote.split()) == TRUE_QUOTE
    program = corpus_snapshot.programs[c.document]
    section = program.section(c.section or "")
    assert section is not None and TRUE_QUOTE in " ".join(section.body.split())
    # the model saw numbered, fenced context and the question
    system, user = (m.content for m in fake.calls[0])
    assert "[1]" in user and "```" in user and QUESTION in user
    assert system.strip()


@pytest.mark.parametrize(
    "fake",
    [
        Fake(
            reply("Påhittat svar.", [{"source": 1, "quote": "Detta står inte i programmet alls."}])
        ),
        Fake(reply("Svar utan källor.", [])),
        Fake("Det här är inte JSON."),
        Fake(reply("", [], abstain=True)),
        Fake(fail=True),
    ],
    ids=["invalid-quote", "no-citations", "not-json", "model-abstains", "error"],
)
def test_any_unusable_reply_falls_back_to_the_extractive_answer(
    corpus_settings: Settings, plain: AnswerEngine, fake: Fake
) -> None:
    expected = plain.answer(QUESTION)
    a = with_model(corpus_settings, fake).answer(QUESTION)
    assert fake.calls, "the model was asked"
    assert a.mode == "extractive" and a.text == expected.text and a.citations == expected.citations


def test_structured_questions_and_abstentions_never_reach_the_model(
    corpus_settings: Settings,
) -> None:
    fake = Fake(reply("KS har allt ansvar.", [{"source": 1, "quote": TRUE_QUOTE}]))
    engine = with_model(corpus_settings, fake)
    assert engine.answer("Vilka har huvudansvar för 3.2?").mode == "structured"
    assert engine.answer("Vilka delmål har KS huvudansvar för?").mode == "structured"
    assert engine.answer("Vad kostar ett busskort?").abstained
    assert fake.calls == []


# --- a small OpenAI-compatible server on loopback ------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        self.server.requests.append({"path": self.path, "body": body})
        mode = self.server.mode
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "boom"}}')
            return
        if mode == "slow":
            time.sleep(3)
        content = self.server.content
        payload = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    mode = "ok"
    content = ""
    requests: list[dict[str, Any]]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # the timeout test hangs up before the slow reply is written: that is expected
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@pytest.fixture
def llm_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def llm_settings(corpus_settings: Settings, server: _Server, timeout: float = 10.0) -> Settings:
    host, port = str(server.server_address[0]), int(server.server_address[1])
    return corpus_settings.model_copy(
        update={
            "llm": "openai:test-model",
            "llm_base_url": f"http://{host}:{port}/v1",
            "llm_api_key": "test-key",
            "llm_timeout_s": timeout,
        }
    )


def test_openai_compatible_endpoint_on_loopback(
    corpus_settings: Settings, corpus_snapshot: Snapshot, llm_server: _Server
) -> None:
    llm_server.content = reply(
        "Särskilda åtgärder för de mest utsatta [1].",
        [{"source": n, "quote": TRUE_QUOTE} for n in range(1, 5)]
        + [{"source": 2, "quote": "Påhittat citat här."}],
    )
    settings = llm_settings(corpus_settings, llm_server)
    assert isinstance(build_chat_model(settings), LazyChatModel)
    engine = build_engine(settings)
    assert llm_server.requests == []  # the model is built lazily, on first use
    a = engine.answer(QUESTION)
    assert a.mode == "generative" and len(a.citations) == 1
    assert a.citations[0].quote in corpus_snapshot.page_text(
        a.citations[0].document, a.citations[0].page or 0
    )
    req = llm_server.requests[0]
    assert req["path"].endswith("/chat/completions") and req["body"]["model"] == "test-model"
    roles = [m["role"] for m in req["body"]["messages"]]
    assert roles == ["system", "user"]


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_endpoint_errors_and_timeouts_fall_back(
    corpus_settings: Settings, plain: AnswerEngine, llm_server: _Server, mode: str
) -> None:
    llm_server.mode = mode
    llm_server.content = reply("Svar.", [{"source": 1, "quote": TRUE_QUOTE}])
    engine = build_engine(llm_settings(corpus_settings, llm_server, timeout=1.0))
    a = engine.answer(QUESTION)
    assert llm_server.requests, "the endpoint was asked"
    assert a.mode == "extractive" and a.text == plain.answer(QUESTION).text


def test_chat_model_names() -> None:
    from langchain_openai import ChatOpenAI

    model = make_chat_model("openai:m", "http://127.0.0.1:9/v1", "k", 1.0)
    assert isinstance(model, ChatOpenAI) and model.model_name == "m"
    with pytest.raises(ValueError):
        make_chat_model("openai")
    with pytest.raises(ValueError):
        make_chat_model("nope:m")
