"""Quoting the sentences that answer an open question, or none when the evidence is too thin.

The best passage among the retrieved chunks is chosen by how much of the question's topic it
holds; its best sentences are quoted verbatim (with a second passage when one answers as well).
The evidence must also hold the kind of fact asked for: a year for "vilket år", a date for
"vilket datum", a number for "hur många", a person's name for "vem skrev". In generative mode
the chat model writes from the same chunks and its citations are validated (service/llm.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.text import fold

from .corpus import Corpus
from .evidence import defines, holding_fact, is_ask_word, meets_asks, reasons_after
from .extractive import (
    Unit,
    has_date,
    match_score,
    word_weights,
)
from .llm import Generator, Source, looks_like_instruction
from .models import Answer
from .quote_render import render_extract, unit_label
from .range_refs import headings_of_ranges
from .render import Renderer
from .understand import Parsed

# words that make a question broad ("Vad säger programmet om ...?"): quote more of the passage
BROAD = (
    " varfor ",
    " why ",
    " sager ",
    " handlar ",
    " innebar ",
    " gor ",
    " beratta ",
    " beskriv",
    " say ",
    " says ",
    " about ",
    " star det nagot ",
    " nams ",
    " namns ",
    " mention",
)


# a question after one exact fact (a person, a date, a sum, a count) gets that fact or nothing
_EXACT_ASKS = frozenset(
    {"person", "year", "time", "money", "count", "share", "unit", "columns", "contact"}
)


SHORT_SECTION = 3  # sentences: a section this short is quoted whole


class Quoter:
    def __init__(
        self,
        corpus: Corpus,
        renderer: Renderer,
        parsed: Parsed,
        topic: Sequence[str],
        threshold: float,
        generator: Generator | None = None,
        closest: float | None = None,
    ) -> None:
        self.c = corpus
        self.r = renderer
        self.p = parsed
        # "Vilket datum …?": the word that asks for a date is no topic the passage must hold
        self.topic = [
            w
            for w in topic
            if not all(is_ask_word(alt, parsed.asks) for alt in w.split("|") if alt)
        ]
        self.threshold = threshold
        self.generator = generator
        # the ladder's second rung: below `threshold` but at least `closest`, the passage is
        # quoted as the closest the document comes, never as its answer
        self.closest = closest

    def extract(
        self,
        chunks: Sequence[int],
        broad: bool,
        extra_words: Sequence[str] = (),
        strict: bool = True,
    ) -> Answer | None:
        """Quote the sentences that answer; None when the evidence is too thin (abstain).

        `strict=False` is for a section the question names itself: its text is quoted even when
        the question's other words are not in it.
        """
        p, search = self.p, self.c.search
        topic = list(self.topic)
        broad = broad or any(b in p.folded for b in BROAD)
        # `extra_words` rank the sentences; only the question's own topic decides coverage
        weights = word_weights(topic + list(extra_words), search)
        topic_weights = word_weights(topic, search)
        candidates = list(dict.fromkeys(chunks))[:5]
        if not candidates:
            return None
        chunk_cov = {
            ci: match_score(self._context_text(ci), topic_weights, search) if topic_weights else 1.0
            for ci in candidates
        }
        scored: list[tuple[float, int, Unit]] = []
        defining = "definition" in p.asks
        for rank, ci in enumerate(candidates):
            title = self.c.snapshot.chunks[ci].title_path.split(" › ")[-1]
            for u in self.c.units(ci):
                if u.kind == "heading" or looks_like_instruction(u.text):
                    continue
                if u.kind == "owners" and not extra_words:
                    continue
                sc = match_score(u.text + " " + title, weights, search) if weights else 0.0
                if defining and sc > 0 and defines(u.text, topic):
                    sc += 1.0  # "Vad menas med X?": the sentence that defines X first
                scored.append((sc, rank, u))
        if not scored:
            return None
        best_unit = {
            ci: max((t[0] for t in scored if t[2].chunk == ci), default=-1.0) for ci in candidates
        }
        ranked_chunks = sorted(
            (ci for ci in candidates if best_unit[ci] >= 0),
            key=lambda ci: (
                -(
                    chunk_cov[ci]
                    + 0.1 * best_unit[ci]
                    - 0.02 * candidates.index(ci)
                    + (0.05 if self.c.snapshot.chunks[ci].kind == "section" else 0.0)
                    + (0.3 if defining and best_unit[ci] > 1.0 else 0.0)
                    + (0.01 if self._own_word_in_heading(ci, topic) else 0.0)
                )
            ),
        )
        primary = ranked_chunks[0]
        if self.p.asks & _EXACT_ASKS and topic_weights:
            # the best passage lacks the sum or date asked for: one after it that has both
            primary = holding_fact(
                self.p, ranked_chunks, chunk_cov, best_unit, self.threshold, self.c.units
            )
        if strict and not topic_weights and self.p.asks & _EXACT_ASKS and self.c.document:
            # every word of the question names its one document ("Hur mycket kan man få från
            # utvecklingsanslaget?"): the document is the topic, the fact asked for the answer
            return self._fact_of_document(candidates)
        coverage = chunk_cov[primary]
        near = False
        if strict and (not topic_weights or coverage < self.threshold or best_unit[primary] <= 0):
            # nothing to look for, too little of it found, or no sentence that holds it
            if (
                self.closest is None
                or not topic_weights
                or coverage < self.closest
                or best_unit[primary] <= 0
                or self.p.asks & _EXACT_ASKS
            ):
                return None
            near = True
        in_primary = sorted(
            (t for t in scored if t[2].chunk == primary), key=lambda t: (-t[0], t[1])
        )
        best_score, _, best = in_primary[0]
        scored.sort(key=lambda t: (-t[0], t[1]))
        if broad or not weights:
            chosen = [t[2] for t in in_primary if not weights or t[0] > 0][:4]
            if not chosen and not strict:
                # a section the question names: its own sentences, in order
                chosen = [u for u in self.c.units(primary) if u.kind == "sentence"][:4]
        else:
            chosen = [t[2] for t in in_primary if t[0] >= 0.5 * best_score][:3]
        if not chosen:
            chosen = [best]
        own = [u for u in self.c.units(primary) if u.kind == "sentence"]
        if len(own) <= SHORT_SECTION and self.c.snapshot.chunks[primary].kind == "section":
            # a short section (an action, an activity) is quoted whole: its later sentences
            # carry the targets and dates of what the first one names
            chosen += [u for u in own if u not in chosen and not looks_like_instruction(u.text)]
        if "time" in self.p.asks and any(has_date(u.text) for u in chosen):
            # "När är sista ansökningsdag?": every date the passage gives, not only the first
            dated = [t[2] for t in in_primary if t[2] not in chosen and has_date(t[2].text)]
            chosen += dated[:2]
        if not meets_asks(self.p, chosen) and self.c.snapshot.chunks[primary].kind == "section":
            # the fact asked for (a sum, a year ...) may stand in a sentence of the passage that
            # does not repeat the topic ("Avgiften är 20 kronor per timme.")
            fit = next((t[2] for t in in_primary if meets_asks(self.p, [t[2]])), None)
            if fit is not None:
                chosen.append(fit)
        # another passage that answers as well as the best one (two sub-goals on violence);
        # prose before list items
        if topic_weights and best_score > 0:
            used = {primary}
            extra: list[Unit] = []
            ranked = sorted(
                scored,
                key=lambda t: (
                    -t[0],
                    self.c.snapshot.chunks[t[2].chunk].kind != "section",
                    t[1],
                ),
            )
            for sc, _, u in ranked:
                if u.chunk in used:
                    continue
                # a second sentence that defines the term asked about (a glossary's entry
                # beside the section's own wording)
                definer = defining and sc > 1.0
                if not definer and (sc < best_score or candidates.index(u.chunk) > 1):
                    continue
                if self._unit_coverage(u, topic_weights) < self.threshold:
                    continue
                used.add(u.chunk)
                extra.append(u)
                if len(extra) == (2 if broad else 1):
                    break
            chosen += extra
        if "reason" in self.p.asks:
            chosen += reasons_after(self.c.units, chosen)  # "Varför …?": the reasons that follow
        chosen = sorted(
            chosen, key=lambda u: (candidates.index(u.chunk), u.parts[0].page, u.parts[0].start)
        )
        chosen += headings_of_ranges(self.c, chosen)  # "Kriterium 1–3 måste …": which they are
        if not meets_asks(self.p, chosen):
            return None
        if near:
            keep = len(chosen) if "reason" in self.p.asks else 2
            return self._render_extract(chosen[:keep], coverage, intro="closest_intro")
        if self.generator is not None:
            gen = self._generate(candidates[:4])
            if gen is not None:
                return gen
        return self._render_extract(chosen, coverage)

    def _own_word_in_heading(self, ci: int, topic: Sequence[str]) -> bool:
        """Does the passage's own heading hold a topic word as the asker typed it (not one of
        its synonyms): "Vem kan söka?" for "Kan en förening söka anslaget?"."""
        heading = set(fold(self.c.snapshot.chunks[ci].title_path.split(" › ")[-1]).split())
        return any(w.split("|")[0] in heading for w in topic if w)

    def _context_text(self, ci: int) -> str:
        """A passage as the question's words are looked for in it: its title path and text,
        and over several documents its document's title ("sista dagen att söka
        utvecklingsanslag" is about every passage of the grant's criteria)."""
        chunk = self.c.snapshot.chunks[ci]
        if self.c.spans_documents and chunk.document:
            return self.c.title(chunk.document) + "\n" + chunk.embed_text()
        return chunk.embed_text()

    def _fact_of_document(self, candidates: Sequence[int]) -> Answer | None:
        """Of the passages retrieval ranks first, the first with sentences that hold the kind
        of fact asked for (a sum, a date, a number), those sentences; None when none has."""
        for ci in candidates[:3]:
            fit = [
                u
                for u in self.c.units(ci)
                if u.kind == "sentence"
                and not looks_like_instruction(u.text)
                and meets_asks(self.p, [u])
            ]
            if fit:
                return self._render_extract(fit[:2], 1.0)
        return None

    def _unit_coverage(self, u: Unit, weights: dict[str, float]) -> float:
        return match_score(self.c.snapshot.chunks[u.chunk].embed_text(), weights, self.c.search)

    def _label(self, u: Unit) -> str:
        return unit_label(self.c, self.r, u)

    def _render_extract(
        self, units: Sequence[Unit], coverage: float, intro: str = "extractive_intro"
    ) -> Answer:
        return render_extract(self.c, self.r, self.p.language, units, coverage, intro)

    def _generate(self, chunks: Sequence[int]) -> Answer | None:
        gen = self.generator
        if gen is None:
            return None
        sources: list[Source] = []
        for n, ci in enumerate(chunks, start=1):
            ch = self.c.snapshot.chunks[ci]
            units = [u for u in self.c.units(ci) if not looks_like_instruction(u.text)]
            text = "\n".join(u.text for u in units)
            pages = ", ".join(self.r.page(pg) for pg in ch.pages)
            label = self._label(units[0]) if units else ch.title_path
            sources.append(Source(n, ch, label, pages, text))
        out = gen.generate(
            self.p.question, sources, lambda d: self.c.pages.get(d, {}), self.p.language
        )
        if out is None:
            return None
        if out.abstained:
            return None
        return Answer(
            text=out.text,
            citations=out.citations,
            abstained=False,
            mode="generative",
            confidence=0.5,
            sections=list(dict.fromkeys(c.section for c in out.citations if c.section)),
            language=self.p.language,
        )
