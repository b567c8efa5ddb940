"""Lines of a PDF page from positioned text fragments. Pure: no PDF library here.

The loader hands over what pypdf's text visitor saw (x, y, text, bold?, font size). From that:
- fragments at one height make a line, left to right;
- a page with a second column (a run of lines where text also starts at one x in the middle of
  the page, after a clear gap) is read column by column, so two columns are never interleaved;
- a line drawn larger than the body text, or wholly in bold, is marked as a heading line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

# a fragment's width is estimated from its length: DejaVu/Helvetica-like fonts average ~0.55 em
_EM_PER_CHAR = 0.58
_EM_PER_CHAR_BOLD = 0.66
_SAME_LINE = 2.0  # points between baselines still taken as one line
_COLUMN_GAP = 14.0  # points of empty space before a second-column fragment
_MIN_COLUMN_LINES = 3
_HEADING_SIZE = 1.12  # this many times the body size, or bold, marks a heading line


@dataclass(frozen=True)
class Fragment:
    x: float
    y: float  # baseline, PDF user space (grows upwards)
    text: str
    bold: bool = False
    size: float = 10.0

    @property
    def end(self) -> float:
        em = _EM_PER_CHAR_BOLD if self.bold else _EM_PER_CHAR
        return self.x + len(self.text.strip()) * self.size * em


@dataclass(frozen=True)
class TextLine:
    text: str
    heading: bool = False


def _rows(frags: list[Fragment]) -> list[list[Fragment]]:
    rows: list[list[Fragment]] = []
    for f in sorted(frags, key=lambda f: (-f.y, f.x)):
        if rows and abs(rows[-1][0].y - f.y) <= _SAME_LINE:
            rows[-1].append(f)
        else:
            rows.append([f])
    return [sorted(r, key=lambda f: f.x) for r in rows]


def _join(frags: list[Fragment]) -> str:
    """pypdf puts a leading space on a fragment when it saw a gap; else a gap makes one."""
    out = ""
    prev: Fragment | None = None
    for f in frags:
        text = f.text.replace("\n", "")
        if (
            prev is not None
            and not out.endswith(" ")
            and not text.startswith(" ")
            and f.x - prev.end > f.size * 0.15
        ):
            out += " "
        out += text
        prev = f
    return out.strip()


def _wide_gap_before(row: list[Fragment], k: int) -> bool:
    """Fragment k of a row follows a gap far wider than the row's word spacing."""
    gaps = [b.x - a.end for a, b in zip(row, row[1:], strict=False)]
    if k == 0:
        return True
    others = sorted(g for j, g in enumerate(gaps) if j != k - 1)
    typical = others[len(others) // 2] if others else 0.0
    return gaps[k - 1] >= _COLUMN_GAP and gaps[k - 1] >= 2.5 * typical


def _column_split(rows: list[list[Fragment]], width: float) -> float | None:
    """The x where a second column starts, when at least a few lines show one."""
    starts: Counter[int] = Counter()
    for row in rows:
        for k, f in enumerate(row):
            if k and width * 0.3 < f.x < width * 0.7 and _wide_gap_before(row, k):
                starts[round(f.x)] += 1
    if not starts:
        return None
    # neighbouring rounded positions are one column edge
    best, n = max(((x, sum(starts[x + d] for d in (-1, 0, 1))) for x in starts), key=lambda t: t[1])
    return best - 1.5 if n >= _MIN_COLUMN_LINES else None


def _in_column(row: list[Fragment], split: float) -> bool:
    """The row has text starting at the column edge, alone or after a wide gap."""
    return any(
        split - 1 <= f.x <= split + 4 and _wide_gap_before(row, k) for k, f in enumerate(row)
    )


_CELL_GAP = 8.0  # points of empty space between two cells of a table row


def _cell_starts(row: list[Fragment]) -> list[int]:
    """Indices of the fragments that open a cell: the first, and any after a gap far wider
    than the row's word spacing (or, in a row of a few single words, any wide gap)."""
    gaps = [row[k].x - row[k - 1].end for k in range(1, len(row))]
    if not gaps:
        return [0]
    word = min(gaps)  # the spacing between words inside a cell
    few = all(g >= _CELL_GAP for g in gaps) and len(row) <= 8
    return [0] + [
        k for k, g in enumerate(gaps, 1) if g >= _CELL_GAP and (few or g >= 2.5 * max(word, 1.0))
    ]


def _near(x: float, cols: list[float]) -> int | None:
    return next((c for c, cx in enumerate(cols) if abs(cx - x) <= 2.5), None)


def _tables(rows: list[list[Fragment]]) -> dict[int, str | None]:
    """Rows of tables (at least two consecutive rows of three or more cells), as
    ' | '-separated lines; a row that only continues wrapped cells maps to None."""
    out: dict[int, str | None] = {}
    i = 0
    while i < len(rows):
        starts = _cell_starts(rows[i])
        nxt = _cell_starts(rows[i + 1]) if i + 1 < len(rows) else []
        if len(starts) < 3 or len(nxt) < 3:
            i += 1
            continue
        cols = [rows[i][k].x for k in starts]
        cells: list[list[str]] = []
        owner: int | None = None
        found: dict[int, str | None] = {}
        j = i
        while j < len(rows):
            row = rows[j]
            places = [_near(f.x, cols) for f in (row[k] for k in _cell_starts(row))]
            if any(p is None for p in places) or (places[0] != 0 and owner is None):
                break
            if places[0] == 0:
                owner = j
                cells.append([""] * len(cols))
            found[j] = None
            col = 0
            for f in row:
                col = _near(f.x, cols) if _near(f.x, cols) is not None else col  # type: ignore[assignment]
                cell = cells[-1]
                cell[col] = (cell[col] + " " + f.text.strip()).strip()
            found[owner] = " | ".join(cells[-1])  # type: ignore[index]
            j += 1
        if len(cells) >= 2:  # a header and a row at least
            out.update(found)
            head = i - 1  # a header row whose cells did not look apart (narrow columns)
            if head >= 0 and head not in out and _header_of(rows[head], cols):
                out[head] = _cells_text(rows[head], cols)
        i = max(j, i + 1)
    return out


def _header_of(row: list[Fragment], cols: list[float]) -> bool:
    places = {_near(f.x, cols) for f in row} - {None}
    return _near(row[0].x, cols) == 0 and len(places) >= 3


def _cells_text(row: list[Fragment], cols: list[float]) -> str:
    cells = [""] * len(cols)
    col = 0
    for f in row:
        near = _near(f.x, cols)
        col = near if near is not None else col
        cells[col] = (cells[col] + " " + f.text.strip()).strip()
    return " | ".join(cells)


def _is_heading(frags: list[Fragment], body: float) -> bool:
    chars = [f for f in frags if f.text.strip()]
    if not chars:
        return False
    return all(f.bold for f in chars) or min(f.size for f in chars) >= body * _HEADING_SIZE


def body_size(frags: list[Fragment]) -> float:
    """The size most of the text is set in (of a page, or better of the whole document)."""
    sizes: Counter[float] = Counter()
    for f in frags:
        sizes[round(f.size, 1)] += len(f.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def page_lines(frags: list[Fragment], width: float, body: float | None = None) -> list[TextLine]:
    """The page's lines in reading order, heading lines marked (larger than `body`, or bold)."""
    frags = [f for f in frags if f.text.strip()]
    if not frags:
        return []
    body = body or body_size(frags)
    rows = _rows(frags)
    tables = _tables(rows)
    if tables:
        lines: list[TextLine] = []
        plain: list[list[Fragment]] = []
        for k, r in enumerate(rows):
            if k not in tables:
                plain.append(r)
                continue
            lines += _lines_of(plain, width, body)
            plain = []
            if tables[k] is not None:
                lines.append(TextLine(str(tables[k])))
        return lines + _lines_of(plain, width, body)
    return _lines_of(rows, width, body)


def _lines_of(rows: list[list[Fragment]], width: float, body: float) -> list[TextLine]:
    """Rows in reading order: one column, or a block of two columns read left column first."""
    if not rows:
        return []
    split = _column_split(rows, width)
    if split is None:
        return [TextLine(_join(r), _is_heading(r, body)) for r in rows]
    # rows that have text on both sides of the split, or only right of it, form the column
    # block, with the left-only rows between them; the block is read left column first
    two = [i for i, r in enumerate(rows) if _in_column(r, split)]
    first, last = two[0], two[-1]
    # a left-column line just after the block (the left column ran longer) belongs to it when
    # it is no wider than a column
    while last + 1 < len(rows) and max(f.end for f in rows[last + 1]) < split:
        last += 1
    out = [TextLine(_join(r), _is_heading(r, body)) for r in rows[:first]]
    left: list[TextLine] = []
    right: list[TextLine] = []
    for r in rows[first : last + 1]:
        lf = [f for f in r if f.x < split]
        rf = [f for f in r if f.x >= split]
        if lf:
            left.append(TextLine(_join(lf), _is_heading(lf, body)))
        if rf:
            right.append(TextLine(_join(rf), _is_heading(rf, body)))
    out += left + right
    out += [TextLine(_join(r), _is_heading(r, body)) for r in rows[last + 1 :]]
    return out
