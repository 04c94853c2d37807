"""Draws an insight figure (bot/rules/insight.py) as a small SVG chart on the server: bars for categories,
lines for days. No external service, no script in the picture; every text is escaped. The page shows
the figure's table beside it, which is what screen readers read."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape, quoteattr

from bot.rules.insight import SUPPRESSED, Figure, Shown

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 36, 64
# Colours that stay apart for the common colour-vision deficiencies (Okabe-Ito).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
MAX_LABELS = 14


def _number(value: Shown) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _scale_top(figure: Figure) -> float:
    values = [_number(row[index]) for row in figure.rows for index in figure.plotted]
    highest = max([value for value in values if value is not None] + [5.0])
    step = 10 ** max(len(str(int(highest))) - 1, 0)
    return float(-(-highest // step) * step)


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _axes(figure: Figure, top: float) -> List[str]:
    parts = [f'<text x="{LEFT}" y="20" class="title" font-weight="bold">{escape(figure.title)}</text>']
    for step in range(5):
        value = top * step / 4
        y = _y(value, top)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    return parts


def _category_labels(labels: Sequence[str], centres: Sequence[float]) -> List[str]:
    every = max(1, -(-len(labels) // MAX_LABELS))
    y = HEIGHT - BOTTOM + 16
    return [f'<text x="{x:.1f}" y="{y}" text-anchor="end" transform="rotate(-30 {x:.1f} {y})">'
            f'{escape(label[:28])}</text>' for index, (label, x) in enumerate(zip(labels, centres))
            if index % every == 0]


def _legend(figure: Figure) -> List[str]:
    parts, x = [], LEFT
    y = HEIGHT - 8
    for colour, index in zip(COLOURS, figure.plotted):
        name = figure.columns[index]
        parts.append(f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    parts.append(f'<text x="{x}" y="{y}" fill="#555">{escape(SUPPRESSED)}: under 5, ikke vist</text>')
    return parts


def _bars(figure: Figure, top: float) -> Tuple[List[str], List[float]]:
    parts, centres = [], []
    slot = (WIDTH - LEFT - RIGHT) / max(len(figure.rows), 1)
    bar = max(min(slot * 0.8 / len(figure.plotted), 40.0), 1.0)
    for row_index, row in enumerate(figure.rows):
        start = LEFT + slot * row_index + (slot - bar * len(figure.plotted)) / 2
        centres.append(LEFT + slot * (row_index + 0.5))
        for offset, (colour, column) in enumerate(zip(COLOURS, figure.plotted)):
            x, value = start + bar * offset, _number(row[column])
            if value is None:
                # Suppressed or too few: a mark on the axis, so "none" and "not shown" look different.
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM - 3}" text-anchor="middle" '
                             f'font-size="9" fill="#555">{escape(str(row[column] or "–"))}</text>')
                continue
            y = _y(value, top)
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{HEIGHT - BOTTOM - y:.1f}" '
                         f'fill="{colour}"><title>{escape(f"{row[0]}: {figure.columns[column]} {value:g}")}</title>'
                         '</rect>')
    return parts, centres


def _lines(figure: Figure, top: float) -> Tuple[List[str], List[float]]:
    parts = []
    count = max(len(figure.rows), 1)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    centres = [LEFT + step * index for index in range(len(figure.rows))]
    for colour, column in zip(COLOURS, figure.plotted):
        runs: List[List[str]] = [[]]
        for x, row in zip(centres, figure.rows):
            value = _number(row[column])
            if value is None:
                runs.append([])  # a day below five is a gap in the line, not a zero
                continue
            runs[-1].append(f"{x:.1f},{_y(value, top):.1f}")
        for run in runs:
            if len(run) == 1:
                x, y = run[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="2" fill="{colour}"/>')
            elif run:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
    return parts, centres


def chart_svg(figure: Figure) -> str:
    """The figure as a standalone SVG document."""
    top = _scale_top(figure)
    drawn, centres = (_lines if figure.chart == "line" else _bars)(figure, top)
    label = f"{figure.title}. Tallene står i tabellen under diagrammet."
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-label={quoteattr(label)} font-family="sans-serif" font-size="11">',
             f'<title>{escape(label)}</title>', f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
             *_axes(figure, top), *drawn,
             f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
             *_category_labels([str(row[0]) for row in figure.rows], centres), *_legend(figure), "</svg>"]
    return "\n".join(parts)
