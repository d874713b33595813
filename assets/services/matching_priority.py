"""Priority of an open vulnerability match: a documented, explainable points formula (0–100).

Points, each shown on the match page with its value and contribution:

* **CVSS**: base score × 4 (max 40); unknown score counts as 5.0 (20 points).
* **KEV**: +20 when a CVE of the advisory is in CISA's KEV list; +5 more for known ransomware use.
* **EPSS**: probability × 15 (max 15).
* **Criticality**: the asset's derived criticality (0–4) × 4 (max 16). For an SBOM component:
  the highest criticality of the assets running the SBOM's product.
* **Internet exposure**: +10 when the asset (any asset running the product) is exposed.
* **Zone level**: field levels weigh more: Purdue 0/1 +8, 2 +6, 3 +3, DMZ +4, IT levels 0.
* **Certainty**: a match whose version could not be decided counts × 0.75.

The sum is capped at 100 and rounded to one decimal.
"""

from __future__ import annotations

from assets.models import Asset

ADVISORY_COLUMNS = ("pk", "source_id", "source", "title", "severity_score", "severity_label",
                    "kev", "kev_ransomware", "epss")  # fmt: skip
ZONE_POINTS = {"0": 8, "1": 8, "2": 6, "3": 3, "dmz": 4, "4": 0, "5": 0, "it": 0}
_ZONE_ORDER = ["0", "1", "2", "dmz", "3", "4", "5", "it"]
_NO_CONTEXT = {"criticality": 0, "exposed": False, "zone_level": ""}


def product_contexts(*, org, product_ids) -> dict[int, dict]:
    """product id → {criticality, exposed, zone_level} of the in-operation assets running it:
    the highest criticality, any exposure, the most field-near zone (one query)."""
    by_product: dict[int, dict] = {}
    running = (
        Asset.objects.for_org(org)
        .filter(product_id__in=sorted(set(product_ids)), lifecycle=Asset.Lifecycle.IN_OPERATION)
        .values_list("product_id", "criticality", "internet_exposed", "zone__level")
    )
    for product_id, criticality, exposed, level in running:
        ctx = by_product.setdefault(product_id, dict(_NO_CONTEXT))
        ctx["criticality"] = max(ctx["criticality"], criticality)
        ctx["exposed"] = ctx["exposed"] or exposed
        if level and (
            not ctx["zone_level"] or _ZONE_ORDER.index(level) < _ZONE_ORDER.index(ctx["zone_level"])
        ):
            ctx["zone_level"] = level
    return by_product


def target_context(kind: str, row, by_product: dict[int, dict]) -> dict:
    """The context of one target row of a run: an asset's own, a component's product's."""
    if kind == "asset":
        return {"criticality": row.criticality, "exposed": row.internet_exposed,
                "zone_level": row.zone__level or ""}  # fmt: skip
    return by_product.get(row.sbom__product_id, _NO_CONTEXT)


def priority_compute(*, advisory: dict, context: dict, decided: bool) -> tuple[float, list[dict]]:
    """(score, explanation) for one match; explanation = [{factor, value, points}]."""
    score = advisory.get("severity_score")
    factors = [{"factor": "cvss", "value": score,
                "points": round((score if score is not None else 5.0) * 4, 1)}]  # fmt: skip
    factors.append({"factor": "kev", "value": bool(advisory.get("kev")),
                    "points": (20 if advisory.get("kev") else 0)
                    + (5 if advisory.get("kev_ransomware") else 0)})  # fmt: skip
    epss = advisory.get("epss")
    factors.append({"factor": "epss", "value": epss, "points": round((epss or 0.0) * 15, 1)})
    criticality = context.get("criticality") or 0
    factors.append({"factor": "criticality", "value": criticality, "points": criticality * 4})
    exposed = bool(context.get("exposed"))
    factors.append(
        {"factor": "internet_exposure", "value": exposed, "points": 10 if exposed else 0}
    )
    level = context.get("zone_level") or ""
    factors.append({"factor": "zone_level", "value": level, "points": ZONE_POINTS.get(level, 0)})
    total = sum(f["points"] for f in factors)
    if not decided:
        factors.append(
            {"factor": "certainty", "value": "undecided", "points": round(-total * 0.25, 1)}
        )
        total *= 0.75
    return round(min(total, 100.0), 1), factors
