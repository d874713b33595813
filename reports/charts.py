"""Server-side SVG charts for reports (inline in the HTML, no fetch, no script).

A stop-gap until ``compliance/svg.py`` lands; the interface (title + bars →
SVG markup) is what a replacement must keep.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 16, 6, 170, 260, 50


def bar_chart(*, title: str, bars: list[tuple[str, float]]) -> SafeString:
    """A horizontal bar chart; labels and title are escaped, values scale to the largest."""
    top = max((value for _, value in bars), default=0) or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = 22 + len(bars) * (BAR_HEIGHT + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="9" font-weight="bold" fill="#1b1f24">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(bars):
        y = 22 + index * (BAR_HEIGHT + GAP)
        length = max(1.0, BAR_AREA * float(value) / top) if value else 0
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="8" fill="#1b1f24">{escape(str(label)[:32])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#0b5cab"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 12}" font-size="8" fill="#1b1f24">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
