"""The responsibility matrix as a page of its own (/matrix/{document}): the whole table at full
width, for reading at a glance and printing. The same table the chat page builds in its
"Om dokumenten" panel, here rendered on the server from the same Matrix."""

from __future__ import annotations

from urllib.parse import quote as urlquote

from ingest.messages import Messages

from .html import Safe, join, tag
from .matrix import Matrix
from .source_page import SourcePage


def _view(document: str, section: str) -> str:
    return f"/view/{urlquote(document, safe='')}/{urlquote(section, safe='')}"


def matrix_table(matrix: Matrix, msgs: Messages) -> Safe:
    cols = len(matrix.bodies) + 1
    head = tag(
        "tr",
        join(
            [
                tag("th", msgs.get("ui.about.matrix_section"), scope="col", class_="section-col"),
                *[
                    tag(
                        "th",
                        join(
                            [
                                tag("abbr", b.abbreviation, title=b.display),
                                tag("span", " " + b.display, class_="visually-hidden"),
                            ]
                        ),
                        scope="col",
                        class_="body-col",
                    )
                    for b in matrix.bodies
                ],
            ]
        ),
    )
    groups: list[Safe] = []
    rows: list[Safe] = []
    group: str | None = None

    def close() -> None:
        if rows:
            groups.append(tag("tbody", join(rows)))
            rows.clear()

    for i, row in enumerate(matrix.rows):
        if i == 0 or row.group != group:
            close()
            group = row.group
            if group:
                rows.append(
                    tag("tr", tag("th", group, scope="rowgroup", colspan=cols), class_="group")
                )
        cells = []
        for b in matrix.bodies:
            owner = row.cells.get(b.abbreviation)
            if owner is None:
                cells.append(tag("td", "", data_body=b.abbreviation))
                continue
            parts = [
                tag("span", "●", class_="dot", aria_hidden="true"),
                tag("span", msgs.get("ui.about.matrix_yes"), class_="visually-hidden"),
            ]
            if owner.via:
                parts.append(tag("span", " " + ", ".join(owner.via), class_="via"))
            cells.append(tag("td", join(parts), class_="owns", data_body=b.abbreviation))
        name = tag("a", row.name, href=_view(matrix.document, row.section))
        rows.append(
            tag("tr", join([tag("th", name, scope="row"), *cells]), data_section=row.section)
        )
    close()
    total = tag(
        "tr",
        join(
            [
                tag("th", msgs.get("ui.about.matrix_total"), scope="row"),
                *[tag("td", str(matrix.count(b.abbreviation))) for b in matrix.bodies],
            ]
        ),
    )
    table = tag(
        "table",
        join(
            [
                tag("caption", msgs.render("ui.about.matrix_caption", document=matrix.title)),
                tag("thead", head),
                *groups,
                tag("tfoot", total),
            ]
        ),
        class_="matrix",
        data_document=matrix.document,
    )
    return tag(
        "div",
        table,
        class_="table-wrap",
        role="region",
        tabindex="0",
        aria_label=msgs.render("ui.about.matrix_scroll", document=matrix.title),
    )


def matrix_page(matrix: Matrix, msgs: Messages) -> SourcePage:
    heading = msgs.render("ui.matrix.page_title", document=matrix.title)
    csv = f"/api/documents/{urlquote(matrix.document, safe='')}/matrix.csv"
    meta = join(
        [
            tag("p", msgs.get("ui.about.matrix_intro")),
            tag("p", tag("a", msgs.get("ui.about.matrix_csv"), href=csv, download="")),
        ]
    )
    return SourcePage(
        title=heading, heading=heading, meta=meta, status="", body=matrix_table(matrix, msgs)
    )
