"""Risk report: the heat maps (inherent and residual) and the risk register."""

from __future__ import annotations

from django.utils.translation import gettext as _

from compliance import selectors as cs
from compliance.models import Risk
from reports.sections import (
    Column,
    Fact,
    Facts,
    Figure,
    NoData,
    Row,
    Section,
    SectionContext,
    Table,
    register,
)


def _rating(likelihood: int, impact: int) -> str:
    return f"{likelihood} × {impact} = {likelihood * impact}"


#: Affected assets named per risk in the report; the rest are counted.
AFFECTED_ASSETS_SHOWN = 10


def _affected(risk) -> list[str]:
    """Names of the affected essential services and assets (assets beyond ten counted)."""
    out = [s.name for s in risk.affected_services.all()]
    assets = [a.name for a in risk.affected_assets.all()]
    out += assets[:AFFECTED_ASSETS_SHOWN]
    if len(assets) > AFFECTED_ASSETS_SHOWN:
        out.append(_("and %(n)s more assets") % {"n": len(assets) - AFFECTED_ASSETS_SHOWN})
    return out


def _owner(user) -> str:
    return "—" if user is None else (user.get_full_name() or user.email)


@register("risk", key="risks", order=20)
def risk_register(ctx: SectionContext) -> Section:
    """Heat maps of open risks and the full register with ratings, treatment and controls."""
    org = ctx.organization
    risks = list(cs.risk_list(org=org, with_assets=True).order_by("-inherent_likelihood", "title"))
    if not risks:
        return Section(_("Risk register"), [NoData(_("No risk has been recorded yet."))])
    risks.sort(key=lambda r: (-r.residual_score, -r.inherent_score, r.title))
    matrix = cs.risk_matrix_get(org=org)
    cells = cs.risk_cells(org=org)
    threshold = matrix.acceptance_threshold
    open_risks = [r for r in risks if r.status != Risk.Status.CLOSED]
    labels = {
        "likelihood_labels": list(matrix.likelihood_labels),
        "impact_labels": list(matrix.impact_labels),
        "threshold": threshold,
    }
    blocks: list = [
        Facts(
            [
                Fact(_("Risks"), len(risks)),
                Fact(_("Open or proposed"), len(open_risks)),
                Fact(_("Acceptance threshold (likelihood × impact)"), threshold),
                Fact(
                    _("Open risks above the threshold (inherent)"),
                    sum(r.inherent_score > threshold for r in open_risks),
                ),
                Fact(
                    _("Open risks above the threshold (residual)"),
                    sum(r.residual_score > threshold for r in open_risks),
                ),
            ]
        ),
        Figure("heat_map", _("Inherent risk (open)"), {"cells": cells["inherent"], **labels}),
        Figure("heat_map", _("Residual risk (open)"), {"cells": cells["residual"], **labels}),
    ]
    rows = [
        Row(
            {
                "risk": [r.title, r.scenario or r.threat],
                "affected": _affected(r),
                "inherent": _rating(r.inherent_likelihood, r.inherent_impact),
                "residual": _rating(r.residual_likelihood, r.residual_impact),
                "treatment": [r.get_treatment_display(), r.get_status_display()],
                "controls": ", ".join(c.control_id for c in r.controls.all()) or "—",
                "owner": [
                    _owner(r.owner),
                    _("due %(date)s") % {"date": r.due_date} if r.due_date else "",
                    _("review %(date)s") % {"date": r.review_date} if r.review_date else "",
                ],
            }
        )
        for r in risks
    ]
    columns = [
        Column("risk", _("Risk and scenario")),
        Column("affected", _("Affected services and assets")),
        Column("inherent", _("Inherent L × I")),
        Column("residual", _("Residual L × I")),
        Column("treatment", _("Treatment, status")),
        Column("controls", _("Controls")),
        Column("owner", _("Owner, dates")),
    ]
    blocks.append(Table(columns, rows, caption=_("Risk register")))
    return Section(title=_("Risk register"), blocks=blocks)
