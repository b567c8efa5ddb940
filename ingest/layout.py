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
_EM_PER_CHAR = 0.55
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
        return self.x + len(self.text.strip()) * self.size * _EM_PER_CHAR


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


def _is_heading(frags: list[Fragment], body: float) -> bool:
    chars = [f for f in frags if f.text.strip()]
    if not chars:
        return False
    return all(f.bold for f in chars) or min(f.size for f in chars) >= body * _HEADING_SIZE


def page_lines(frags: list[Fragment], width: float) -> list[TextLine]:
    """The page's lines in reading order, heading lines marked."""
    frags = [f for f in frags if f.text.strip()]
    if not frags:
        return []
    sizes: Counter[float] = Counter()
    for f in frags:
        sizes[round(f.size, 1)] += len(f.text.strip())
    body = sizes.most_common(1)[0][0]
    rows = _rows(frags)
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
