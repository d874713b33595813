"""Template helpers of the SBOM pages: the quality badge class and the asset page's SBOM box."""

from __future__ import annotations

from django import template

from assets.selectors_sbom import sbom_current_for_product

register = template.Library()


@register.filter
def quality_class(score: int | None) -> str:
    """The badge class for a 0–100 quality score."""
    if score is None:
        return ""
    if score >= 80:
        return "ok"
    if score >= 60:
        return "medium"
    if score >= 40:
        return "high"
    return "critical"


@register.inclusion_tag("assets/sbom/partials/_asset_sbom.html")
def asset_sbom(asset) -> dict:
    """The current SBOM of the product the asset runs (one query; none without a product)."""
    sbom = sbom_current_for_product(product=asset.product) if asset.product_id else None
    return {"asset": asset, "sbom": sbom}


@register.filter
def licence_labels(licenses: list[dict]) -> str:
    """A component's licences as one line: SPDX ids, expressions or names."""
    labels = [lic.get("id") or lic.get("expression") or lic.get("name") or "" for lic in licenses]
    return ", ".join(label for label in labels if label) or "—"
