"""The ``incident_deadlines`` check: reports about to run out and overrun.

:func:`incident_deadline_alerts` is pure with respect to time (``now`` is an
argument); the check framework (registered at merge) turns each alert into a
Finding keyed by its ``fingerprint``. Fingerprints are stable per incident,
report and threshold, so a repeated run updates rather than duplicates, and
crossing a closer threshold raises a new, more severe alert.
"""

from __future__ import annotations

import datetime as dt

from bollwerk.models import Organization
from compliance.clocks import BERLIN, State

from .models import STAGE_CHOICES
from .selectors import open_clocks

DEFAULT_WARN_BEFORE = (dt.timedelta(hours=6), dt.timedelta(hours=1))
STAGE_LABELS = dict(STAGE_CHOICES)


def _hours(delta: dt.timedelta) -> str:
    return f"{delta.total_seconds() / 3600:g}h"


def incident_deadline_alerts(
    *,
    org: Organization,
    now: dt.datetime,
    warn_before: tuple[dt.timedelta, ...] = DEFAULT_WARN_BEFORE,
) -> list[dict]:
    """One alert per open report that is overdue or due within the largest ``warn_before``.

    Severity: overdue → critical; within the smallest threshold → high; within
    any other threshold → medium. Each alert: fingerprint, severity, title,
    description, due_at (aware datetime), incident_id, stage.
    """
    thresholds = sorted(warn_before)
    alerts = []
    for clock in open_clocks(org=org, now=now):
        obligation, incident = clock.obligation, clock.incident
        label = str(STAGE_LABELS[obligation.stage.value])
        due_local = obligation.due_at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M %Z")
        base = f"incident:{incident.pk}:{obligation.stage.value}"
        remaining = obligation.due_at - now
        if obligation.state is State.OVERDUE:
            kind, severity = "overdue", "critical"
            title = f"{label} overdue: {incident.title}"
            text = f"The {label.lower()} was due at {due_local} and has not been recorded as sent."
        else:
            within = [t for t in thresholds if remaining <= t]
            if not within:
                continue
            closest = within[0]
            kind = f"due-within-{_hours(closest)}"
            severity = "high" if closest == thresholds[0] else "medium"
            title = f"{label} due within {_hours(closest)}: {incident.title}"
            text = f"The {label.lower()} is due at {due_local} ({obligation.recipient_en})."
        if obligation.provisional:
            text += " Provisional: the significance decision is still open."
        alerts.append(
            {
                "fingerprint": f"{base}:{kind}",
                "severity": severity,
                "title": title,
                "description": text,
                "due_at": obligation.due_at,
                "incident_id": incident.pk,
                "stage": obligation.stage.value,
            }
        )
    return alerts
