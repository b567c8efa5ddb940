"""Which documents say something: "Vilka dokument tar upp trygghetsvandringar?", "Var nämns
Vasaplan?", "Var står det om Mentorer i våldsprevention?".

Every document in scope is searched for the sentences holding the question's topic words (in
their own word forms); each document that has one answers with its best sentence, the default
document first. A question whose topic no sentence holds is read as usual.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.text import fold

from ..extractive import Unit, word_weights
from ..understand import alternatives
from . import related_lists

if TYPE_CHECKING:
    from ..turn import Answering, Result

# share of the topic's weight a sentence must hold
MENTION_SHARE = 0.75
# … or, when it holds a phrase of the question as one, this share
PHRASE_SHARE = 0.5


def k_mentions(a: Answering) -> Result:
    # a word no document uses in any form cannot be held by one ("kräver" in "Vilka dokument
    # kräver en barnkonsekvensanalys?"): the topic is the words the documents have
    words = [
        w
        for w in a._topic_words(None)
        if len(w) > 2 and any(a.c.search.known(x) for x in w.split("|"))
    ]
    weights = word_weights(words, a.c.search)
    if not weights:
        if a.named_scope:
            # "Vilka dokument hänvisar programmet till?": the document named is the one that
            # mentions, and what it mentions is its list of related documents
            return related_lists.k_related_docs(a)
        return a.read_as_usual("mentions")
    docs = a.scope_docs or ([a.c.document] if a.c.document else list(a.c.by_document))
    phrase = _phrase(a, words)
    rarest = max(weights, key=lambda w: weights[w])
    found: dict[str, list[tuple[tuple[bool, bool, bool, float, float], Unit]]] = {}
    for i, chunk in enumerate(a.c.snapshot.chunks):
        if chunk.document not in docs:
            continue
        title = chunk.title_path.split(" › ")[-1]
        for u in a.c.units(i):
            if u.kind == "heading":
                continue
            # the unit with its section's title ("Aktivitet 2.1 Skyddat boende …")
            text = u.text + " " + title
            score = _held(text, weights)
            together = phrase is not None and _adjacent(text, phrase)
            # a phrase of the question held as one, or its rarest word, counts for more than
            # the other words ("kräver", "snabbt") that frame the question
            strong = together or _held(text, {rarest: 1.0}) == 1.0
            if score < (PHRASE_SHARE if strong else MENTION_SHARE):
                continue
            # a section whose title holds the topic first, then a sentence that holds it itself
            titled = _held(title, weights) >= MENTION_SHARE
            # (a row of a table is the last resort: it names, it does not say)
            rank = (together, "|" not in u.text, titled, score, _held(u.text, weights))
            found.setdefault(chunk.document, []).append((rank, u))
    named = phrase is not None and _is_name(a.p.question, phrase)
    if named and any(r[0] for hits in found.values() for r, _ in hits):
        # the topic is a name ("Bostad först"): where some text holds it as one, only those
        found = {d: [h for h in hits if h[0][0]] for d, hits in found.items()}
        found = {d: hits for d, hits in found.items() if hits}
    if any(w in a.p.folded for w in (" rubrik", " titel", " title", " heading")):
        # "… ett mål med rubriken X": the sections whose title holds it
        found = {d: [h for h in hits if h[0][2]] for d, hits in found.items()}  # titled
        found = {d: hits for d, hits in found.items() if hits}
    if not found:
        return a.read_as_usual("mentions")
    order = sorted(found, key=lambda d: docs.index(d) if d in docs else len(docs))
    units: list[Unit] = []
    for d in order:
        # each document's best sentence, and its next best if as good (in another section
        # first: "insatsområde 4.4" and "Fördjupning – trångboddhet")
        hits = sorted(found[d], key=lambda h: h[0], reverse=True)
        first = hits[0]
        units.append(first[1])
        good = [h for h in hits[1:] if h[0][:4] == first[0][:4]]
        other = next((h for h in good if h[1].section != first[1].section), None)
        if other is None and good:
            other = good[0]
        if other is not None:
            units.append(other[1])
    answer = a.q._render_extract(units, MENTION_SHARE)
    result = a.result(answer, "mentions")
    result.documents = order
    return result


def _phrase(a: Answering, words: list[str]) -> list[str] | None:
    """The longest run of topic words standing next to each other in the question (the name
    of a thing: "Bostad först", "skyddat boende"), else None."""
    toks = re.findall(r"\w+", fold(a.p.question))
    plain = [w for w in words if "|" not in w]
    best: list[str] = []
    run: list[str] = []
    for t in toks:
        hit = next((w for w in plain if _form_of(w, t)), None)
        run = [*run, hit] if hit is not None else []
        if len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else None


def _is_name(question: str, phrase: list[str]) -> bool:
    """The phrase is written as a name in the question: capitalised after its first word, or
    quoted."""
    for m in re.finditer(r"[\"”“'‘’]?(\w+)", question):
        if m.start() > 0 and _form_of(phrase[0], fold(m.group(1))):
            return m.group(1)[:1].isupper() or m.group(0)[:1] in "\"”“'‘’"
    return False


def _adjacent(text: str, phrase: list[str]) -> bool:
    toks = re.findall(r"\w+", fold(text))
    n = len(phrase)
    return any(
        all(_form_of(w, t) for w, t in zip(phrase, toks[i : i + n], strict=True))
        for i in range(len(toks) - n + 1)
    )


def _held(text: str, weights: dict[str, float]) -> float:
    """The share of the topic's weight whose words stand in `text` in one of their own forms
    ("trygghetsvandringar" in "trygghetsvandringen", not in "trygghetsarbete" or "trygg")."""
    tokens = set(re.findall(r"\w+", fold(text)))
    total = sum(weights.values())
    held = sum(
        w
        for word, w in weights.items()
        if any(_form_of(alt, t) for alt in alternatives(word) for t in tokens)
    )
    return held / total if total else 0.0


def _form_of(word: str, token: str) -> bool:
    """`token` is `word` with another ending, or a compound ending in it."""
    if token == word:
        return True
    if len(word) >= 5 and abs(len(token) - len(word)) <= 4:
        stem = word[: max(5, len(word) - 3)]  # "heltid" is not "helt"
        if token.startswith(stem):
            return True
    # a compound holding it ("våldsutövaren" holds "utövar" and begins with "våld")
    return (len(word) >= 6 and word in token) or (len(word) >= 4 and token.startswith(word))
