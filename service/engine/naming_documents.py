"""Which documents refer to a document: "Vilka andra dokument hänvisar till Program för social
hållbarhet?", "Which documents refer to the action plan against violence?".

The question asks for documents ("vilka (andra) dokument", "which documents") with a verb of
reference, and names one document after the verb. Every other document in reach is searched for
its first sentence or list entry that names that document by its title (with or without the
period after a dash) or an alias; each is quoted, the documents in corpus order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.text import padded_words

from .context import pointer_line, quoted_result
from .models import Citation
from .reading.scope import resolve_scope
from .scoping import doc_infos

if TYPE_CHECKING:
    from .answer import AnswerEngine
    from .turn import Result

_ASKS = re.compile(
    r" (?:vilka (?:andra |ovriga )?(?:dokument|styrdokument)"
    r"|i vilka (?:andra |ovriga )?(?:dokument|styrdokument)"
    r"|which (?:other )?documents) "
)
_VERB = re.compile(
    r" (?:hanvisar|hanvisas|refererar|namner|namns|refers?|mention|mentions|cites?)"
    r" (?:ocksa |aven )?(?P<prep>till |pa |to )?(.*)$"
)
# the preposition left at the end: "Vilka dokument hänvisar tillgänglighetsprogrammet till?" asks
# what that programme refers to, not what refers to it
_STRANDED = re.compile(r" (?:till|pa|to)(?: som \w+)? $")


def answer_documents_naming(
    engine: AnswerEngine, q: str, caller: tuple[str, ...] | None
) -> Result | None:
    c = engine.corpus
    folded = padded_words(q)
    verb = _VERB.search(folded)
    if not _ASKS.search(folded) or verb is None:
        return None
    if verb.group("prep") is None and _STRANDED.search(folded):
        return None
    allowed = [d for d in (caller or c.snapshot.documents) if d in c.snapshot.documents]
    infos = doc_infos(c.snapshot, allowed)
    named = resolve_scope(verb.group(2), infos, None, joined_compounds=True)
    if named.how == "kind" or len(named.documents) != 1:
        return None
    target = next(i for i in infos if i.id == named.documents[0])
    forms = _forms(target.title, target.aliases)
    lines: list[str] = []
    cites: list[Citation] = []
    for doc in allowed:
        if doc == target.id:
            continue
        unit = next(
            (
                u
                for u in c.find_units(re.compile(r"\w"), doc)
                if u.kind in ("sentence", "item") and _holds(u.text, forms)
            ),
            None,
        )
        found = c.cite_unit(unit) if unit is not None else []
        if unit is None or not found:
            continue
        lines.append(pointer_line(engine, doc, unit.section, unit.text))
        cites += found
    if not lines:
        return None
    docs = list(dict.fromkeys(ct.document for ct in cites))
    return quoted_result(lines, cites, "refers_to", docs)


def _forms(title: str, aliases: tuple[str, ...] | list[str]) -> list[str]:
    """The document's names as a text would write them: its title without the period or the
    part after a dash ("Program för social hållbarhet"), and its aliases."""
    bare = re.split(r" [–-] | \d{4}", title)[0]
    names = [title, bare, *aliases]
    return [padded_words(n) for n in names if len(n.split()) >= 2]


def _holds(text: str, forms: list[str]) -> bool:
    folded = padded_words(text)
    return any(f in folded for f in forms)
