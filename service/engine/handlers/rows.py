"""Facts about a section stated in a table elsewhere in its document: "När ska åtgärd 4.1 vara
genomförd?" where a Tidplan table has a row "4.1 | … | KS | 2024-03-31".

The tables are parsed once per document (tables.py, Corpus.table_rows). A row belongs to a
section when its first cell is that section's id in the same document. When a question asks for
a time, the cells of the section's row that hold a date or a year answer it: alone when the
section's own text does not, else after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.models import Section
from ingest.text import fold

from ..extractive import has_date, has_year, match_score
from ..models import Answer
from ..scoping import merge
from ..tables import Row

if TYPE_CHECKING:
    from ..turn import Answering, Result

TIME_ASKS = frozenset({"time", "year"})


def table_rows(a: Answering) -> list[Row]:
    """Every row (below a header) of every table in the documents in view."""
    docs = [a.c.document] if a.c.document else list(a.c.pages)
    return [row for doc in docs for row in a.c.table_rows(doc)]


def _timed(cell: str) -> bool:
    return has_date(cell) or has_year(cell)


def _targets(a: Answering) -> list[Section]:
    named = a._sections(a.p.sub_goals or a.p.focus_areas)
    if named:
        return named
    if a.users and (a.p.anaphora or not a._topic_words(None)):
        return a._ctx_sections()
    return []


def _keyed(a: Answering, row: Row) -> Section | None:
    """The section of the row's document that the row's first cell names."""
    prog = a.c.snapshot.programs.get(row.document)
    return prog.section(row.cells[0]) if prog is not None else None


def rows_for(a: Answering, found: Result) -> list[tuple[Section, Row]]:
    """The rows, with a cell holding a date or a year, of the sections the question is about:
    named or talked about; else the first section the handler's answer used (or, abstaining,
    suggested) when the question's words are in that section's title or its row."""
    rows = [r for r in table_rows(a) if any(_timed(c) for c in r.cells[1:])]
    if not rows:
        return []
    targets = _targets(a)
    if targets:
        ids = {(s.document, s.id) for s in targets}
        keyed = [(_keyed(a, r), r) for r in rows if (r.document, r.cells[0]) in ids]
        return [(s, r) for s, r in keyed if s is not None]
    words = {w: 1.0 for w in a._topic_words(None)}
    if not words:
        return []
    ans = found.answer
    used = (
        [(d, sid) for sid in ans.suggestions for d in {r.document for r in rows}]
        if ans.abstained
        else [(c.document, c.section) for c in ans.citations if c.section]
    )
    for doc, sid in dict.fromkeys(used):
        # the table itself was quoted: its one row that the question's words point at
        held = [(match_score(" ".join(r.cells[1:]), words, a.c.search), r) for r in rows]
        held = [(x, r) for x, r in held if (r.document, r.holder.id) == (doc, sid) and x > 0]
        top = max((x for x, _ in held), default=0.0)
        best = [r for x, r in held if x == top]
        sec = _keyed(a, best[0]) if len(best) == 1 else None
        if sec is not None:
            return [(sec, best[0])]
        mine = [r for r in rows if (r.document, r.cells[0]) == (doc, sid)]
        sec = _keyed(a, mine[0]) if mine else None
        if sec is not None:
            text = " ".join([sec.title, *mine[0].cells[1:]])
            return [(sec, mine[0])] if match_score(text, words, a.c.search) > 0 else []
    return []


def _fact(a: Answering, sec: Section, row: Row) -> str:
    shown = [(h, c) for h, c in zip(row.header[1:], row.cells[1:], strict=True) if _timed(c)]
    cells = "; ".join(a.r.t("table_cell", header=h, value=c) for h, c in shown)
    return a.r.t("table_row", label=a.r.label(sec), table=row.holder.title, cells=cells)


def cell_for(a: Answering) -> Result | None:
    """'Hur många bostäder planeras i Universitetsstaden 2027?': the one row whose first cell
    the question names and the one column whose header is a number of the question."""
    if not a.p.numbers:
        return None
    asked = set(a.p.tokens)
    hits = []
    for r in table_rows(a):
        key = [w for w in re.findall(r"\w+", fold(r.cells[0])) if len(w) > 3]
        if not key or not all(w in asked for w in key):
            continue
        cols = [i for i, h in enumerate(r.header) if i and h in a.p.numbers]
        if len(cols) == 1:
            hits.append((r, cols[0]))
    if len(hits) != 1:
        return None
    row, i = hits[0]
    text = a.r.t(
        "table_value",
        row=row.cells[0],
        header=row.header[i],
        value=row.cells[i],
        table=row.holder.title,
    )
    cite = a.c.cite(row.document, row.holder.id, row.span)
    return a.result(a.s._answer(text, [cite], sections=[row.holder.id]), "section_content")


def _shares_word(text: str, tokens: list[str]) -> bool:
    """A word of the text in the question in another form ("Klart" / "klara", "tidplanen")."""
    for w in re.findall(r"\w+", fold(text)):
        for t in tokens:
            if min(len(w), len(t)) >= 4 and w[:4] == t[:4] and abs(len(w) - len(t)) <= 2:
                return True
    return False


def rows_in_year(a: Answering) -> Result | None:
    """'Vilka åtgärder ska vara klara 2024 enligt tidplanen?': the sections whose row gives a
    date in that year, when the question uses a word of the table's header or title."""
    years = [n for n in a.p.numbers if re.fullmatch(r"(?:19|20)\d\d", n)]
    if len(years) != 1 or a.p.tokens[:1] not in (["vilka"], ["which"]):
        return None
    hits: list[tuple[Section, Row, int]] = []
    for r in table_rows(a):
        cols = [i for i, c in enumerate(r.cells) if i and _timed(c)]
        named = " ".join([r.holder.title, *(r.header[i] for i in cols)])
        sec = _keyed(a, r)
        if sec is None or not cols or not _shares_word(named, a.p.tokens):
            continue
        hits += [(sec, r, i) for i in cols if years[0] in r.cells[i]]
    if not hits:
        return None
    by_doc: dict[str, list[tuple[Section, Row, int]]] = {}
    for hit in hits:
        by_doc.setdefault(hit[1].document, []).append(hit)
    # each document's sections in a part of their own, never one list of two documents'
    parts = [(doc, _in_year(a, mine, years[0])) for doc, mine in by_doc.items()]
    titles = {doc: a.c.title(doc) for doc in by_doc}
    answer = merge(parts, a.e.messages.get("answer.document_part"), titles)
    return a.result(answer, "reverse")


def _in_year(a: Answering, hits: list[tuple[Section, Row, int]], year: str) -> Answer:
    table, header = hits[0][1].holder.title, hits[0][1].header[hits[0][2]]
    items = a.r.join([a.r.label(sec) for sec, _, _ in hits])
    text = a.r.t("table_in_year", table=table, header=header, year=year, items=items)
    cites = [a.c.cite(r.document, r.holder.id, r.span) for _, r, _ in hits]
    return a.s._answer(text, cites, sections=[s.id for s, _, _ in hits])


# the results a table can add to: read from the text, not computed from the structure
_TEXT_KINDS = frozenset({"open", "section_content", "list_subgoals"})


def after(a: Answering, result: Result) -> Result:
    """The handler's result, with what a table says: the one cell a question names, the sections
    whose row gives a date in the year asked, or the time a row gives the section asked about."""
    if result.kind not in _TEXT_KINDS:
        return result
    cell = cell_for(a) or rows_in_year(a)
    if cell is not None:
        return cell
    if not (a.p.asks & TIME_ASKS) or result.kind == "list_subgoals":
        return result
    found = rows_for(a, result)
    if not found:
        return result
    text = "\n".join(_fact(a, sec, row) for sec, row in found)
    cites = [a.c.cite(r.document, r.holder.id, r.span) for _, r in found]
    ids = [sec.id for sec, _ in found]
    ans = result.answer
    holders = {(r.document, r.holder.id) for _, r in found}
    if ans.abstained or all((c.document, c.section) in holders for c in ans.citations):
        # nothing else to say, or only other rows of the same table quoted
        return a.result(a.s._answer(text, cites, sections=ids), result.kind)
    if all(c in ans.citations for c in cites):
        return result
    ans.text = ans.text + "\n" + text
    ans.citations = ans.citations + [c for c in cites if c not in ans.citations]
    return result
