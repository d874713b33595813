"""Writing findings: record what a check saw, resolve what it no longer sees, status actions.

:func:`findings_record` is the one entry point for every producer (check runs,
scan imports, later issues): it upserts by ``(organization, fingerprint)`` in
bulk and records one audit event per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.checks.models import CheckRun, Finding, FindingEvent, Severity
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record

CHUNK = 500
#: Attributes of a scan-style candidate that travel in ``details``.
_DETAIL_ATTRS = ("address", "zone_id", "protocol", "port")
_UPDATED_FIELDS = [
    "kind",
    "severity",
    "title",
    "description",
    "affected_objects",
    "asset_ref",
    "details",
    "status",
    "last_seen_at",
    "last_run",
    "due_date",
    "resolved_at",
    "resolved_by_run",
    "risk_reason",
    "risk_expires_on",
]


@dataclass(frozen=True)
class FindingCounts:
    """What one :func:`findings_record` call changed."""

    new: int = 0
    seen_again: int = 0
    reopened: int = 0
    resolved: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "findings_new": self.new,
            "findings_seen_again": self.seen_again,
            "findings_reopened": self.reopened,
            "findings_resolved": self.resolved,
        }


def due_date_for(*, severity: str, since: dt.datetime) -> dt.date | None:
    """The due date from the per-severity SLA (none for ``info``)."""
    days = settings.BOLLWERK_FINDING_SLA_DAYS.get(severity)
    if days is None:
        return None
    return timezone.localdate(since) + dt.timedelta(days=days)


def candidate_normalize(candidate: Any) -> dict[str, Any]:
    """A check's candidate (ours or the scan engine's) as Finding field values."""
    fingerprint = str(getattr(candidate, "fingerprint", "") or "")
    if not fingerprint or len(fingerprint) > 200:
        raise ValueError(f"finding candidate {candidate!r}: fingerprint must be 1-200 characters")
    severity = str(getattr(candidate, "severity", ""))
    if severity not in Severity.values:
        raise ValueError(f"finding {fingerprint}: unknown severity {severity!r}")
    details = dict(getattr(candidate, "details", None) or {})
    for attr in _DETAIL_ATTRS:
        value = getattr(candidate, attr, None)
        if value not in (None, ""):
            details[attr] = value
    objects = [
        ref.as_dict() if hasattr(ref, "as_dict") else dict(ref)
        for ref in getattr(candidate, "objects", ()) or ()
    ]
    asset = getattr(candidate, "asset_id", None)
    return {
        "fingerprint": fingerprint,
        "kind": str(getattr(candidate, "kind", ""))[:60],
        "severity": severity,
        "title": str(getattr(candidate, "title", ""))[:300],
        "description": str(getattr(candidate, "description", "")),
        "affected_objects": objects,
        "asset_ref": "" if asset is None else str(asset)[:64],
        "details": details,
    }


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _reopen(finding: Finding, *, now: dt.datetime) -> None:
    finding.status = Finding.Status.OPEN
    finding.resolved_at = None
    finding.resolved_by_run = None
    finding.due_date = due_date_for(severity=finding.severity, since=now)


@transaction.atomic
def findings_record(
    *,
    organization: Organization,
    source: str,
    candidates: Iterable[Any],
    run: CheckRun | None = None,
    resolve_missing: bool = False,
    resolve_kinds: frozenset[str] | None = None,
) -> FindingCounts:
    """Upsert ``candidates`` as findings of ``source``; optionally resolve the ones not seen.

    Same fingerprint → same row (``last_seen_at`` and ``last_run`` move on); a
    resolved finding seen again is reopened; an expired risk acceptance falls
    back to open. With ``resolve_missing``, open and acknowledged findings of
    ``source`` (of ``resolve_kinds`` if given) not among ``candidates`` are
    resolved by ``run``. Bulk writes: one summary audit event.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    wanted = {c["fingerprint"]: c for c in map(candidate_normalize, candidates)}
    existing: dict[str, Finding] = {}
    for chunk in _chunks(list(wanted)):
        for finding in Finding.objects.for_org(organization).filter(fingerprint__in=chunk):
            existing[finding.fingerprint] = finding
    new, changed, seen_only, events = [], [], [], []
    reopened = 0

    def event(finding, action, note=""):
        events.append((finding, action, note))

    for fingerprint, values in wanted.items():
        finding = existing.get(fingerprint)
        if finding is None:
            finding = Finding(
                organization=organization,
                source=source,
                first_seen_at=now,
                last_seen_at=now,
                first_run=run,
                last_run=run,
                due_date=due_date_for(severity=values["severity"], since=now),
                **values,
            )
            new.append(finding)
            event(finding, FindingEvent.Action.OPENED)
            continue
        dirty = False
        if finding.severity != values["severity"] and finding.status != Finding.Status.RESOLVED:
            finding.due_date = due_date_for(
                severity=values["severity"], since=finding.first_seen_at
            )
            dirty = True
        for name, value in values.items():
            if getattr(finding, name) != value:
                setattr(finding, name, value)
                dirty = True
        finding.last_seen_at, finding.last_run = now, run
        if finding.status == Finding.Status.RESOLVED:
            _reopen(finding, now=now)
            reopened += 1
            event(finding, FindingEvent.Action.REOPENED, _("The cause was seen again."))
            dirty = True
        elif _risk_expired(finding, today):
            finding.status = Finding.Status.OPEN
            event(finding, FindingEvent.Action.RISK_EXPIRED)
            dirty = True
        (changed if dirty else seen_only).append(finding)

    resolved = (
        _resolve_missing(
            organization=organization,
            source=source,
            seen=set(wanted),
            run=run,
            kinds=resolve_kinds,
            now=now,
            event=event,
        )
        if resolve_missing
        else []
    )
    Finding.objects.bulk_create(new, batch_size=CHUNK)
    Finding.objects.bulk_update(changed + resolved, _UPDATED_FIELDS, batch_size=CHUNK)
    # Seen again unchanged (the common case of a repeated scan): one UPDATE per chunk
    # instead of a CASE over every field of every row.
    for chunk in _chunks([f.pk for f in seen_only]):
        Finding.objects.filter(pk__in=chunk).update(last_seen_at=now, last_run=run)
    FindingEvent.objects.bulk_create(
        [
            FindingEvent(organization=organization, finding=f, action=a, at=now, run=run, note=note)
            for f, a, note in events
        ],
        batch_size=CHUNK,
    )
    counts = FindingCounts(
        new=len(new),
        seen_again=len(changed) + len(seen_only) - reopened,
        reopened=reopened,
        resolved=len(resolved),
    )
    if new or changed or seen_only or resolved:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            organization=organization,
            object_type="bollwerk.finding",
            object_repr=f"findings of {source}" + (f" (run {run.pk})" if run else ""),
            changes=counts.as_dict(),
        )
    return counts


def _risk_expired(finding: Finding, today: dt.date) -> bool:
    return (
        finding.status == Finding.Status.RISK_ACCEPTED
        and finding.risk_expires_on is not None
        and finding.risk_expires_on < today
    )


def _resolve_missing(*, organization, source, seen, run, kinds, now, event) -> list[Finding]:
    today = timezone.localdate(now)
    qs = Finding.objects.for_org(organization).filter(
        source=source,
        status__in=[
            Finding.Status.OPEN,
            Finding.Status.ACKNOWLEDGED,
            Finding.Status.RISK_ACCEPTED,
        ],
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    resolved = []
    for finding in qs.exclude(status=Finding.Status.RISK_ACCEPTED, risk_expires_on__gte=today):
        if finding.fingerprint in seen:
            continue
        finding.status = Finding.Status.RESOLVED
        finding.resolved_at = now
        finding.resolved_by_run = run
        resolved.append(finding)
        event(finding, FindingEvent.Action.RESOLVED, _("The cause is gone."))
    return resolved


# --- status actions by people -----------------------------------------------

_ACTIONABLE = {
    "acknowledge": {Finding.Status.OPEN},
    "accept_risk": {Finding.Status.OPEN, Finding.Status.ACKNOWLEDGED},
    "reopen": {
        Finding.Status.ACKNOWLEDGED,
        Finding.Status.RISK_ACCEPTED,
        Finding.Status.RESOLVED,
    },
}


def finding_actions(finding: Finding) -> list[str]:
    """The status actions a person may take on ``finding`` now."""
    return [name for name, states in _ACTIONABLE.items() if finding.status in states]


@transaction.atomic
def finding_status_change(
    *,
    finding: Finding,
    action: str,
    user=None,
    reason: str = "",
    expires_on: dt.date | None = None,
) -> Finding:
    """Acknowledge, accept the risk of (``reason`` and future ``expires_on`` required) or reopen.

    Raises ValidationError naming the field for a bad request; nothing is stored then.
    """
    if action not in _ACTIONABLE:
        raise ValidationError({"action": _("Unknown action %(a)s.") % {"a": action}})
    if finding.status not in _ACTIONABLE[action]:
        raise ValidationError(
            {
                "action": _("A finding that is %(s)s cannot be changed that way.")
                % {"s": finding.get_status_display()}
            }
        )
    now = timezone.now()
    if action == "acknowledge":
        finding.status = Finding.Status.ACKNOWLEDGED
        event = FindingEvent.Action.ACKNOWLEDGED
    elif action == "accept_risk":
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = _("Give a reason for accepting the risk.")
        if expires_on is None:
            errors["expires_on"] = _("Give the date the risk acceptance expires.")
        elif expires_on <= timezone.localdate(now):
            errors["expires_on"] = _("The expiry date must lie in the future.")
        if errors:
            raise ValidationError(errors)
        finding.status = Finding.Status.RISK_ACCEPTED
        finding.risk_reason, finding.risk_expires_on = reason.strip(), expires_on
        event = FindingEvent.Action.RISK_ACCEPTED
    else:
        _reopen(finding, now=now)
        finding.risk_reason, finding.risk_expires_on = "", None
        event = FindingEvent.Action.REOPENED
    finding.save()
    note = reason.strip() if action == "accept_risk" else ""
    if expires_on and action == "accept_risk":
        note = f"{note} ({_('until')} {expires_on.isoformat()})"
    FindingEvent.objects.create(
        organization_id=finding.organization_id,
        finding=finding,
        action=event,
        at=now,
        user=user,
        note=note,
    )
    return finding


def findings_expire_risk(*, organization: Organization | None = None) -> int:
    """Turn expired risk acceptances back to open (for findings no check re-examines)."""
    now = timezone.now()
    qs = Finding.objects.filter(
        status=Finding.Status.RISK_ACCEPTED, risk_expires_on__lt=timezone.localdate(now)
    )
    if organization is not None:
        qs = qs.for_org(organization)
    count = 0
    for finding in qs:
        with transaction.atomic():
            finding.status = Finding.Status.OPEN
            finding.save(update_fields=["status"])
            FindingEvent.objects.create(
                organization_id=finding.organization_id,
                finding=finding,
                action=FindingEvent.Action.RISK_EXPIRED,
                at=now,
            )
        count += 1
    return count
