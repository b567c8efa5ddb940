"""The source view: a section's (or a page's) text with the cited quote highlighted.

Document text is always escaped; the only markup added is <mark> around the quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote as urlquote

from ingest.index import Snapshot
from ingest.messages import Messages
from ingest.models import Section

from . import program_view
from .highlight import find_quote
from .html import Safe, esc, join, tag


def section_heading(section: Section, msgs: Messages) -> str:
    if section.kind == "focus_area":
        return msgs.render("ui.about.focus_area", id=section.id, title=section.title)
    if section.kind == "sub_goal":
        return msgs.render("ui.about.sub_goal", id=section.id, title=section.title)
    return section.title or section.id


def quote_spans(text: str, quotes: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, end, quote index) of every quote found in `text`, in text order, never
    overlapping (a quote inside one already marked is not marked twice)."""
    found = []
    for i, q in enumerate(quotes):
        span = find_quote(text, q) if q else None
        if span is not None:
            found.append((span[0], span[1], i))
    out: list[tuple[int, int, int]] = []
    for a, b, i in sorted(found):
        if out and a < out[-1][1]:
            continue
        out.append((a, b, i))
    return out


class Marks:
    """Hands out the mark ids of one page: the first quote found is #citat (the chat links
    there), the others #citat-2, #citat-3 … in the order of the quotes."""

    def __init__(self, quotes: Sequence[str]) -> None:
        self.quotes = list(quotes)
        self.ids: dict[int, str] = {}

    def id_for(self, index: int) -> str:
        if index not in self.ids:
            self.ids[index] = "citat" if not self.ids else f"citat-{len(self.ids) + 1}"
        return self.ids[index]

    @property
    def missing(self) -> list[str]:
        return [q for i, q in enumerate(self.quotes) if q and i not in self.ids]


def marked(text: str, marks: Marks, only: Sequence[int] | None = None) -> tuple[Safe, bool]:
    """The text escaped, with each quote found (of `only`, default all) wrapped in <mark>."""
    wanted = [q if only is None or i in only else "" for i, q in enumerate(marks.quotes)]
    spans = quote_spans(text, wanted)
    if not spans:
        return esc(text), False
    parts: list[Safe] = []
    pos = 0
    for a, b, i in spans:
        parts += [esc(text[pos:a]), tag("mark", text[a:b], id=marks.id_for(i))]
        pos = b
    parts.append(esc(text[pos:]))
    return join(parts), True


@dataclass
class SourcePage:
    title: str
    heading: str
    meta: Safe
    status: str
    body: Safe


def _page_block(
    msgs: Messages,
    document: str,
    page: int,
    text: str,
    marks: Marks,
    only: Sequence[int] | None = None,
    heading_id: str | None = None,
) -> tuple[Safe, bool]:
    content, found = marked(text, marks, only)
    heading_id = heading_id or f"sida-{page}"
    block = join(
        [
            tag("h2", msgs.render("ui.view.page", page=page), id=heading_id),
            tag(
                "p",
                tag(
                    "a",
                    msgs.render("ui.view.open_pdf", page=page),
                    href=f"/documents/{urlquote(document, safe='')}#page={page}",
                ),
                class_="pdf-link",
            ),
            tag("div", content, class_="doc-text"),
        ]
    )
    return tag("section", block, class_="page", aria_labelledby=heading_id), found


def _quote_list(msgs: Messages, marks: Marks) -> Safe:
    """With more than one quote: the quotes, each a link to its mark (or said not found)."""
    if len([q for q in marks.quotes if q]) < 2:
        return Safe("")
    items = []
    for i, q in enumerate(marks.quotes):
        if not q:
            continue
        shown = msgs.render("ui.view.quote_item", quote=q)
        if i in marks.ids:
            items.append(tag("li", tag("a", shown, href=f"#{marks.ids[i]}")))
        else:
            items.append(tag("li", msgs.render("ui.view.quote_item_missing", quote=q)))
    return tag(
        "section",
        join(
            [
                tag("h2", msgs.get("ui.view.quotes"), id="citerade"),
                tag("ol", join(items), class_="quote-list"),
            ]
        ),
        class_="quotes",
        aria_labelledby="citerade",
    )


def _status(msgs: Messages, marks: Marks) -> str:
    asked = [q for q in marks.quotes if q]
    if not asked:
        return ""
    if not marks.ids:
        return msgs.get("ui.view.quote_nowhere")
    if len(asked) == 1:
        return msgs.get("ui.view.quote_found")
    if marks.missing:
        return msgs.render("ui.view.quotes_some", found=len(marks.ids), count=len(asked))
    return msgs.render("ui.view.quotes_found", count=len(asked))


def _owners_block(snapshot: Snapshot, msgs: Messages, section: Section) -> Safe:
    if not section.owners:
        return Safe("")
    lookup = program_view.glossary_lookup(snapshot.glossary)
    items = [tag("li", program_view.owner_display(o, lookup, msgs)) for o in section.owners]
    return tag(
        "section",
        join([tag("h2", msgs.get("ui.view.owners")), tag("ul", join(items))]),
        class_="owners",
    )


def section_page(
    snapshot: Snapshot,
    msgs: Messages,
    document: str,
    section: Section,
    quotes: Sequence[str],
    page: int | None,
) -> SourcePage:
    doc = snapshot.documents[document]
    marks = Marks(quotes)
    blocks: list[Safe] = []
    for pno, text in program_view.section_excerpt(snapshot, section):
        block, _ = _page_block(msgs, document, pno, text, marks)
        blocks.append(block)
    missing = [i for i, q in enumerate(marks.quotes) if q and i not in marks.ids]
    status_extra = ""
    if missing:
        # quotes outside the section's own text: show the cited page as well
        pno = page or (section.pages[0] if section.pages else 1)
        block, found = _page_block(
            msgs,
            document,
            pno,
            snapshot.page_text(document, pno),
            marks,
            only=missing,
            heading_id=f"hela-sidan-{pno}",
        )
        if found:
            status_extra = msgs.render("ui.view.quote_missing", page=pno)
        blocks.append(
            tag("div", join([tag("h2", msgs.render("ui.view.whole_page", page=pno)), block]))
        )
    status = status_extra or _status(msgs, marks)
    heading = section_heading(section, msgs)
    pages = ", ".join(str(p) for p in section.pages)
    meta = join(
        [
            tag("p", msgs.render("ui.view.document", document=doc.title)),
            tag("p", msgs.render("ui.view.pages", pages=pages)) if pages else Safe(""),
        ]
    )
    return SourcePage(
        title=msgs.render("ui.view.title", section=heading, document=doc.title),
        heading=heading,
        meta=meta,
        status=status,
        body=join([_quote_list(msgs, marks), *blocks, _owners_block(snapshot, msgs, section)]),
    )


def document_page(
    snapshot: Snapshot, msgs: Messages, document: str, page: int, quotes: Sequence[str]
) -> SourcePage:
    doc = snapshot.documents[document]
    marks = Marks(quotes)
    block, _ = _page_block(msgs, document, page, snapshot.page_text(document, page), marks)
    heading = msgs.render("ui.view.page_view", page=page, document=doc.title)
    return SourcePage(
        title=heading,
        heading=heading,
        meta=tag("p", msgs.render("ui.view.document", document=doc.title)),
        status=_status(msgs, marks),
        body=join([_quote_list(msgs, marks), block]),
    )
