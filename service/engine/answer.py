"""answer(question, history) -> Answer: structured, extractive, generative or an abstention.

The engine reads the question (understand.py), resolves what it points at (sections by number,
title or topic; bodies through the glossary; earlier turns for follow-ups), and then answers:

- structured: facts from the parsed program (owners, reverse lookups, lists, period, grant,
  glossary), each citing the line it rests on;
- extractive: the most relevant sentences quoted verbatim with section and page;
- generative (optional): a chat model writes from numbered, fenced context; citations are
  validated and any failure falls back to the extractive answer;
- abstain: "Programmet anger inte det." with the nearest sections, whenever the program does
  not say. No answer beats a wrong one.

Follow-ups are stateless: the earlier user turns are read again (memoised) to find what "det",
"dem", "Och 3.3?" refer to. Per question at most one query embedding is computed; structured
questions that name their section or body compute none.

Language: an English question is answered in English (prompts/answers.toml [answer_en]) with
the same facts; names, titles and quotes stay in Swedish as the program writes them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from ingest.embedders import Embedder
from ingest.index import Snapshot
from ingest.messages import Messages

from .context import answer_in_context, answer_links
from .corpus import Corpus
from .links import about_linked, asks_to_follow, linked_documents, pointer
from .llm import Generator, Prompts
from .models import Answer, QuestionError, Turn
from .naming_documents import answer_documents_naming
from .operations import check_complete
from .parts import MAX_HISTORY, in_parts
from .reading.clauses import split_clauses
from .reading.examples import ExampleReader
from .reading.scope import load_scope_words
from .registry import HANDLERS
from .render_keys import REQUIRED
from .scoping import informative, merge, per_document, plan_scope
from .section_links import answer_section_links
from .turn import Answering, Result
from .understand import understand
from .versions import answer_versions

# Both thresholds are shares of an open question's topic words (weighted by rarity) that the
# best passage holds; chosen by 5-fold cross-validation on the tuning cases, never on blind ones
# (evals/CALIBRATION.md, python -m styrdok.calibrate). At or above the first the passage is the
# answer; between the two it is quoted as the closest the document comes; below, abstain.
DEFAULT_ABSTAIN_THRESHOLD = 0.5
DEFAULT_CLOSEST_THRESHOLD: float | None = 0.3
_MEMO = 256


class AnswerEngine:
    def __init__(
        self,
        snapshot: Snapshot,
        embedder: Embedder,
        messages: Messages,
        *,
        chat_model: Any = None,
        max_question_chars: int = 2000,
        prompts: Prompts | None = None,
        llm_timeout_s: float = 20.0,
        abstain_threshold: float | None = None,
        closest_threshold: float | None = DEFAULT_CLOSEST_THRESHOLD,
    ) -> None:
        check_complete(HANDLERS)
        snapshot.check_embedder(embedder.name)
        messages.validate(REQUIRED)
        if chat_model is not None and prompts is None:
            raise ValueError("a chat model needs its prompts (service.engine.llm.load_prompts)")
        self.snapshot = snapshot
        self.embedder = embedder
        self.messages = messages
        self.chat_model = chat_model
        self.max_question_chars = max_question_chars
        self.threshold = (
            DEFAULT_ABSTAIN_THRESHOLD if abstain_threshold is None else abstain_threshold
        )
        self.closest_threshold = closest_threshold
        self.corpus = Corpus(snapshot, embedder)
        self.examples = ExampleReader(embedder.embed_query, embedder.name)
        self.generator = (
            Generator(chat_model, prompts, llm_timeout_s)
            if chat_model is not None and prompts is not None
            else None
        )
        self._memo: OrderedDict[tuple[str, tuple[str, ...], tuple[str, ...] | None], Result] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    # --- public -------------------------------------------------------------------------------
    def clear_caches(self) -> None:
        """Forget remembered answers and query vectors (for benchmarks)."""
        with self._lock:
            self._memo.clear()
        self.corpus.search.clear_cache()

    @property
    def embed_calls(self) -> int:
        """Query embeddings computed so far (the cache answers repeats)."""
        return self.corpus.search.embed_calls

    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        scope: Sequence[str] | None = None,
    ) -> Answer:
        """The one entry point. `scope`: document ids to answer over (None: every document)."""
        q = question.strip()
        if not q:
            raise QuestionError("empty_question")
        if len(q) > self.max_question_chars:
            raise QuestionError("question_too_long", length=len(q), limit=self.max_question_chars)
        users = tuple(
            t.content.strip()
            for t in history
            if t.role == "user" and t.content.strip() and len(t.content) <= self.max_question_chars
        )[-MAX_HISTORY:]
        caller = tuple(scope) if scope else None
        return self.respond(q, users, caller).answer

    # --- dispatch -----------------------------------------------------------------------------
    def respond(
        self, q: str, users: tuple[str, ...], caller: tuple[str, ...] | None = None
    ) -> Result:
        """The answer with what it resolved to (kind, sections, bodies, documents).

        `users` are the earlier user questions, oldest first; `caller` the documents the caller
        limits the question to. Memoised: a conversation's earlier turns are read again for
        every follow-up at no cost.
        """
        key = (q, users, caller)
        with self._lock:
            hit = self._memo.get(key)
            if hit is not None:
                self._memo.move_to_end(key)
                return hit
        # two questions in one, unless the second asks about a document the first points to
        # ("…, och vad är dess mål?": the ladder's last rung follows that link, _follow)
        follows = asks_to_follow(q, load_scope_words().follow_phrases)
        parts = [q] if follows else split_clauses(q)
        in_context = (
            answer_versions(self, q, caller)
            or answer_section_links(self, q, caller)
            or answer_documents_naming(self, q, caller)
            or answer_links(self, q, caller)
            or answer_in_context(self, q, users, caller)
        )
        if in_context is not None:
            result = in_context
        elif len(parts) > 1:
            result = in_parts(self, q, parts, users, caller)
        else:
            result = self.over_scope(q, users, caller)
        if result.answer.operation is None:
            result.answer.operation = result.kind  # what was computed, for the UI and evals
        with self._lock:
            self._memo[key] = result
            if len(self._memo) > _MEMO:
                self._memo.popitem(last=False)
        return result

    # --- scope ----------------------------------------------------------------------------------
    def over_scope(self, q: str, users: tuple[str, ...], caller: tuple[str, ...] | None) -> Result:
        c = self.corpus
        previous: list[str] = []
        if users:
            prev = self.respond(users[-1], users[:-1], caller)
            if prev.named:
                previous = prev.documents
        plan = plan_scope(q, c.snapshot, c.default_document, caller, previous)
        words = frozenset(plan.words)
        if len(plan.documents) == 1:
            doc = plan.documents[0]
            one = Answering(self, q, users, c.view(doc), words, caller)
            one.scope_docs = [doc]
            result = one.run()
        else:
            probe = Answering(self, q, users, c.among(plan.documents), words, caller)
            probe.scope_docs = list(plan.documents)
            targets = per_document(self.corpus, probe, plan.documents, plan.by_title)
            if not targets:
                result = probe.run()
            elif len(targets) == 1:
                result = Answering(self, q, users, c.view(targets[0]), words, caller).run()
            else:
                parts = [
                    (d, Answering(self, q, users, c.view(d), words, caller).run()) for d in targets
                ]
                kept = informative(parts)
                answer = merge(
                    [(d, r.answer) for d, r in kept],
                    self.messages.get("answer.document_part"),
                    {d: c.title(d) for d, _ in kept},
                )
                first = kept[0][1]
                result = Result(
                    answer,
                    first.kind,
                    [s for _, r in kept for s in r.sections],
                    first.bodies,
                )
                # an open question's named documents stay the conversation's, also those
                # that had nothing to say ("…, och hur ofta följs löftena upp?" next)
                open_named = first.kind == "open" and plan.by_title
                result.documents = list(targets) if open_named else [d for d, _ in kept]
        result.named = plan.named
        if not result.documents:
            result.documents = list(plan.documents)
        self._follow(q, users, caller, result)
        if not result.answer.scope:
            result.answer.scope = list(result.documents)
        return result

    def _follow(
        self, q: str, users: tuple[str, ...], caller: tuple[str, ...] | None, result: Result
    ) -> None:
        """The ladder's last rungs: follow a pointer to a document in the corpus, or, when the
        answer is an abstention, say which related document the document points to."""
        a, c = result.answer, self.corpus
        scope_words = load_scope_words()
        if not a.abstained and asks_to_follow(q, scope_words.follow_phrases):
            own = result.documents or list(a.scope)
            for doc in linked_documents(self, a, own):
                bare = about_linked(q)
                part = Answering(self, bare, (), c.view(doc), frozenset(), caller).run().answer
                if part.abstained:
                    continue
                a.text += "\n\n" + self.messages.render(
                    "answer.document_part", title=c.title(doc), text=part.text
                )
                a.citations += part.citations
                a.scope = list(dict.fromkeys([*a.scope, doc]))
            return
        if a.abstained and result.kind in ("open", "section_content", "grant", "list_subgoals"):
            topic = understand(q, c.glossary).residual
            docs = result.documents or ([c.default_document] if c.default_document else [])
            found = pointer(self, docs, topic)
            if found is None:
                return
            doc, sid, span = found
            cite = c.cite(doc, sid, span)
            if any(x.quote == cite.quote for x in a.citations):
                return  # the abstention already names that entry
            key = "answer_en.points_to" if a.language == "en" else "answer.points_to"
            a.text += " " + self.messages.render(
                key,
                item=cite.quote.strip("•– ").strip(),
                page=cite.page or "",
                where=sec.title if (sec := c.section(sid, doc)) is not None else sid,
            )
            a.citations.append(cite)
