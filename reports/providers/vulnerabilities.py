"""Supply-chain report: the vulnerability matches of the organization's products and assets.

Read through :func:`assets.selectors_matching.match_report_list` (current matches only). The
summary counts are aggregates (every audience sees them); the tables are row-level. The
matched version is tagged with its field (``assets.vulnerabilitymatch.version``, registered as
firmware), so the Redactor pseudonymises it below internal; asset and product names are free
text, scanned for the organization's sensitive values like every other string.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from assets.models import Asset
from assets.models.matching import OPEN_STATUSES, Justification, VexStatus
from assets.selectors_matching import match_report_list
from reports.sections import (
    Column,
    Fact,
    Facts,
    NoData,
    Paragraph,
    Row,
    Section,
    SectionContext,
    SourceRef,
    Table,
    register,
)

#: Rows per table; the rest (lowest priority) is counted, not listed.
MAX_ROWS = 500
VERSION = SourceRef("assets.vulnerabilitymatch", "version")
_HIGH = {"CRITICAL", "HIGH", "IMPORTANT"}


def _target(match: dict) -> tuple[str, list[str]]:
    """(group label, cell items): the product and component, or the asset."""
    if match["component_id"]:
        name = match["component__name"]
        if match["component__group"]:
            name = f"{match['component__group']}/{name}"
        product = match["component__sbom__product__name"] or "—"
        return f"p:{product}", [product, name]
    return f"a:{match['asset__name']}", [match["asset__name"]]


def _by_target(matches: list[dict]) -> list[dict]:
    """Grouped per product/asset, the group with the most urgent match first."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for match in matches:  # already by priority
        groups[_target(match)[0]].append(match)
    ordered = sorted(groups.items(), key=lambda item: (-item[1][0]["priority"], item[0]))
    return [m for _key, group in ordered for m in group]


def _row(match: dict, labels: dict) -> Row:
    score = match["advisory__severity_score"]
    severity = " ".join(
        x for x in (match["advisory__severity_label"], f"{score:.1f}" if score is not None else "")
        if x
    )  # fmt: skip
    epss = match["advisory__epss"]
    state = labels["status"].get(match["status"], match["status"])
    if match["justification"]:
        state = f"{state}: {labels['justification'].get(match['justification'], '')}"
    return Row(
        {
            "target": _target(match)[1],
            "version": match["version"] or "—",
            "advisory": match["advisory__source_id"],
            "severity": severity or "—",
            "kev": labels["yes"] if match["advisory__kev"] else "—",
            "epss": f"{epss:.3f}" if epss is not None else "—",
            "priority": f"{match['priority']:.1f}",
            "state": state,
        },
        ot=match["asset__asset_class"] == Asset.AssetClass.OT,
    )


def _table(matches: list[dict], labels: dict, caption: str) -> list:
    rows = [_row(m, labels) for m in _by_target(matches[:MAX_ROWS])]
    columns = [
        Column("target", _("Product, component / asset"), width="24%"),
        Column("version", _("Version"), VERSION, width="11%"),
        Column("advisory", _("Advisory"), width="17%"),
        Column("severity", _("Severity"), width="11%"),
        Column("kev", _("KEV"), width="6%"),
        Column("epss", _("EPSS"), width="7%"),
        Column("priority", _("Priority"), width="8%"),
        Column("state", _("State"), width="16%"),
    ]
    blocks: list = [Table(columns, rows, caption=caption, compact=len(rows) > 100)]
    if len(matches) > MAX_ROWS:
        blocks.append(
            Paragraph(
                _(
                    "%(shown)d of %(total)d listed (the highest priority); Bollwerk's vulnerability list has them all."
                )
                % {"shown": MAX_ROWS, "total": len(matches)}
            )
        )
    return blocks


def _summary(current: list[dict], open_: list[dict]) -> Facts:
    return Facts(
        [
            Fact(_("Open matches (affected or under investigation)"), len(open_)),
            Fact(_("Open and known exploited (CISA KEV)"), sum(m["advisory__kev"] for m in open_)),
            Fact(
                _("Open with critical or high severity"),
                sum((m["advisory__severity_label"] or "").upper() in _HIGH for m in open_),
            ),
            Fact(
                _("Under investigation"),
                sum(m["status"] == VexStatus.UNDER_INVESTIGATION for m in open_),
            ),
            Fact(
                _("Not affected (VEX statement)"),
                sum(m["status"] == VexStatus.NOT_AFFECTED for m in current),
            ),
            Fact(_("Fixed"), sum(m["status"] == VexStatus.FIXED for m in current)),
            Fact(
                _("Products with open matches"),
                len({m["component__sbom__product_id"] for m in open_ if m["component_id"]}),
            ),
            Fact(
                _("Assets with open matches"), len({m["asset_id"] for m in open_ if m["asset_id"]})
            ),
        ]
    )


@register("supply_chain", key="vulnerabilities", order=40)
def vulnerabilities_section(ctx: SectionContext) -> Section:
    """Open matches per product/asset (advisory, severity, KEV, EPSS, priority, state), the
    matches closed by a VEX statement, and summary counts."""
    title = _("Vulnerabilities")
    current = list(match_report_list(org=ctx.organization))
    if not current:
        return Section(
            title,
            [NoData(_("No vulnerability match: no stored advisory applies to the components "
                      "and assets, or matching has not run yet."))],
        )  # fmt: skip
    labels = {
        "status": {value: str(label) for value, label in VexStatus.choices},
        "justification": {value: str(label) for value, label in Justification.choices},
        "yes": _("yes"),
    }
    open_ = [m for m in current if m["status"] in OPEN_STATUSES]
    closed = [m for m in current if m["status"] not in OPEN_STATUSES]
    blocks: list = [_summary(current, open_)]
    if open_:
        blocks += _table(open_, labels, _("Open matches, per product or asset"))
    else:
        blocks.append(NoData(_("No open match.")))
    if closed:
        blocks += _table(closed, labels, _("Closed by a VEX statement or a fix"))
    return Section(title=title, blocks=blocks)
