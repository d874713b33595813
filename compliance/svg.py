"""Server-side SVG charts (no JavaScript, no CDN): heat map, score bars, trend line.

Each function returns a complete ``<svg>`` element as a safe string, usable
in templates and in WeasyPrint PDF reports alike. Labels are escaped.
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CELL = 44
OK, WARN, BAD = "#cfe8cf", "#f6e3a1", "#f2b8b5"


def _cell_colour(likelihood: int, impact: int, threshold: int) -> str:
    product = likelihood * impact
    if product <= threshold:
        return OK
    return WARN if product <= min(25, threshold * 2) else BAD


def heat_map(
    *,
    cells: dict[tuple[int, int], int],
    likelihood_labels: list[str],
    impact_labels: list[str],
    threshold: int,
    title: str,
) -> SafeString:
    """A 5×5 matrix (likelihood up, impact right) with the number of risks in each cell."""
    left, top = 110, 28
    width, height = left + 5 * CELL + 10, top + 5 * CELL + 96
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for likelihood in range(1, 6):
        y = top + (5 - likelihood) * CELL
        parts.append(
            f'<text x="{left - 6}" y="{y + CELL / 2 + 4}" font-size="10" text-anchor="end">'
            f"{likelihood} {escape(likelihood_labels[likelihood - 1])}</text>"
        )
        for impact in range(1, 6):
            x = left + (impact - 1) * CELL
            count = cells.get((likelihood, impact), 0)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" stroke="#fff" '
                f'fill="{_cell_colour(likelihood, impact, threshold)}" '
                f'data-likelihood="{likelihood}" data-impact="{impact}" data-count="{count}"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" font-size="14" '
                    f'text-anchor="middle" font-weight="bold">{count}</text>'
                )
    for impact in range(1, 6):
        x = left + (impact - 0.5) * CELL
        y = top + 5 * CELL + 10
        parts.append(
            f'<text x="{x}" y="{y}" font-size="10" text-anchor="end" '
            f'transform="rotate(-45 {x} {y})">{impact} {escape(impact_labels[impact - 1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def score_bars(*, items: list[tuple[str, float | None]], title: str) -> SafeString:
    """Horizontal bars, one per (label, 0-100 score); ``None`` is drawn as "no score"."""
    left, bar_w, row = 150, 220, 20
    height = 24 + row * len(items)
    width = left + bar_w + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = 22 + i * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{bar_w}" height="{row - 6}" fill="#eee"/>'
        )
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 12}" font-size="10">–</text>')
            continue
        w = bar_w * max(0.0, min(value, 100.0)) / 100
        colour = "#3a7d44" if value >= 80 else "#c9a227" if value >= 50 else "#b3261e"
        parts.append(
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{colour}" '
            f'data-value="{value:.1f}"/>'
            f'<text x="{left + bar_w + 6}" y="{y + 12}" font-size="11">{value:.1f}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped


def trend_line(
    *, points: list[tuple[dt.date, float | None]], title: str, width: int = 360, height: int = 120
) -> SafeString:
    """A line of 0-100 scores over time; days without a score leave a gap."""
    pad_l, pad_b, pad_t = 30, 20, 20
    inner_w, inner_h = width - pad_l - 10, height - pad_b - pad_t
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for level in (0, 50, 100):
        y = pad_t + inner_h * (1 - level / 100)
        parts.append(
            f'<line x1="{pad_l}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{pad_l - 4}" y="{y + 4:.1f}" font-size="9" text-anchor="end">{level}</text>'
        )
    if points:
        first, last = points[0][0], points[-1][0]
        span = max((last - first).days, 1)
        segments: list[list[str]] = [[]]
        for day, value in points:
            if value is None:
                segments.append([])
                continue
            x = pad_l + inner_w * (day - first).days / span
            y = pad_t + inner_h * (1 - max(0.0, min(value, 100.0)) / 100)
            segments[-1].append(f"{x:.1f},{y:.1f}")
        for seg in segments:
            if len(seg) == 1:
                x, y = seg[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="2" fill="#1f4e79"/>')
            elif seg:
                parts.append(
                    f'<polyline fill="none" stroke="#1f4e79" stroke-width="2" '
                    f'points="{" ".join(seg)}"/>'
                )
        parts.append(
            f'<text x="{pad_l}" y="{height - 4}" font-size="9">{first.isoformat()}</text>'
            f'<text x="{width - 10}" y="{height - 4}" font-size="9" text-anchor="end">'
            f"{last.isoformat()}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - no user text besides the escaped title
