"""Question -> Parsed reading. Pure: text (and the glossary's data) in, a plain record out.

The reading says what a question asks (owners of a sub-goal, the sub-goals of a body, a list, a
glossary term, an open content question ...), which sections and bodies it names, and which of
its words carry its topic. It knows nothing about any one document: the engine resolves topics
and checks every fact against the parsed program.

Language: English questions are recognised by their function words. The reading then adds the
Swedish search words for the English ones (lexicon.EN_SV), so the lexical search and the
coverage check work on Swedish; the answer is written in English with Swedish names and quotes
kept verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ingest.text import STOPWORDS, fold

from .glossary import Glossary, Mention, words
from .reading import lexicon as lx
from .reading.asks import has, read_asks, spelled_numerals
from .reading.classify import classify
from .reading.clauses import without_own_document
from .reading.names import (
    after_the_question,
    introduction_words,
    swedish_body_names,
    topic_of_question,
    unknown_entity,
)
from .reading.negation import negated_bodies
from .reading.refs import (
    BARE_SUBGOAL_RE,
    COMMA_REF_RE,
    FOCUS_RE,
    SPELLED_FOCUS_RE,
    SUBGOAL_RE,
    digits_of_spelled,
    focus_numbers,
)
from .reading.rules import apply_rules

_NUMBER_RE = re.compile(r"\d+(?:[ \u00a0\u2009]\d{3})*(?::\d+)?")


@dataclass
class Parsed:
    question: str
    language: str  # "sv" | "en"
    folded: str  # " folded question " with single spaces, for phrase tests
    lower: str  # " lower-cased question ", diacritics kept (år / är)
    tokens: list[str]  # folded words of the question
    search_text: str  # what the lexical search gets (Swedish words added for English)
    sub_goals: list[str] = field(default_factory=list)  # "3.2" as written in the question
    focus_areas: list[str] = field(default_factory=list)  # "2"
    bodies: list[Mention] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)
    unknown_entity: str | None = None
    residual: list[str] = field(default_factory=list)  # folded topic words
    numbers: list[str] = field(default_factory=list)  # digits only, "6000", "2021:8"
    asks: set[str] = field(default_factory=set)
    kind: str = "open"
    anaphora: bool = False
    among: bool = False  # "av dem": the question filters the previous answer's items
    ellipsis: bool = False
    ordinal: int | None = None
    exactly: int | None = None
    at_least: int | None = None  # "minst tre", "fler än två" (→ 3)
    any_of: bool = False  # "X eller Y" between bodies
    as_typed: str = ""  # the folded question before spelling corrections
    rule_field: str | None = None  # what that rule's operation reads (metadata: "validity" ...)
    rule: str | None = None  # the data rule (prompts/data/rules.toml) that chose the kind
    intro: int = 0  # how many leading words are the asker's introduction or preamble
    # an English question's words with no translation ("Sociala insatsgrupper" as written)
    untranslated: list[str] = field(default_factory=list)

    @property
    def body_keys(self) -> list[str]:
        seen: list[str] = []
        for m in self.bodies:
            if m.key not in seen:
                seen.append(m.key)
        return seen

    @property
    def positive_bodies(self) -> list[str]:
        return [k for k in self.body_keys if k not in self.negated]


def alternatives(slot: str) -> list[str]:
    """The words of one topic slot ("forebyggande|forhindra" -> both)."""
    return [w for w in slot.split("|") if w]


def _synonym(word: str) -> str:
    """The document's word for a question word, also as the last part of a compound."""
    if word in lx.SV_SYNONYMS:
        return lx.SV_SYNONYMS[word]
    for tail, repl in lx.SV_SYNONYMS.items():
        if len(tail) >= 5 and word.endswith(tail) and len(word) - len(tail) >= 4:
            return word[: -len(tail)] + repl
    return word


def mend_words(text: str, fixes: Mapping[str, str]) -> str:
    """The text with each word that `fixes` knows replaced by its spelling there."""
    return re.sub(r"\w+", lambda m: fixes.get(m.group(0), m.group(0)), text) if fixes else text


def detect_language(tokens: list[str]) -> str:
    en = sum(1 for t in tokens if t in lx.ENGLISH_MARKERS)
    sv = sum(1 for t in tokens if t in lx.SWEDISH_MARKERS)
    return "en" if en > sv else "sv"


def number_key(text: str) -> str:
    """'6 000' -> '6000'; '2021:8' stays."""
    return re.sub(r"[\s\u00a0\u2009]", "", text)


def understand(
    question: str,
    glossary: Glossary | None = None,
    corrections: Mapping[str, str] | None = None,
) -> Parsed:
    """Read one question on its own (the engine adds the conversation).

    `corrections` maps misspelled folded words to the index's spelling ("huvudansvr" ->
    "huvudansvar"); the engine finds them, so this function stays pure.
    """
    # "delmål 4,2": a decimal comma after a section word is the section's number
    q = COMMA_REF_RE.sub(r"\1.\2", question.strip())
    q = SPELLED_FOCUS_RE.sub(digits_of_spelled, q)  # "fokusområde fyra" is focus area 4
    q = swedish_body_names(q)
    fixes = {**lx.COLLOQUIAL_FORMS, **(corrections or {})}

    def fix(text: str) -> str:
        return mend_words(text, fixes)

    folded = " " + " ".join(re.sub(r"[^\w:.-]+", " ", fix(fold(q))).split()) + " "
    as_typed = " " + " ".join(re.sub(r"[^\w:.-]+", " ", fold(q)).split()) + " "
    lower = " " + " ".join(re.sub(r"[^\w:.-]+", " ", q.lower()).split()) + " "
    # the section words as spelling-corrected ("fokusomårde 2" is focus area 2)
    fq = fix(fold(q))
    sub_goals = [f"{a}.{b}" for a, b in SUBGOAL_RE.findall(fq)]
    sub_goals += BARE_SUBGOAL_RE.findall(SUBGOAL_RE.sub(" ", fq))
    focus_areas = focus_numbers(fq)
    no_refs = FOCUS_RE.sub(" ", BARE_SUBGOAL_RE.sub(" ", SUBGOAL_RE.sub(" ", fq)))
    toks_orig = words(q)
    tokens = [fixes.get(fold(t), fold(t)) for t in toks_orig]
    language = detect_language(tokens)

    mentions = glossary.find(q) if glossary else []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    # "Jag är politiker i GVN. Vilka …?": a body in the asker's introduction is not asked about
    intro = introduction_words(q)
    asked = [fold(t) for t in words(q)][intro:]
    if intro and (
        set(asked) & lx.ASKS_FOR_BODIES_WORDS
        or has(" " + " ".join(asked) + " ", lx.ASKS_FOR_BODIES_PHRASES)
    ):
        # the question asks which bodies: one named in the introduction is the asker's own
        # (in "Jag sitter i UKF:s styrelse. I vilka delmål är bolagen …?" it is the subject)
        mentions = [m for m in mentions if m.start >= intro]
    negated = negated_bodies(tokens, mentions)
    starts = frozenset(
        len(words(q[: m.end()])) for m in re.finditer(r"[.!?:]\s+(?=\w)", q)
    )  # the words that begin a sentence after the first
    unknown = unknown_entity(toks_orig, taken, starts) if not mentions else None

    numbers = [number_key(n) for n in _NUMBER_RE.findall(no_refs)] + spelled_numerals(q)
    name_words = glossary.name_tokens() if glossary else set()
    # the words of a section reference ("strategiskt mål 5") name the section, not the topic
    ref_words = {w for m in FOCUS_RE.finditer(fq) for w in m.group(0).split()}
    residual: list[str] = []
    kept: list[int] = []
    for i, t in enumerate(tokens):
        if (
            i in taken
            or t in ref_words
            or len(t) <= 2
            or t.isdigit()
            or t in STOPWORDS
            or t in lx.GENERIC_WORDS
            or t in lx.ANAPHORA_LAST
            or t.startswith(lx.RESPONSIBILITY_STEMS)
            # "målet om att fler … i arbete": the kind of section, its topic after "om"
            or (t in lx.SECTION_NOUNS_BEFORE_TOPIC and tokens[i + 1 : i + 2] == ["om"])
        ):
            continue
        residual.append(t)
        kept.append(i)
    pairs = list(zip(residual, kept, strict=True))
    pairs = topic_of_question(pairs, tokens, q, intro)
    outro = after_the_question(q)
    if outro is not None and any(i < outro for _, i in pairs):
        # "… syftet med programmet? Ska förklara det för min kollega.": a statement after the
        # question says why it is asked, not what
        pairs = [(t, i) for t, i in pairs if i < outro]
    residual = [t for t, _ in pairs]
    follow_up = has(folded, lx.FOLLOW_UP_PHRASES) or split_particle(tokens, lx.FOLLOW_UP_PHRASES)
    if follow_up and "uppfoljning" not in residual:
        residual.append("uppfoljning")
    residual = [_synonym(t) for t in residual]
    searched = without_own_document(q)
    search_text = searched + " " + " ".join(t for t in residual if t not in tokens)
    untranslated: list[str] = []
    if language == "en":
        untranslated = [t for t in residual if t not in lx.EN_SV]
        own = {fold(w) for w in words(searched)}
        extra = [lx.EN_SV[t] for t in tokens if t in lx.EN_SV and t in own]
        # one slot per English word; its Swedish words are alternatives ("a|b")
        residual = [
            "|".join(fold(w) for w in lx.EN_SV[t].split()) for t in residual if t in lx.EN_SV
        ]
        search_text = searched + " " + " ".join(extra)

    p = Parsed(
        question=q,
        lower=lower,
        language=language,
        folded=folded,
        tokens=tokens,
        search_text=search_text,
        sub_goals=list(dict.fromkeys(sub_goals)),
        focus_areas=list(dict.fromkeys(focus_areas)),
        bodies=mentions,
        negated=negated,
        unknown_entity=unknown,
        residual=list(dict.fromkeys(residual)),
        numbers=numbers,
        untranslated=untranslated,
        intro=intro,
    )
    p.anaphora = (
        bool(tokens and tokens[-1] in lx.ANAPHORA_LAST)
        # "Vad utgår det ifrån?", "Vilket dokument hänvisar den till?"
        or bool(len(tokens) >= 2 and tokens[-2] in lx.ANAPHORA_LAST and tokens[-1] in lx.PARTICLES)
        # "dem" before "som" opens a relative clause ("stöd till dem som står långt …")
        or any(
            t in lx.ANAPHORA_ANYWHERE and tokens[i + 1 : i + 2] not in (["som"], ["who"])
            for i, t in enumerate(tokens)
        )
        or has(folded, lx.ANAPHORA_PHRASES)
    )
    p.any_of = " eller " in folded or " or " in folded or bool(re.search(r"\w/\w", q))  # a/b
    p.among = has(folded, lx.AMONG_PHRASES)
    p.at_least = _at_least(tokens)
    if has(folded, lx.SINGLE_PHRASES):
        p.exactly = 1
    if p.anaphora:
        for i, t in enumerate(tokens):
            if t in lx.ORDINALS:
                back = i and tokens[i - 1] in lx.ORDINAL_BEFORE and lx.ORDINALS[t] < 0
                p.ordinal = lx.ORDINALS[t] - (1 if back else 0)
    for i, t in enumerate(tokens[:-1]):
        if t in lx.ONLY_WORDS:
            nxt = tokens[i + 1]
            if nxt in lx.NUMBER_WORDS:
                p.exactly = lx.NUMBER_WORDS[nxt]
            elif nxt.isdigit():
                p.exactly = int(nxt)
    p.asks = read_asks(p)
    if intro:
        # the asker's own role ("Jag är ordförande i …") asks for no person
        rest = tokens[intro:]
        asked_part = " " + " ".join(rest) + " "
        own = read_asks(replace(p, folded=asked_part, lower=asked_part, tokens=rest))
        p.asks -= {"person"} - own
    rest = [
        t
        for t in (fixes.get(fold(w), fold(w)) for w in words(no_refs))
        if t not in lx.ELLIPSIS_FILLERS
        and not t.startswith(("fokusomr", "delmal"))
        and t not in {"focus", "area", "sub", "goal"}
    ]
    rest_wo_bodies = [t for t in rest if t not in name_words]
    p.ellipsis = not rest_wo_bodies and bool(sub_goals or focus_areas or mentions)
    p.as_typed = as_typed
    rule = apply_rules(p)
    p.rule = rule.id if rule is not None else None
    p.rule_field = rule.field if rule is not None else None
    p.kind = rule.kind.value if rule is not None else classify(p)
    return p


def split_particle(tokens: list[str], phrases: tuple[str, ...]) -> bool:
    """A particle verb of `phrases` with its particle moved to the end of the clause: "Hur
    följs handlingsplanen upp?" holds "foljs upp" as the verb, then its subject, then "upp"."""
    for phrase in phrases:
        parts = phrase.split()
        if len(parts) != 2:
            continue
        verb, particle = parts
        if verb in tokens and particle in tokens[tokens.index(verb) + 2 :]:
            return True
    return False


def _at_least(tokens: list[str]) -> int | None:
    """'minst tre' → 3, 'fler än två' / 'more than two' → 3."""
    for i, t in enumerate(tokens):
        ahead = tokens[i + 1 : i + 3]
        for j, w in enumerate(ahead):
            n = int(w) if w.isdigit() else lx.NUMBER_WORDS.get(w)
            if n is None:
                continue
            if j == 0 and t in lx.AT_LEAST_WORDS:
                return int(n)
            if j == 1 and t in lx.MORE_WORDS and ahead[0] in {"an", "than"}:
                return int(n) + 1
    return None
