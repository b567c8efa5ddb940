"""Documents a document only lists: their content is not answered by the list's entry, and a
question about a document of a kind not in scope is not answered from this one's text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.text import STOPWORDS, fold

from ..links import pointer
from ..models import Answer, Citation
from ..reading import lexicon as lx
from ..reading.asks import has
from ..reading.scope import ScopeWords, kind_of, kind_stem, kinds_named, load_scope_words

if TYPE_CHECKING:
    from ..turn import Answering, Result


def only_listed(a: Answering, res: Result) -> Result:
    """'Vad lovar Medborgarlöften Umeå 2021–2022?': when the only evidence is the document's
    entry in a list of related documents, the question about its content is not answered
    here; the abstention points to the entry instead (the ladder's last rung)."""
    ans = res.answer
    if ans.abstained or not ans.citations:
        return res
    listed = all(
        (sec := a.c.section(c.section or "", c.document)) is not None and bool(sec.groups)
        for c in ans.citations
    )
    if not listed:
        return res
    if not (has(a.p.folded, lx.CONTENT_ASKS) or _asks_what_entry_holds(a.p.tokens, ans)):
        return res
    reasons = [a.r.t("abstain_only_listed")]
    if len({c.quote for c in ans.citations}) == 1:
        # and which entry: where the document is named, so the asker knows what to look for
        reasons.append(points_to(a, ans.citations[0]))
    return a.result(a.s.abstain(reasons, citations=ans.citations[:1]), "open")


def points_to(a: Answering, cite: Citation) -> str:
    """'Programmet hänvisar till ”…” (Relaterade dokument, s. 5).': the entry a citation quotes."""
    sec = a.c.section(cite.section or "", cite.document)
    item = cite.quote.strip("•– ").strip()
    where = sec.title if sec is not None else cite.section
    return a.r.t("points_to", item=item, page=cite.page or "", where=where)


def _asks_what_entry_holds(tokens: Sequence[str], ans: Answer) -> bool:
    """'Vilka kriterier måste uppfyllas …?' answered by the one entry "Kriterier
    utvecklingsanslag social hållbarhet": the thing asked for is what the listed document is
    named for, so its content is asked, not where it is or that it is listed."""
    if len({c.quote for c in ans.citations}) != 1 or set(tokens) & lx.LISTED_LOCATION_WORDS:
        return False
    heads = [
        tokens[i + 1]
        for i, t in enumerate(tokens[:-1])
        if t in lx.LISTED_CONTENT_HEADS and tokens[i + 1] not in STOPWORDS
    ]
    if not heads:
        return False
    entry = fold(ans.citations[0].quote).split()
    asked = [heads[0], *fold(lx.EN_SV.get(heads[0], "")).split()]  # "criteria" -> "kriterier"
    stems = [h[: max(4, len(h) - 2)] for h in asked]
    return any(w.startswith(stems_) for w in entry for stems_ in stems)


def about_another_document(a: Answering, kind: str) -> Answer | None:
    """'Vilka åtgärder står i handlingsplanen mot våld?' over a corpus with no handlingsplan:
    a question about the content of a document of another kind than any in scope is not
    answered from this one's text (the abstention then points to where it is listed)."""
    p = a.p
    if kind not in ("open", "section_content", "list_subgoals") or p.sub_goals or p.focus_areas:
        return None
    if not has(p.folded, lx.CONTENT_ASKS):
        return None
    sw = load_scope_words()
    named = kinds_named(p.tokens, sw)
    docs = a.scope_docs or ([a.c.document] if a.c.document else list(a.c.snapshot.documents))
    held = {
        kind_stem(a.c.snapshot.documents[d].kind, sw) for d in docs if d in a.c.snapshot.documents
    }
    if not named or named & held:
        return None
    # and the program lists such a document by those words ("Handlingsplan mot våld"); a
    # phrase like "strategierna för hållbar tillväxt" names no listed document
    found = pointer(a.e, docs, _naming_phrase(p.tokens, sw))
    if found is None:
        return None
    doc, sid, span = found
    entry = fold(a.c.cite(doc, sid, span).quote)
    if not any(stem in entry for stem in named):
        return None
    return a.s.abstain([a.r.t("abstain_other_document")])


def _naming_phrase(tokens: list[str], sw: ScopeWords) -> list[str]:
    """The kind word and what follows its preposition: 'handlingsplanen mot våld'."""
    for i, t in enumerate(tokens):
        k = kind_of(t, sw)
        if k is None or k[1] != 0:
            continue
        j = i + 1
        if j < len(tokens) and tokens[j] in sw.prepositions:
            j += 1
        rest = [w for w in tokens[j : j + 3] if w not in STOPWORDS]
        return [t, *rest] if rest else []
    return []
