"""The source view: a section's (or a page's) text with the cited quote highlighted.

Document text is always escaped; the only markup added is <mark> around the quote.
"""

from __future__ import annotations

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


def marked(text: str, quote: str, mark_id: str | None) -> tuple[Safe, bool]:
    """The text escaped, with the quote (if found) wrapped in <mark>."""
    span = find_quote(text, quote) if quote else None
    if span is None:
        return esc(text), False
    a, b = span
    return join([esc(text[:a]), tag("mark", text[a:b], id=mark_id), esc(text[b:])]), True


@dataclass
class SourcePage:
    title: str
    heading: str
    meta: Safe
    status: str
    body: Safe


def _page_block(
    msgs: Messages, document: str, page: int, text: str, quote: str, mark_id: str | None
) -> tuple[Safe, bool]:
    content, found = marked(text, quote, mark_id)
    heading_id = f"sida-{page}"
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


def section_page(
    snapshot: Snapshot,
    msgs: Messages,
    document: str,
    section: Section,
    quote: str,
    page: int | None,
) -> SourcePage:
    doc = snapshot.documents[document]
    blocks: list[Safe] = []
    found_at: int | None = None
    for pno, text in program_view.section_excerpt(snapshot, section):
        block, found = _page_block(
            msgs, document, pno, text, quote, "citat" if found_at is None else None
        )
        if found and found_at is None:
            found_at = pno
        blocks.append(block)
    status = msgs.get("ui.view.quote_found") if found_at else ""
    if quote and found_at is None:
        # the quote lies outside the section's own text: show the cited page as well
        pno = page or (section.pages[0] if section.pages else 1)
        block, found = _page_block(
            msgs, document, pno, snapshot.page_text(document, pno), quote, "citat"
        )
        status = (
            msgs.render("ui.view.quote_missing", page=pno)
            if found
            else msgs.get("ui.view.quote_nowhere")
        )
        blocks.append(
            tag("div", join([tag("h2", msgs.render("ui.view.whole_page", page=pno)), block]))
        )
    lookup = program_view.glossary_lookup(snapshot.glossary)
    owners = (
        tag(
            "section",
            join(
                [
                    tag("h2", msgs.get("ui.view.owners")),
                    tag(
                        "ul",
                        join(
                            [
                                tag("li", program_view.owner_display(o, lookup, msgs))
                                for o in section.owners
                            ]
                        ),
                    ),
                ]
            ),
            class_="owners",
        )
        if section.owners
        else Safe("")
    )
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
        body=join([*blocks, owners]),
    )


def document_page(
    snapshot: Snapshot, msgs: Messages, document: str, page: int, quote: str
) -> SourcePage:
    doc = snapshot.documents[document]
    text = snapshot.page_text(document, page)
    block, found = _page_block(msgs, document, page, text, quote, "citat")
    heading = msgs.render("ui.view.page_view", page=page, document=doc.title)
    status = ""
    if quote:
        status = msgs.get("ui.view.quote_found") if found else msgs.get("ui.view.quote_nowhere")
    return SourcePage(
        title=heading,
        heading=heading,
        meta=tag("p", msgs.render("ui.view.document", document=doc.title)),
        status=status,
        body=block,
    )
