"""Optional generative mode: a langchain chat model writes the answer from numbered, fenced
context, and every citation it gives is checked against the index before it is shown.

- The context is the retrieved chunks, each numbered and fenced; text in them that reads like an
  instruction to the model ("ignorera tidigare instruktioner ...") is left out.
- The model must answer with JSON: {"answer": str, "abstain": bool,
  "citations": [{"source": n, "quote": str}]}.
- A citation is kept only if source n exists and its quote occurs verbatim (up to whitespace) in
  chunk n; it is then cited with the exact page text. No valid citation -> no generative answer.
- Any error, timeout or unusable reply returns None, and the engine answers extractively.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.models import Chunk, Span

from .models import Citation

SYSTEM_FILE = "system.md"
USER_FILE = "generative.md"
_USER_FIELDS = {"question", "context", "language"}
_SYSTEM_FIELDS = {"language"}

# text that addresses the model instead of the reader
_INSTRUCTION_RE = re.compile(
    r"ignorera\s+(?:alla\s+|de\s+)?(?:tidigare|föregående|ovanstående)|"
    r"strunta\s+i\s+(?:alla\s+|de\s+)?(?:tidigare|föregående)|"
    r"glöm\s+(?:alla\s+|dina\s+)?(?:tidigare\s+)?instruktioner|"
    r"ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier)|"
    r"disregard\s+(?:all\s+|any\s+)?(?:previous|prior|above)|"
    r"\bsystem\s?prompt|\bdu\s+är\s+nu\b|\byou\s+are\s+now\b|"
    r"\b(?:svara|answer|respond)\s+(?:alltid\s+|always\s+|only\s+|bara\s+)?(?:att|that|with)\b",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION_RE.search(text))


@dataclass(frozen=True)
class Prompts:
    system: string.Template
    user: string.Template

    def render(self, question: str, context: str, language: str) -> tuple[str, str]:
        values = {"question": question, "context": context, "language": language}
        return self.system.safe_substitute(values), self.user.safe_substitute(values)


def load_prompts(prompts_dir: Path) -> Prompts:
    """Read and check prompts/system.md and prompts/generative.md ($placeholders)."""
    system = string.Template((prompts_dir / SYSTEM_FILE).read_text(encoding="utf-8"))
    user = string.Template((prompts_dir / USER_FILE).read_text(encoding="utf-8"))
    for tpl, name, allowed, needed in (
        (system, SYSTEM_FILE, _SYSTEM_FIELDS, set()),
        (user, USER_FILE, _USER_FIELDS, {"question", "context"}),
    ):
        if not tpl.is_valid():
            raise ValueError(f"{prompts_dir / name}: invalid $placeholder")
        used = set(tpl.get_identifiers())
        if not used <= allowed:
            raise ValueError(f"{prompts_dir / name}: unknown placeholders {sorted(used - allowed)}")
        if not needed <= used:
            raise ValueError(f"{prompts_dir / name}: missing placeholders {sorted(needed - used)}")
    return Prompts(system, user)


def make_chat_model(
    spec: str, base_url: str | None = None, api_key: str | None = None, timeout: float = 20.0
) -> Any:
    """'openai:<model>' (any OpenAI-compatible endpoint) or 'ollama:<model>'."""
    provider, _, model = spec.partition(":")
    if not model:
        raise ValueError(f"STYRDOK_LLM must be 'openai:<model>' or 'ollama:<model>', not {spec!r}")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=api_key or "unused",  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,
            temperature=0,
        )
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama

            return ChatOllama(model=model, base_url=base_url, temperature=0)
        except ImportError:
            # Ollama also speaks the OpenAI protocol under /v1
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=model,
                base_url=base_url or "http://127.0.0.1:11434/v1",
                api_key=api_key or "ollama",  # type: ignore[arg-type]
                timeout=timeout,
                max_retries=0,
                temperature=0,
            )
    raise ValueError(f"unknown LLM provider {provider!r}: use 'openai' or 'ollama'")


class LazyChatModel:
    """Builds the chat model on first use, so starting the service never needs the endpoint."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._model: Any = None

    def invoke(self, messages: Any) -> Any:
        if self._model is None:
            self._model = self._factory()
        return self._model.invoke(messages)


@dataclass
class Source:
    n: int
    chunk: Chunk
    label: str
    pages: str
    text: str  # what the model sees (instruction-like sentences removed)


@dataclass
class Generated:
    text: str
    citations: list[Citation]
    abstained: bool


def fence_for(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def build_context(sources: Sequence[Source]) -> str:
    blocks = []
    for s in sources:
        fence = fence_for(s.text)
        blocks.append(f"[{s.n}] {s.label} ({s.pages})\n{fence}text\n{s.text}\n{fence}")
    return "\n\n".join(blocks)


def _parse(reply: str) -> dict[str, Any] | None:
    text = reply.strip()
    m = re.search(r"\{.*\}", text, re.DOTALL)
    if not m:
        return None
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def locate(quote: str, chunk: Chunk, pages: dict[int, str]) -> tuple[Span, str] | None:
    """The exact page text of `quote` inside `chunk` (whitespace may differ), or None."""
    words = quote.split()
    if len(words) < 3:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for span in chunk.spans:
        text = pages.get(span.page, "")
        m = pattern.search(text, span.start, span.end)
        if m:
            return Span(span.page, m.start(), m.end()), m.group(0)
    return None


class Generator:
    """Asks the chat model; validates what comes back. Thread-safe."""

    def __init__(self, model: Any, prompts: Prompts, timeout_s: float = 20.0) -> None:
        self.model = model
        self.prompts = prompts
        self.timeout_s = timeout_s
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="styrdok-llm")

    def generate(
        self,
        question: str,
        sources: Sequence[Source],
        pages: Callable[[str], dict[int, str]],
        language: str,
    ) -> Generated | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        system, user = self.prompts.render(question, build_context(sources), language)
        messages = [SystemMessage(content=system), HumanMessage(content=user)]
        try:
            reply = self._pool.submit(self.model.invoke, messages).result(timeout=self.timeout_s)
        except FutureTimeout:
            return None
        except Exception:  # noqa: BLE001 - any failure of the endpoint means: answer extractively
            return None
        content = getattr(reply, "content", reply)
        if not isinstance(content, str):
            return None
        data = _parse(content)
        if data is None:
            return None
        if data.get("abstain") is True:
            return Generated("", [], True)
        answer = data.get("answer")
        if not isinstance(answer, str) or not answer.strip() or looks_like_instruction(answer):
            return None
        by_n = {s.n: s for s in sources}
        citations: list[Citation] = []
        for c in data.get("citations") or []:
            if not isinstance(c, dict):
                continue
            n, quote = c.get("source"), c.get("quote")
            if not isinstance(n, int) or n not in by_n or not isinstance(quote, str):
                continue
            if looks_like_instruction(quote):
                continue
            src = by_n[n]
            found = locate(quote, src.chunk, pages(src.chunk.document))
            if found is None:
                continue
            span, exact = found
            cit = Citation(src.chunk.document, src.chunk.section, span.page, exact)
            if cit not in citations:
                citations.append(cit)
        if not citations:
            return None
        return Generated(answer.strip(), citations, False)
