"""Incident report: every incident with its reporting obligations, decisions and timeline.

Timelines, descriptions and indicators of compromise are free text: the
Redactor scans them for the organization's sensitive values and for address
patterns before the template sees them (audience "authority" gets the content
a reporting office needs, with topology pseudonymised).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.incidents.models import Incident
from compliance.incidents.selectors import incident_get, incident_reporting
from reports.sections import (
    Column,
    Fact,
    Facts,
    NoData,
    Paragraph,
    Row,
    Section,
    SectionContext,
    Table,
    register,
)

_STATE_LABELS = {
    "not_due": "not due", "due": "due", "overdue": "overdue",
    "submitted_on_time": "submitted on time", "submitted_late": "submitted late",
}  # fmt: skip


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


@register(("incident",), key="incidents", order=20)
def incidents(ctx: SectionContext) -> Section:
    org = ctx.organization
    pks = list(
        Incident.objects.for_org(org).order_by("-aware_at", "-pk").values_list("pk", flat=True)
    )
    if not pks:
        return Section(
            title=_("Incidents and deadlines"), blocks=[NoData(_("No incident is recorded."))]
        )
    summary = Facts(items=[
        Fact(_("Incidents"), len(pks)),
        Fact(_("Open"), Incident.objects.for_org(org).exclude(status__in=("resolved", "closed")).count()),
    ])  # fmt: skip
    blocks: list = [summary]
    german = ctx.language.startswith("de")
    for pk in pks:
        incident = incident_get(org=org, pk=pk)
        reporting = incident_reporting(incident=incident)
        blocks.append(Facts(row_level=True, items=[
            Fact(_("Incident"), incident.title),
            Fact(_("Category"), incident.get_category_display()),
            Fact(_("Status"), incident.get_status_display()),
            Fact(_("Aware at"), _time(incident.aware_at)),
            Fact(_("People affected"), incident.affected_people if incident.affected_people is not None else "—"),
            Fact(_("Suspected malicious act"), _("yes") if incident.suspected_malicious else _("no")),
            Fact(_("Cross-border effect"), _("yes") if incident.cross_border else _("no")),
        ]))  # fmt: skip
        if incident.description:
            blocks.append(Paragraph(incident.description, row_level=True))
        blocks.append(Table(
            caption=_("Reporting obligations"),
            columns=[Column("report", _("Report")), Column("recipient", _("Recipient")),
                     Column("due", _("Due")), Column("state", _("State")),
                     Column("submitted", _("Submitted"))],
            rows=[Row({"report": str(o.stage), "recipient": o.recipient_de if german else o.recipient_en,
                       "due": _time(o.due_at),
                       "state": _STATE_LABELS.get(str(o.state), str(o.state)),
                       "submitted": _time(o.submitted_at)})
                  for o in reporting.obligations],
        ))  # fmt: skip
        events = list(incident.events.all())
        if events:
            blocks.append(Table(
                caption=_("Timeline"),
                columns=[Column("at", _("Time")), Column("text", _("What happened"))],
                rows=[Row({"at": _time(e.occurred_at), "text": e.text}) for e in events],
            ))  # fmt: skip
        if incident.indicators:
            blocks.append(Table(
                caption=_("Indicators of compromise"),
                columns=[Column("type", _("Type")), Column("value", _("Value")), Column("note", _("Note"))],
                rows=[Row({"type": i.get("type", ""), "value": i.get("value", ""), "note": i.get("note", "")})
                      for i in incident.indicators],
            ))  # fmt: skip
    return Section(title=_("Incidents and deadlines"), blocks=blocks)


@register(("compliance",), key="findings", order=70)
def findings(ctx: SectionContext) -> Section:
    """Open findings of the scheduled checks, by severity, then the list."""
    from bollwerk.models import Finding

    open_findings = list(
        Finding.objects.for_org(ctx.organization).filter(status__in=("open", "acknowledged"))
        .order_by("due_date", "-last_seen_at")[:500]
    )  # fmt: skip
    if not open_findings:
        return Section(title=_("Findings of the checks"), blocks=[NoData(_("No open finding."))])
    counts: dict[str, int] = {}
    for finding in open_findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return Section(title=_("Findings of the checks"), blocks=[
        Facts(items=[Fact(severity, n) for severity, n in sorted(counts.items())]),
        Table(columns=[Column("severity", _("Severity")), Column("title", _("Finding")),
                       Column("source", _("Source")), Column("due", _("Due"))],
              rows=[Row({"severity": f.severity, "title": f.title, "source": f.source,
                         "due": f.due_date.isoformat() if f.due_date else "—"}) for f in open_findings]),
    ])  # fmt: skip
