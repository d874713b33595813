"""Server-side SVG topology diagrams (the same markup serves web pages and PDF reports).

A layered layout: nodes are grouped into rows (Purdue level for a zone
view, distance from the service for a service view), long rows wrap, and
links are straight arrows. No JavaScript and no third-party library.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.utils.html import escape

from assets.models import Asset, Link, Zone

NODE_W, NODE_H, GAP_X, GAP_Y, PER_ROW, MARGIN = 150, 44, 24, 56, 8, 20
FILL = {0: "#eef1f5", 1: "#d8e6f3", 2: "#f5e08a", 3: "#f3b1a8", 4: "#c9737d"}


def layer_by_zone_level(asset: Asset) -> int:
    """Higher Purdue levels first (top), field level last."""
    level = asset.zone.level if asset.zone_id and asset.zone else "it"
    return -Zone.LEVEL_ORDER.get(level, 5)


def layer_by_path_length(asset: Asset) -> int:
    """Distance from the service along the criticality path."""
    return len(asset.criticality_path or []) or 99


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def topology_svg(
    *,
    assets: list[Asset],
    links: list[Link],
    layer: Callable[[Asset], int],
    href: Callable[[Asset], str] | None = None,
    highlight: set[int] | None = None,
) -> str:
    """An SVG document (string, escaped) drawing ``assets`` and the ``links`` among them."""
    highlight = highlight or set()
    rows: dict[int, list[Asset]] = defaultdict(list)
    for asset in sorted(assets, key=lambda a: (layer(a), a.name, a.pk)):
        rows[layer(asset)].append(asset)
    position: dict[int, tuple[float, float]] = {}
    y = MARGIN
    width = MARGIN * 2 + NODE_W
    for key in sorted(rows):
        members = rows[key]
        for start in range(0, len(members), PER_ROW):
            chunk = members[start : start + PER_ROW]
            for column, asset in enumerate(chunk):
                position[asset.pk] = (MARGIN + column * (NODE_W + GAP_X), y)
            width = max(width, MARGIN * 2 + len(chunk) * (NODE_W + GAP_X) - GAP_X)
            y += NODE_H + GAP_Y
    height = max(y - GAP_Y + MARGIN, NODE_H + 2 * MARGIN)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="DejaVu Sans, sans-serif">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#5b6470"/></marker></defs>',
    ]
    for link in links:
        if link.source_id not in position or link.target_id not in position:
            continue
        (x1, y1), (x2, y2) = position[link.source_id], position[link.target_id]
        sx, sy = x1 + NODE_W / 2, y1 + (NODE_H if y2 > y1 else 0 if y2 < y1 else NODE_H / 2)
        tx, ty = x2 + NODE_W / 2, y2 + (0 if y2 > y1 else NODE_H if y2 < y1 else NODE_H / 2)
        label = escape(f"{link.get_protocol_display()}{f'/{link.port}' if link.port else ''}")
        parts.append(
            f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{tx:.0f}" y2="{ty:.0f}" stroke="#5b6470" '
            f'stroke-width="1.2" marker-end="url(#arrow)"><title>{label}</title></line>'
        )
    for asset in assets:
        x, y0 = position[asset.pk]
        stroke = "#0b5cab" if asset.pk in highlight else "#1b1f24"
        fill = FILL.get(asset.criticality, FILL[0])
        title = escape(
            f"{asset.name} ({asset.get_kind_display()}) – {asset.get_criticality_display()}"
        )
        node = (
            f'<g class="node" data-asset="{asset.pk}"><title>{title}</title>'
            f'<rect x="{x}" y="{y0}" width="{NODE_W}" height="{NODE_H}" rx="5" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{2.5 if asset.pk in highlight else 1}"/>'
            f'<text x="{x + 8}" y="{y0 + 18}" font-size="12">{escape(_short(asset.name))}</text>'
            f'<text x="{x + 8}" y="{y0 + 34}" font-size="10" fill="#3b4450">'
            f"{escape(_short(str(asset.get_kind_display()), 26))}</text></g>"
        )
        if href is not None:
            node = f'<a href="{escape(href(asset))}">{node}</a>'
        parts.append(node)
    parts.append("</svg>")
    return "".join(parts)
