"""Scheduled checks the compliance app contributes (found by bollwerk's autodiscovery).

- ``incident_deadlines``: reporting clocks about to run out or overrun.
- ``evidence_expiry``: evidence expired or expiring within 30 days.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bollwerk.checks.registry import (
    Candidate,
    Check,
    CheckOutcome,
    Crontab,
    Interval,
    ObjectRef,
    register,
)

EXPIRY_WARNING_DAYS = 30


def _incident_deadlines(org, run) -> CheckOutcome:
    from compliance.incidents.checks import incident_deadline_alerts

    alerts = incident_deadline_alerts(org=org, now=timezone.now())
    findings = [
        Candidate(
            kind="incident_deadline", severity=alert["severity"], title=alert["title"],
            description=alert["description"], fingerprint=f"incident_deadlines:{alert['fingerprint']}",
            objects=(ObjectRef("compliance.incident", str(alert["incident_id"]), alert["title"]),),
            details={"due_at": alert["due_at"].isoformat(), "stage": alert["stage"]},
        )
        for alert in alerts
    ]  # fmt: skip
    return CheckOutcome(
        findings=findings,
        counts={"clocks_at_risk": len(findings)},
        evidence_summary=f"{len(findings)} reporting clocks at risk or overrun",
    )


def _evidence_expiry(org, run) -> CheckOutcome:
    from compliance.models import Evidence

    today = timezone.localdate()
    horizon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    findings = []
    evidence = Evidence.objects.for_org(org).filter(
        valid_until__isnull=False, valid_until__lte=horizon
    )
    for item in evidence.select_related("assessment__control"):
        control = item.assessment.control.control_id
        expired = item.valid_until < today
        findings.append(Candidate(
            kind="evidence_expired" if expired else "evidence_expiring",
            severity="medium" if expired else "low",
            title=(f"Evidence expired: {item.title}" if expired else f"Evidence expires soon: {item.title}"),
            description=f"Evidence for control {control} is valid until {item.valid_until:%Y-%m-%d}.",
            fingerprint=f"evidence_expiry:{item.pk}:{'expired' if expired else 'expiring'}",
            objects=(ObjectRef("compliance.evidence", str(item.pk), item.title),),
        ))  # fmt: skip
    return CheckOutcome(
        findings=findings,
        counts={"evidence_at_risk": len(findings)},
        evidence_summary=f"{len(findings)} evidence items expired or expiring",
    )


register(Check(
    name="incident_deadlines", title=_("Incident reporting deadlines"),
    description=_("Reporting clocks of incidents that run out within six hours or are overrun."),
    run=_incident_deadlines, schedule=Interval(15 * 60), controls=("NIS2-23.1", "NIS2-23.2", "NIS2-23.3"),
))  # fmt: skip
register(Check(
    name="evidence_expiry", title=_("Evidence expiry"),
    description=_("Evidence items that have expired or expire within 30 days."),
    run=_evidence_expiry, schedule=Crontab("0 6 * * *"),
))  # fmt: skip
