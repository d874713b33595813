"""Findings of vulnerability matches: open ones are recorded, closed ones resolved.

Fingerprint ``vuln:<advisory pk>:<component|asset>:<id>`` (source ``vulnerability``); severity
from the advisory's CVSS label, one step higher when the advisory is in CISA's KEV list.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.checks.findings import findings_record
from bollwerk.checks.models import Finding, FindingEvent
from bollwerk.checks.registry import Candidate, ObjectRef
from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record

SOURCE = "vulnerability"
_LEVELS = ["low", "medium", "high", "critical"]
_BY_LABEL = {"LOW": "low", "MEDIUM": "medium", "MODERATE": "medium", "HIGH": "high",
             "IMPORTANT": "high", "CRITICAL": "critical"}  # fmt: skip


def finding_severity(*, label: str, kev: bool) -> str:
    """The finding severity: CVSS label (unknown → medium), bumped one level for KEV."""
    severity = _BY_LABEL.get((label or "").upper(), "medium")
    if kev:
        severity = _LEVELS[min(_LEVELS.index(severity) + 1, len(_LEVELS) - 1)]
    return severity


def _candidate(match, advisory: dict, label: str) -> Candidate:
    kind, target = (
        ("component", match.component_id) if match.component_id else ("asset", match.asset_id)
    )
    objects = [ObjectRef("assets.advisory", str(advisory["pk"]), advisory["source_id"])]
    if kind == "asset":
        objects.append(ObjectRef("assets.asset", str(target), label))
    else:
        objects.append(ObjectRef("assets.sbomcomponent", str(target), label))
    return Candidate(
        kind="vulnerability",
        severity=finding_severity(label=advisory["severity_label"], kev=advisory["kev"]),
        title=f"{advisory['source_id']}: {label}"[:300],
        description=f"{advisory['title']}\n{match.identifier} {match.matched}: {match.why}".strip(),
        fingerprint=match.fingerprint,
        objects=tuple(objects),
        asset_id=str(target) if kind == "asset" else None,
        details={"match": match.pk, "priority": match.priority},
    )


def findings_sync(*, org, opened: list, closed: list) -> tuple[int, int]:
    """Record findings for newly open matches, resolve those of closed ones; (new, resolved)."""
    new = 0
    if opened:
        counts = findings_record(
            organization=org, source=SOURCE,
            candidates=[_candidate(m, advisory, label) for m, advisory, label in opened],
        )  # fmt: skip
        new = counts.new + counts.reopened
    return new, findings_resolve(org=org, fingerprints=[m.fingerprint for m in closed])


def findings_resolve(*, org, fingerprints: list[str]) -> int:
    """Resolve the open findings with these fingerprints (one audit summary); returns count."""
    if not fingerprints:
        return 0
    now = timezone.now()
    found = []
    for start in range(0, len(fingerprints), 500):
        found += list(
            Finding.objects.for_org(org)
            .filter(source=SOURCE, fingerprint__in=fingerprints[start : start + 500])
            .exclude(status=Finding.Status.RESOLVED)
        )
    for finding in found:
        finding.status, finding.resolved_at = Finding.Status.RESOLVED, now
    Finding.objects.bulk_update(found, ["status", "resolved_at"], batch_size=500)
    FindingEvent.objects.bulk_create([
        FindingEvent(organization=org, finding=f, action=FindingEvent.Action.RESOLVED, at=now,
                     note=_("The vulnerability match is closed."))
        for f in found
    ])  # fmt: skip
    if found:
        audit_record(action=AuditEvent.Action.UPDATE, organization=org,
                     object_type="bollwerk.finding", object_repr="findings of vulnerability",
                     changes={"findings_resolved": len(found)})  # fmt: skip
    return len(found)
