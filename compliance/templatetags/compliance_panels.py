"""``{% compliance_dashboard %}``: the compliance panels of the platform dashboard."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bollwerk.permissions import VIEW, role_can
from compliance import svg
from compliance.selectors import classification_current, snapshot_list
from compliance.services.dashboard import findings_by_severity, upcoming_deadlines
from compliance.services.scores import score_snapshot_fresh

register = template.Library()


@register.inclusion_tag("compliance/partials/_dashboard.html", takes_context=True)
def compliance_dashboard(context) -> dict:
    """Category and route, score and trend, measures, heat map, findings, deadlines.

    The score is today's stored snapshot (recomputed only when stale), so the
    number of queries does not grow with the inventory.
    """
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not role_can(membership.role, "compliance", VIEW):
        return {"visible": False}
    from compliance.views.risks import heat_maps

    org = request.organization
    lang = "de" if (get_language() or "en").startswith("de") else "en"
    snapshot = score_snapshot_fresh(org=org)
    snapshots = list(snapshot_list(org=org, days=90).values_list("date", "overall"))
    inherent, residual = heat_maps(org)
    record = classification_current(org=org)
    return {
        "visible": True,
        "lang": lang,
        "record": record,
        "snapshot": snapshot,
        "trend_svg": svg.trend_line(points=snapshots, title=_("Score, last 90 days")),
        "measures_svg": svg.score_bars(
            items=[(f"Art. 21(2) {m})", v) for m, v in sorted(snapshot.measures.items())],
            title=_("Score per measure"),
        ),
        "inherent_svg": inherent,
        "residual_svg": residual,
        "findings": findings_by_severity(org=org),
        "deadlines": upcoming_deadlines(org=org, language=lang),
    }


@register.inclusion_tag("compliance/incidents/partials/_clocks_panel.html", takes_context=True)
def incident_clocks_panel(context) -> dict:
    """The open incident reporting clocks, for every role that may read incidents."""
    from django.utils import timezone

    from compliance.incidents.presenters import clocks_panel_rows

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not role_can(membership.role, "incident", VIEW):
        return {"clocks": [], "hidden": True}
    return {"clocks": clocks_panel_rows(org=request.organization, now=timezone.now())}


ROUTE_LABELS = {
    "bsig": _lazy("BSIG"),
    "enwg": _lazy("EnWG (energy networks and plants)"),
    "telecom": _lazy("TKG (telecommunications)"),
    "several": _lazy("several statutes"),
    "none": _lazy("none"),
}


@register.filter
def route_label(code) -> str:
    """The readable name of a classification route code."""
    return str(ROUTE_LABELS.get(str(code), code))
