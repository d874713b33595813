"""Where compliance plugs into the platform's registries (called from AppConfig.ready).

- Machine evidence: every successful check run that evidences controls
  attaches a dated, hashed evidence record to those controls' assessments.
- Dashboard: open findings by severity (from bollwerk's Findings) and the
  open incident reporting clocks as deadlines.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Count
from django.utils import timezone

logger = logging.getLogger(__name__)


def machine_evidence_sink(record) -> None:
    """Attach one check run's evidence to each control it declares (unknown ids are logged)."""
    from django.core.exceptions import ValidationError

    from compliance.services.assessment import evidence_attach_machine

    valid_until = record.valid_until
    if isinstance(valid_until, dt.datetime):
        valid_until = timezone.localtime(valid_until).date()
    for control_id in record.control_ids:
        try:
            evidence_attach_machine(
                org=record.organization, control_id=control_id, source=f"check:{record.check}",
                summary=record.summary, payload_sha256=record.sha256,
                valid_until=valid_until, run_ref=f"check-run:{record.run_id}",
            )  # fmt: skip
        except ValidationError as exc:
            logger.warning(
                "check %s evidences unknown control %s: %s", record.check, control_id, exc
            )


def open_findings_by_severity(org) -> dict[str, int]:
    from bollwerk.models import Finding

    rows = (Finding.objects.for_org(org).filter(status__in=("open", "acknowledged"))
            .values("severity").annotate(n=Count("id")))  # fmt: skip
    return {row["severity"]: row["n"] for row in rows}


def incident_clock_deadlines(org, *, today, language: str = "en") -> list:
    from django.urls import reverse
    from django.utils import timezone

    from compliance.incidents.presenters import STAGE_LABELS
    from compliance.incidents.selectors import open_clocks
    from compliance.services.dashboard import Deadline

    return [
        Deadline(
            label=f"{STAGE_LABELS[clock.obligation.stage.value]}: {clock.incident.title}",
            due=timezone.localtime(clock.obligation.due_at).date(),
            rule=clock.obligation.rule,
            url=reverse("compliance:incident-detail", args=[clock.incident.pk]),
        )
        for clock in open_clocks(org=org, now=timezone.now())
    ]


def connect() -> None:
    from bollwerk.checks.registry import evidence_sink_register
    from compliance.services.dashboard import register_deadline_provider, register_findings_provider

    evidence_sink_register(machine_evidence_sink)
    register_findings_provider(open_findings_by_severity)
    register_deadline_provider(incident_clock_deadlines)
