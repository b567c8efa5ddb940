"""Names in a question: an organisation the glossary does not know ("Umeå Energi",
"Brand- och räddningsnämnden"), and the asker's introduction before the question ("Jag är
politiker i GVN. …"), whose bodies are not what is asked about."""

from __future__ import annotations

import re

from ingest.text import STOPWORDS, fold

from ..glossary import words
from . import lexicon as lx


def unknown_entity(
    toks: list[str], taken: set[int], starts: frozenset[int] = frozenset()
) -> str | None:
    """A name the glossary does not know that looks like an organisation ('Umeå Energi'); a
    word that begins a sentence (`starts`) is capitalised for that reason alone."""
    runs: list[list[int]] = []
    cur: list[int] = []

    def org_tail(j: int) -> bool:
        # "Brand- och räddningsnämnden": a compound's last part, written in lower case
        return j < len(toks) and fold(toks[j]).endswith(lx.ORGANISATION_SUFFIXES) and j not in taken

    for i, t in enumerate(toks):
        capital = t[:1].isupper() and not t.isdigit() and i > 0 and i not in taken | starts
        joiner = bool(cur) and fold(t) in {"och", "and", "of", "for"}
        tail = bool(cur) and fold(toks[cur[-1]]) in {"och", "and"} and org_tail(i)
        if (
            capital
            or tail
            or (joiner and (i + 1 < len(toks) and toks[i + 1][:1].isupper() or org_tail(i + 1)))
        ):
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:
        while run and fold(toks[run[0]]) in STOPWORDS | {"the", "a", "an"}:
            run = run[1:]
        if not run:
            continue
        names = [toks[i] for i in run]
        last = fold(names[-1])
        if len(run) >= 2 or last.endswith(lx.ORGANISATION_SUFFIXES):
            return " ".join(names)
    return None


def introduction_words(q: str) -> int:
    """How many words of `q` are the asker's introduction: leading sentences that are no
    question and open with a self-introduction ("Jag är …", "Vi jobbar …"); a dash ends one
    as a full stop does ("Vi är en förvaltning … – hur mycket kan en insats få?")."""
    spaced = re.sub(r"\s-\s", " – ", q)
    sentences = re.findall(r"(?:[^.!?–—]|(?<=\S)[–—](?=\S))+[.!?–—]?", spaced)
    n = 0
    for sent in sentences[:-1]:
        toks = [fold(t) for t in words(sent)]
        if sent.rstrip().endswith("?") or asks_indirectly(toks) or not _introduces(toks, sent):
            break
        n += len(toks)
    if n == 0 and ":" in q:
        # "Snabbt, jag har deadline om en kvart: vilka bär huvudansvaret …?": what stands
        # before a colon that a question follows is the asker's preamble
        before, _, after = q.partition(":")
        rest = [fold(t) for t in words(after)]
        if rest and rest[0] in lx.QUESTION_WORDS and not before.rstrip().endswith("?"):
            n = len(words(before))
    return n


def preamble_words(q: str) -> int:
    """How many words of `q` are statements before its question (sentences that end in a full
    stop, none of which asks indirectly), when the last sentence is the question."""
    n = 0
    for sent in re.findall(r"[^.!?]+[.!?]?", q):
        toks = [fold(t) for t in words(sent)]
        if sent.rstrip().endswith("?"):
            return n
        if (
            not sent.rstrip().endswith(".")
            or len(toks) < 3
            or toks[0] in lx.OPENING_QUESTION_WORDS
            or asks_indirectly(toks)
        ):
            return 0
        n += len(toks)
    return 0


def asks_indirectly(toks: list[str]) -> bool:
    """Does a sentence ask its question indirectly ("Min kollega undrar vem som har …. Vet
    du?"): a verb of wondering followed by a question word? Then it is the question, however
    it ends, and no introduction."""
    return any(
        t in lx.INDIRECT_QUESTION_VERBS and set(toks[i + 1 : i + 3]) & lx.INDIRECT_QUESTION_WORDS
        for i, t in enumerate(toks)
    )


def _introduces(toks: list[str], sentence: str) -> bool:
    """Is a sentence before the question the asker's introduction: it opens with a greeting or
    a self-introduction ("Jag är …", "Sitter i …"), speaks of the asker ("Som präst … möter
    jag"; "I'm an exchange student"), or opens with a verb without its subject ("Praktiserar
    på lokaltidningen …")?"""
    if not toks:
        return False
    if toks[0] in lx.INTRODUCTION_WORDS or set(toks) & lx.FIRST_PERSON_WORDS:
        return True
    if re.search(r"\b(?:I'm|I am)\b", sentence):
        return True
    first = toks[0]
    if not sentence.rstrip().endswith(".") or first in lx.QUESTION_WORDS:
        return False
    # a verb first is a subject-less statement only when it ends as one: "Slutar X – …?" asks
    if len(first) >= 6 and first.endswith(lx.PRESENT_TENSE_ENDINGS):
        return True
    # "Ordförande i en byaförening utanför stan.": the asker's role, and no verb
    return first in lx.PERSON_NOUNS and not any(
        t.endswith(lx.PRESENT_TENSE_ENDINGS) and len(t) >= 5 for t in toks[1:]
    )


def topic_of_question(
    pairs: list[tuple[str, int]], tokens: list[str], q: str, intro: int
) -> list[tuple[str, int]]:
    """The topic words (word, index) of a question: after the asker's introduction (see
    topic_of_introduced); after a statement of the asker's situation ("Lampan vid Vasaplan har
    varit trasig länge. Hur snabbt ska kommunen laga belysning?") the question's own words,
    when it has at least two; else all."""
    if intro:
        return topic_of_introduced(pairs, tokens, intro)
    before = preamble_words(q)
    if before and _points_into(tokens[before:], tokens[:before]):
        # "Skolan vill att vi köper skridskor. Vad säger planen om sånt?": the pronoun stands
        # for what the statement before speaks of
        return [(t, i) for t, i in pairs if t not in lx.BACK_PRONOUNS]
    if before and sum(i >= before for _, i in pairs) >= 2:
        return [(t, i) for t, i in pairs if i >= before]
    return pairs


def topic_of_introduced(
    pairs: list[tuple[str, int]], tokens: list[str], intro: int
) -> list[tuple[str, int]]:
    """The topic words (word, index) of a question after an introduction of `intro` words:
    the question's own when it has any; else, when it points back ("… en dragning om
    hemlöshet. Vilka styrdokument tar upp det?"), what the introduction is about (after its
    last "om"), not the asker's role."""
    own = [(t, i) for t, i in pairs if i >= intro]
    if _points_into(tokens[intro:], tokens[:intro]):
        # "Mina barn vill börja på kulturskolan. Vem ansvarar för att den ska vara
        # avgiftsfri?": "den" is what the introduction speaks of, its words are topic too;
        # from its last clause of the asker's own ("… och vi vill dra igång …") when it has one
        start = _last_own_clause(tokens[:intro])
        return [(t, i) for t, i in pairs if i >= start and t not in lx.BACK_PRONOUNS]
    if own:
        return own
    about = [i for i, t in enumerate(tokens[:intro]) if t in lx.TOPIC_PREPOSITIONS]
    if about:
        return [(t, i) for t, i in pairs if i > about[-1]]
    return pairs


def _points_into(asked: list[str], told: list[str]) -> bool:
    """Does the question use a pronoun on its own ("att den ska vara …", "ansvaret för det
    enligt planen"), not as the article of a noun ("den planen"), or name a section by it
    ("det delmålet")? A bare "det" after a statement that names a document ("läste om det
    här programmet … syftet med det?") is that document, not a topic."""
    names_document = bool(set(told) & lx.DOCUMENT_NOUNS)
    for before, t, nxt in zip(["", *asked[:-1]], asked, [*asked[1:], ""], strict=True):
        alone = not nxt or nxt in STOPWORDS or nxt in lx.MODAL_VERBS or nxt in lx.POINTING_FOLLOWERS
        if t in lx.BACK_PRONOUNS and alone:
            return True
        if t == "det" and before in lx.POINTING_PREPOSITIONS and alone and not names_document:
            return True
        if t in lx.BACK_PRONOUNS | {"det"} and nxt in lx.POINTED_SECTION_NOUNS:
            return True
    return False


def _last_own_clause(intro: list[str]) -> int:
    """Where the introduction's last clause with the asker as its subject begins ("… och vi
    vill …"), or 0: the role before it ("Jag är fritidsledare på …") is no topic."""
    starts = [i for i, t in enumerate(intro) if i and t in lx.CLAUSE_SUBJECTS]
    return starts[-1] if starts else 0


def after_the_question(q: str) -> int | None:
    """The index of the first word of a statement that follows the question mark, if any."""
    at = q.rfind("?")
    tail = q[at + 1 :].strip() if at >= 0 else ""
    if not tail or len(words(tail)) < 2:
        return None
    return len(words(q[: at + 1]))


def swedish_body_names(question: str) -> str:
    """'the elderly care committee' → 'Äldrenämnden': a body named in English, by its name."""
    low = question.lower()
    if "committee" not in low and "board" not in low and "council" not in low:
        return question
    for english, swedish in lx.ENGLISH_BODY_NAMES.items():
        question = re.sub(rf"\b{re.escape(english)}s?\b", swedish, question, flags=re.I)
    return question
