"""Write side of incidents: every change goes through one of these functions.

Each service validates (``full_clean``), writes atomically, records M2M
changes in the audit trail (model signals record the rest) and refreshes the
cached ``next_due_at`` so the list's "open clocks" filter and sort stay true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.models import Organization
from bollwerk.services.audit import audit_record

from .models import FollowUpAction, Incident, IncidentEvent, ReportSubmission, SignificanceDecision
from .obligations import incident_clocks, next_due, org_reporting_profile

M2M_FIELDS = ("services", "sites", "assets", "findings", "risks", "controls")
#: Status → the time field stamped (if empty) when the incident reaches it.
STATUS_TIMES = {
    Incident.Status.CONTAINED: ("contained_at",),
    Incident.Status.RESOLVED: ("contained_at", "resolved_at"),
    Incident.Status.CLOSED: ("contained_at", "resolved_at", "closed_at"),
}
#: Grace for clocks of the submitting machine that run slightly ahead.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


def _check_same_org(org: Organization, related: dict[str, Iterable[Any] | None]) -> None:
    errors = {
        name: _("This belongs to another organization.")
        for name, objects in related.items()
        if objects is not None
        and any(getattr(o, "organization_id", org.pk) != org.pk for o in objects)
    }
    if errors:
        raise ValidationError(errors)


def _set_m2m(incident: Incident, related: dict[str, Iterable[Any] | None]) -> None:
    """Replace the M2M sets given (None: leave as is) and audit what changed."""
    changes = {}
    for name, objects in related.items():
        if objects is None:
            continue
        manager = getattr(incident, name)
        before = set(manager.values_list("pk", flat=True))
        after = {o.pk for o in objects}
        if before != after:
            manager.set(list(objects))
            changes[name] = {"before": sorted(before), "after": sorted(after)}
    if changes:
        audit_record(
            action="update",
            organization=incident.organization_id,
            object_type="compliance.incident",
            object_id=incident.pk,
            object_repr=str(incident),
            changes=changes,
        )


def _stamp_status_times(incident: Incident, now: dt.datetime) -> None:
    for name in STATUS_TIMES.get(incident.status, ()):
        if getattr(incident, name) is None:
            setattr(incident, name, now)


def incident_save(
    *,
    org: Organization,
    instance: Incident,
    services: Iterable[Any] | None = None,
    sites: Iterable[Any] | None = None,
    assets: Iterable[Any] | None = None,
    findings: Iterable[Any] | None = None,
    risks: Iterable[Any] | None = None,
    controls: Iterable[Any] | None = None,
) -> Incident:
    """Create or update ``instance`` (fields already set) and its related objects.

    Reaching a status stamps its time (and the earlier ones) if still empty.
    Affected services, sites and assets, related findings and risks must
    belong to ``org`` (controls are the instance-wide catalogue); None leaves
    a set unchanged. Raises ValidationError naming the field; nothing is
    stored then.
    """
    related = {
        "services": services,
        "sites": sites,
        "assets": assets,
        "findings": findings,
        "risks": risks,
        "controls": controls,
    }
    related = {k: (list(v) if v is not None else None) for k, v in related.items()}
    _check_same_org(org, related)
    instance.organization = org
    _stamp_status_times(instance, timezone.now())
    instance.full_clean(exclude=["organization"])
    with transaction.atomic():
        instance.save()
        _set_m2m(instance, related)
        incident_clocks_refresh(incident=instance)
    return instance


def incident_delete(*, incident: Incident) -> None:
    """Delete the incident with its timeline, decisions, submissions and actions."""
    incident.delete()


def incident_clocks_refresh(*, incident: Incident) -> dt.datetime | None:
    """Recompute and cache ``next_due_at`` (a derived value: written without an audit event)."""
    services = incident.services.only("sector") if incident.pk else []
    profile = org_reporting_profile(
        org=incident.organization, affected_sectors=[s.sector for s in services]
    ).profile
    due = next_due(
        incident_clocks(
            incident=incident,
            profile=profile,
            decisions=incident.decisions.all(),
            submissions=incident.submissions.all(),
        )
    )
    if due != incident.next_due_at:
        Incident.objects.filter(pk=incident.pk).update(next_due_at=due)
        incident.next_due_at = due
    return due


def incident_clocks_refresh_all(*, org: Organization) -> int:
    """Refresh every incident of ``org`` (after its classification facts changed); returns the count."""
    incidents = Incident.objects.for_org(org).select_related("organization")
    for incident in incidents:
        incident_clocks_refresh(incident=incident)
    return len(incidents)


def incident_event_add(
    *, incident: Incident, occurred_at: dt.datetime, text: str, author=None
) -> IncidentEvent:
    """Append one entry to the incident's timeline."""
    event = IncidentEvent(
        organization_id=incident.organization_id,
        incident=incident,
        occurred_at=occurred_at,
        text=text,
        author=author,
    )
    event.full_clean(exclude=["organization"])
    event.save()
    return event


def significance_decide(
    *,
    incident: Incident,
    regime: str,
    significant: bool,
    reasons: str,
    criteria: dict | None = None,
    user=None,
    decided_at: dt.datetime | None = None,
) -> SignificanceDecision:
    """Record a (new) decision for one regime; earlier decisions stay as history.

    Recomputes the clocks: a reversed decision drops obligations that were not
    yet submitted and keeps recorded submissions for the record.
    """
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    decision = SignificanceDecision(
        organization_id=incident.organization_id,
        incident=incident,
        regime=regime,
        significant=significant,
        reasons=reasons.strip(),
        criteria=criteria or {},
        decided_at=decided_at or timezone.now(),
        decided_by=user,
    )
    decision.full_clean(exclude=["organization"])
    with transaction.atomic():
        decision.save()
        incident_clocks_refresh(incident=incident)
    return decision


def submission_record(
    *,
    incident: Incident,
    stage: str,
    submitted_at: dt.datetime,
    reference: str = "",
    channel: str = ReportSubmission.Channel.PORTAL,
    note: str = "",
    user=None,
    instance: ReportSubmission | None = None,
) -> ReportSubmission:
    """Record (or correct, with ``instance``) that the report for ``stage`` was sent.

    The submission time must not lie in the future nor before the awareness time.
    """
    if incident.aware_at is None:
        raise ValidationError({"stage": _("Set the awareness time before recording reports.")})
    if submitted_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"submitted_at": _("The submission time lies in the future.")})
    if submitted_at < incident.aware_at:
        raise ValidationError(
            {"submitted_at": _("The submission time lies before the awareness time.")}
        )
    submission = instance or ReportSubmission(
        organization_id=incident.organization_id, incident=incident
    )
    submission.stage, submission.submitted_at = stage, submitted_at
    submission.reference, submission.channel, submission.note = reference, channel, note
    if submission.submitted_by_id is None:
        submission.submitted_by = user
    submission.full_clean(exclude=["organization"])
    with transaction.atomic():
        submission.save()
        incident_clocks_refresh(incident=incident)
    return submission


def submission_delete(*, submission: ReportSubmission) -> None:
    """Remove a submission recorded by mistake; the clock runs again."""
    incident = submission.incident
    with transaction.atomic():
        submission.delete()
        incident_clocks_refresh(incident=incident)


def followup_save(*, incident: Incident, instance: FollowUpAction) -> FollowUpAction:
    """Create or update a follow-up action; marking it done stamps ``done_at``."""
    instance.organization_id = incident.organization_id
    instance.incident = incident
    if instance.done and instance.done_at is None:
        instance.done_at = timezone.now()
    if not instance.done:
        instance.done_at = None
    instance.full_clean(exclude=["organization"])
    instance.save()
    return instance


def followup_toggle(*, action: FollowUpAction) -> FollowUpAction:
    """Flip the done flag of a follow-up action."""
    action.done = not action.done
    return followup_save(incident=action.incident, instance=action)
