"""Answering one question within its conversation: read it, resolve what it points at, answer.

Each question kind has a handler (`k_<kind>` in handlers/, a function of the `Answering`), listed
in registry.HANDLERS; the topic helpers the handlers share are in topics.py. Follow-ups are
stateless: the earlier user turns are answered again through the engine (memoised there) to find
what "det", "dem", "båda" or "Och 3.3?" refer to.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from .follow_ups import OWNER_FAMILY, asked_of_named, follow_up_kind
from .handlers import listed, passages, rows
from .models import Answer
from .operations import Kind
from .out_of_scope import outside_period, unknown_body_absent
from .quoting import Quoter
from .reading.asks import defined_term
from .reading.classify import classify
from .reading.ellipsis import bare_number_as_level, next_item_as_number
from .reading.levels import label_used, levels_named, normalise_levels
from .reading.refs import title_numbers
from .registry import HANDLERS
from .render import Renderer, owners_word
from .structured import Structured
from .topics import TOPIC_MIN as TOPIC_MIN
from .topics import TOPIC_THRESHOLD as TOPIC_THRESHOLD
from .topics import TopicReading
from .understand import alternatives, mend_words, understand

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .corpus import Corpus


@dataclass
class Result:
    answer: Answer
    kind: str
    sections: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # the documents it was answered over
    named: bool = False  # the question or its conversation named those documents


class Answering(TopicReading):
    """Answering one question (with its earlier user turns) over one corpus view."""

    def __init__(
        self,
        engine: AnswerEngine,
        question: str,
        users: tuple[str, ...],
        corpus: Corpus,
        scope_words: AbstractSet[str] = frozenset(),
        caller: tuple[str, ...] | None = None,
    ) -> None:
        self.e = engine
        self.c = corpus
        self.users = users
        self.caller = caller
        self.scope_docs: list[str] = []  # the documents in scope, default first
        self.named_scope = bool(scope_words)  # the question named its document(s)
        self._examples_done = False
        question = bare_number_as_level(question, users)  # "och för trean?" after "fokusområde 2"
        question = next_item_as_number(question, users, self.c.item_ids())  # "nästa delmål"
        corrections = None
        mended: str | None = None  # the question in the index's spelling, when needed
        if self.c.document:
            levels = self.c.program.levels if self.c.program is not None else []
        else:
            by_doc: dict[str, Sequence[str]] = {d: p.levels for d, p in self.c.by_document.items()}
            levels = levels_named(question, by_doc)
            if not levels:
                mended = self._mended(question)
                levels = levels_named(mended, by_doc)
        if levels and normalise_levels(question, levels) == question:
            # "stratgiska mål": a level name misspelled is read as the document's spelling
            mended = mended or self._mended(question)
            if normalise_levels(mended, levels) != mended:
                question = mended
        if (
            levels
            and fold(levels[0]) not in ("fokusomrade",)
            and label_used(levels[0], fold(question))
        ):
            # "det strategiska målet om …": the document's own top level is named
            self.named_scope = True
        # the document's level names read as the convention's ("strategiska mål" as
        # "fokusområden"); the lexical search keeps the question as typed
        self.asked = question  # as typed; self.p reads it with the convention's level words
        titles = [corpus.title(d) for d in corpus.by_document]
        read_as = normalise_levels(question, levels, titles)
        p0 = understand(read_as, self.c.glossary)
        if p0.language == "sv":
            corrections = self.c.search.corrections(read_as)
        self.p = (
            understand(read_as, self.c.glossary, corrections=corrections) if corrections else p0
        )
        if read_as != question:
            if self.p.kind in ("open", "section_content"):
                # not a question about the structure after all: read it as typed
                self.p = understand(question, self.c.glossary, corrections=corrections)
            else:
                self.p.search_text = question + self.p.search_text[len(read_as) :]
        if self.c.document and self.c.program is not None:
            self.p.bodies = self.c.glossary.as_written(self.p.bodies, self.c.program.sections)
        if scope_words:
            # the words that named the document are not the question's topic
            # and when a document was named, neither are its title's words ("polisen" for
            # "Samverkansöverenskommelse … och Polismyndigheten")
            # — unless the question asks what such a word means ("Hur definierar
            # barnfattigdomsplanen barnfattigdom?")
            naming = set(scope_words) | (self.c.title_words if self.c.document else set())
            term = defined_term(self.p, scope_words) if "definition" in self.p.asks else None
            self.p.residual = [
                w
                for w in self.p.residual
                if not any(self._same(a, sw) for a in alternatives(w) for sw in naming)
            ]
            if term and term not in self.p.residual:
                self.p.residual.append(term)
            if self.c.document:
                named = title_numbers(question, self.c.title(self.c.document))
                self.p.numbers = [n for n in self.p.numbers if n not in named]
            if (
                self.p.kind in ("open", "membership")
                and self.p.rule is None
                and classify(self.p) == "reverse"
            ):
                # "Vad ska FN göra enligt programmet för social hållbarhet?", "Har GVN ansvar för
                # något i bostadsprogrammet?": without the words that named the document, a
                # body's tasks
                self.p.kind = "reverse"
        rec = self.c.snapshot.documents.get(self.c.document) if self.c.document else None
        self.r = Renderer(
            engine.messages,
            self.c.glossary,
            self.p.language,
            rec.kind if rec else None,
            item_label=levels[-1] if levels else None,
            top_label=levels[0] if levels else None,
            owners_word=owners_word(self.c.program) if rec else None,
        )
        self.s = Structured(self.c, self.r)
        self.q = Quoter(
            self.c,
            self.r,
            self.p,
            self._topic_words(None),
            engine.threshold,
            engine.generator,
            closest=engine.closest_threshold,
        )
        self._ctx: Result | None = None
        self._ctx_done = False

    # conversation ------------------------------------------------------------------------------
    def ctx(self) -> Result | None:
        if not self._ctx_done:
            self._ctx_done = True
            if self.users:
                self._ctx = self.e.respond(self.users[-1], self.users[:-1], self.caller)
        return self._ctx

    def ctx2(self) -> Result | None:
        if len(self.users) >= 2:
            return self.e.respond(self.users[-2], self.users[:-2], self.caller)
        return None

    def result(self, answer: Answer, kind: str, bodies: Sequence[str] = ()) -> Result:
        sections = list(answer.sections) or list(answer.suggestions if answer.abstained else [])
        return Result(answer, kind, [s for s in sections if s], list(bodies))

    # entry -------------------------------------------------------------------------------------
    def kind(self) -> str:
        """What the question asks, with an elliptic follow-up read against its conversation, and
        an open question the rules could not place read by its nearest example questions."""
        if self.p.kind == "ellipsis":
            return self._ellipsis_kind()
        again = follow_up_kind(self)
        if again is not None:
            self.p.kind = again
            return again
        if self.p.kind == "open" and not self._examples_done:
            self._examples_done = True
            match = self.e.examples.nearest(self.c.search.embed(self.p.question))
            if match is not None:
                self.p.kind, self.p.rule = match.kind.value, f"example:{match.rule}"
                self.p.rule_field = match.field
        return self.p.kind

    def _mended(self, question: str) -> str:
        """The folded question with its misspelled words in the index's spelling."""
        return mend_words(fold(question), self.c.search.corrections(question))

    def run(self) -> Result:
        p = self.p
        kind = self.kind()
        again = asked_of_named(self)  # "och i tillgänglighetsprogrammet då?"
        if again is not None:
            return again
        missing = self._missing_refs(kind)
        if missing is not None:
            return self.result(missing, kind, p.body_keys)
        outside = outside_period(self, kind)
        if outside is not None:
            return self.result(outside, kind, p.body_keys)
        if kind not in ("glossary", "metadata", "period"):
            named = self._sections(p.sub_goals or p.focus_areas)
            absent = passages.absent_specific(self, named)
            if absent is not None:
                return self.result(absent, kind, p.body_keys)
        other = listed.about_another_document(self, kind)
        if other is not None:
            return self.result(other, kind)
        unknown = unknown_body_absent(self, kind)
        if unknown is not None:
            return self.result(unknown, kind)
        if self.p.among and self.users:
            return HANDLERS[Kind.AMONG](self)
        out: Result = HANDLERS[Kind(kind)](self)
        out = passages.outcome_unstated(self, out)  # "Vad blev resultatet av …?"
        out = passages.reason_unstated(self, out)  # "Varför är bara Bostaden med där?"
        return rows.after(self, out)  # what a table adds to an answer read from the text

    def read_as_usual(self, not_kind: str) -> Result:
        """A data rule or a near example chose `not_kind`, and its handler found the question
        is not that after all: the general reading answers it (never `not_kind` again)."""
        self.p.kind, self.p.rule_field = classify(self.p), None
        if self.p.kind == not_kind:
            self.p.kind = "open"
        return HANDLERS[Kind(self.p.kind)](self)

    def _ellipsis_kind(self) -> str:
        p, prev = self.p, self.ctx()
        if p.sub_goals or p.focus_areas:
            if prev is not None:
                if prev.kind in OWNER_FAMILY:
                    return "owners"
                if prev.kind in ("related_docs",):
                    return "related_docs"
                if prev.kind in ("list_subgoals", "count_subgoals"):
                    return "list_subgoals"
            return "section_content"
        if prev is not None and prev.kind == "glossary":
            return "glossary"
        return "reverse"

    def _missing_refs(self, kind: str) -> Answer | None:
        if kind in ("glossary", "reverse", "reverse_unknown"):
            return None
        p, prog = self.p, self.c.program
        for sg in p.sub_goals:
            sec = self.c.section(sg)
            if sec is None or sec.kind != "sub_goal":
                reason = self.r.t("abstain_no_section", what=self.r.t("what_sub_goal"), id=sg)
                return self.s.abstain([reason], self._near_sub_goal(sg))
        for fa in p.focus_areas:
            sec = self.c.section(fa)
            if sec is None or sec.kind != "focus_area":
                reason = self.r.t("abstain_no_section", what=self.r.t("what_focus_area"), id=fa)
                return self.s.abstain([reason], prog.focus_areas if prog else [])
        return None

    def _near_sub_goal(self, sg: str) -> list[Section]:
        prog = self.c.program
        if prog is None:
            return []
        major = sg.split(".")[0]
        subs = [s for s in prog.sub_goals if s.parent == major]
        return subs or prog.focus_areas

    # structured kinds ---------------------------------------------------------------------------
    def _sections(self, ids: Sequence[str]) -> list[Section]:
        out = []
        for i in ids:
            s = self.c.section(i)
            if s is not None:
                out.append(s)
        return out

    def _ctx_sections(self) -> list[Section]:
        prev = self.ctx()
        if prev is None:
            return []
        secs = self._sections(prev.sections)
        if self.p.ordinal is None or not secs:
            return secs
        listed = secs
        if len(secs) == 1:
            # "och för det andra delmålet?" after a list and a question about one of its
            # items: the ordinal counts in the list
            before = self.ctx2()
            listed = self._sections(before.sections) if before is not None else []
            if len(listed) == 2 and self.p.ordinal == 1 and listed[1] is secs[0]:
                return [listed[0]]  # the second was just answered: "det andra" is the other
        try:
            return [listed[self.p.ordinal]]
        except IndexError:
            return []

    def _no_context(self) -> Result:
        ans = self.s.abstain([self.r.t("abstain_context")], prefix=False)
        return self.result(ans, self.p.kind)
