"""How quoted sentences are shown: each passage's label (its document, section and group) and
the extract answer that quotes them, grouped by passage, with their citations."""

from __future__ import annotations

from collections.abc import Sequence

from .corpus import Corpus
from .extractive import Unit
from .models import Answer, Citation
from .render import Renderer
from .structured import runs


def unit_label(c: Corpus, r: Renderer, u: Unit) -> str:
    """'Delmål 3.2 Motverka barnfattigdom', with its document's title over several."""
    sec = c.section(u.section or "", u.document)
    chunk = c.snapshot.chunks[u.chunk]
    if chunk.kind == "footnote":
        return r.t("label_footnote", id="", title=chunk.title_path)
    doc_title = c.snapshot.documents[u.document].title
    if sec is None or not sec.title:
        return doc_title  # an untitled section: the document names it
    label = r.label(sec, doc_title)
    if chunk.kind == "group":
        label += " › " + chunk.title_path.split(" › ")[-1]
    if len(c.snapshot.documents) > 1:
        # several documents in the corpus: the quote says which one it is from
        label = r.t("label_in_document", label=label, document=doc_title)
    return label


def render_extract(
    c: Corpus,
    r: Renderer,
    language: str,
    units: Sequence[Unit],
    coverage: float,
    intro: str = "extractive_intro",
) -> Answer:
    """The answer that quotes `units`, each passage's sentences under its label."""
    if c.spans_documents:
        intro += "_documents"  # over several documents: not "programmet"
    lines = [r.t(intro)]
    cites: list[Citation] = []
    groups: list[list[Unit]] = []
    for u in units:
        if groups and groups[-1][-1].chunk == u.chunk:
            groups[-1].append(u)
        else:
            groups.append([u])
    for g in groups:
        lines.append(
            r.t(
                "extractive_item",
                label=unit_label(c, r, g[0]),
                page=r.pages([p.page for u in g for p in u.parts]),
                quote=r.quotes(runs(g, c)),
            )
        )
        for u in g:
            cites.extend(x for x in c.cite_unit(u) if x not in cites)
    sections = list(dict.fromkeys(u.section for u in units if u.section))
    return Answer(
        text="\n".join(lines),
        citations=cites,
        abstained=False,
        mode="extractive",
        confidence=round(min(1.0, coverage), 3),
        sections=sections,
        language=language,
    )
