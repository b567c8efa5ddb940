"""Inline SVG charts for the HTML evaluation report: grouped horizontal bars, nothing else.

No scripts, no fonts or images from anywhere: the SVG is text inside the page. Every chart has
a <title> and <desc> for screen readers; the page puts the same numbers in a table beside it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# styrdok and the baseline: a blue and an orange that differ in lightness too (grey print,
# colour-blind readers), and bars of the baseline are hatched as well
SERIES_COLOURS = ("#0a4f8a", "#c25e00")
LABEL_W = 210
BAR_W = 420
VALUE_W = 70
BAR_H = 14
GAP = 4
ROW_GAP = 12


@dataclass
class Series:
    name: str
    values: list[float | None]  # one per row; None: not measured


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[str],
    series: Sequence[Series],
    *,
    scale_max: float = 1.0,
    fmt: Callable[[float], str] = _fmt,
) -> str:
    """Rows top to bottom; in each row one bar per series, its value written after it."""
    per_row = len(series) * (BAR_H + GAP) - GAP
    legend_h = 22
    height = legend_h + len(rows) * (per_row + ROW_GAP) + 4
    width = LABEL_W + BAR_W + VALUE_W
    top = max(scale_max, 1e-9)
    parts = [
        f'<svg class="chart" id="{esc(chart_id)}" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{esc(chart_id)}-t {esc(chart_id)}-d">',
        f'<title id="{esc(chart_id)}-t">{esc(title)}</title>',
        f'<desc id="{esc(chart_id)}-d">{esc(_describe(rows, series, fmt))}</desc>',
        f'<defs><pattern id="{esc(chart_id)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{SERIES_COLOURS[1]}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2" '
        'stroke-opacity="0.45"/></pattern></defs>',
    ]
    x = LABEL_W
    for i, s in enumerate(series):  # legend
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{_fill(chart_id, i)}"/>'
            f'<text x="{x + 16}" y="14" class="legend">{esc(s.name)}</text>'
        )
        x += 24 + 8 * len(s.name)
    y = legend_h
    for r, label in enumerate(rows):
        mid = y + per_row / 2 + 4
        parts.append(f'<text x="{LABEL_W - 8}" y="{mid:.1f}" class="row" text-anchor="end">')
        parts.append(f"{esc(_clip(label, 30))}</text>")
        for i, s in enumerate(series):
            value = s.values[r] if r < len(s.values) else None
            by = y + i * (BAR_H + GAP)
            if value is None:
                parts.append(f'<text x="{LABEL_W + 4}" y="{by + BAR_H - 3}" class="value">–</text>')
                continue
            w = max(0.0, min(1.0, value / top)) * BAR_W
            parts.append(
                f'<rect x="{LABEL_W}" y="{by}" width="{w:.1f}" height="{BAR_H}" '
                f'fill="{_fill(chart_id, i)}"><title>{esc(s.name)}: {esc(fmt(value))}</title></rect>'
                f'<text x="{LABEL_W + w + 4:.1f}" y="{by + BAR_H - 3}" class="value">'
                f"{esc(fmt(value))}</text>"
            )
        y += per_row + ROW_GAP
    parts.append("</svg>")
    return "".join(parts)


def _fill(chart_id: str, index: int) -> str:
    if index == 1:
        return f"url(#{esc(chart_id)}-hatch)"
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(rows: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str]) -> str:
    out = []
    for r, label in enumerate(rows):
        vals = ", ".join(
            f"{s.name} {fmt(v) if (v := s.values[r] if r < len(s.values) else None) is not None else '–'}"
            for s in series
        )
        out.append(f"{label}: {vals}")
    return "; ".join(out)
