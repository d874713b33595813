"""Assess controls and attach evidence (uploaded files, links, machine records).

Every change of an assessment is kept in ``AssessmentHistory`` (who, when,
before, after) besides the platform's audit trail. A change of status or
evidence marks the stored score stale, so the dashboard shows the new score
on its next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record, current_actor
from compliance.models import AssessmentHistory, ControlAssessment, Evidence
from compliance.selectors import applicable_control_ids, catalogue_current
from compliance.services.scores import score_snapshot_invalidate

TRACKED = ("status", "justification", "owner_id", "due_date", "notes")
SCORED = {"status"}


def assessments_ensure(*, org: Organization, duty_ids: set[str] | None = None) -> int:
    """Create the missing (not assessed) assessment rows of every applicable control.

    Idempotent; returns how many rows were created. One bulk insert and one
    summary audit event. ``duty_ids`` saves a query when the caller has them.
    """
    version = catalogue_current()
    wanted = applicable_control_ids(org=org, version=version, duty_ids=duty_ids)
    have = set(
        ControlAssessment.objects.for_org(org)
        .filter(control__version=version)
        .values_list("control_id", flat=True)
    )
    missing_ids = [pk for pk in wanted if pk not in have]
    if not missing_ids:
        return 0
    missing = list(version.controls.filter(pk__in=missing_ids).order_by("position"))
    with transaction.atomic():
        ControlAssessment.objects.bulk_create(
            [ControlAssessment(organization=org, control=c) for c in missing],
            ignore_conflicts=True,
        )
        audit_record(
            action=AuditEvent.Action.CREATE,
            organization=org,
            object_type="compliance.controlassessment",
            object_repr=f"{len(missing)} controls to assess",
            changes={"controls": [c.control_id for c in missing]},
        )
    return len(missing)


def _snapshot(assessment: ControlAssessment) -> dict:
    values = {f: getattr(assessment, f) for f in TRACKED}
    if values["due_date"] is not None:
        values["due_date"] = values["due_date"].isoformat()
    return values


def _history(assessment, *, action: str, before: dict, after: dict) -> AssessmentHistory:
    actor = current_actor()
    return AssessmentHistory.objects.create(
        organization_id=assessment.organization_id,
        assessment=assessment,
        actor_id=actor.user_id,
        actor_label=actor.label[:255],
        action=action,
        before=before,
        after=after,
    )


def assessment_update(*, assessment: ControlAssessment, data: dict[str, Any]) -> ControlAssessment:
    """Change status, justification, owner, due date or notes; records the change in history.

    ``not_applicable`` needs a justification; an owner must be a member of
    the organization. Nothing is stored when anything is invalid.
    """
    unknown = set(data) - {"status", "justification", "owner", "due_date", "notes"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "cannot be changed here"})
    if assessment.archived:
        raise ValidationError({"status": "this assessment is archived (its control was removed)"})
    before = _snapshot(assessment)
    for field, value in data.items():
        setattr(assessment, field, value)
    owner = data.get("owner")
    if (
        owner is not None
        and not owner.memberships.filter(organization_id=assessment.organization_id).exists()
    ):
        raise ValidationError({"owner": "is not a member of this organization"})
    assessment.full_clean(exclude=["control", "organization", "owner"])
    after = _snapshot(assessment)
    changed = {k for k in after if after[k] != before[k]}
    with transaction.atomic():
        assessment.save()
        if changed & SCORED:
            score_snapshot_invalidate(org_id=assessment.organization_id)
        if changed:
            _history(
                assessment,
                action="update",
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return assessment


def _check_dates(valid_from: dt.date, valid_until: dt.date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": "is before valid_from"})


def evidence_add_file(
    *,
    assessment: ControlAssessment,
    upload: File,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    review_months: int | None = None,
    user=None,
) -> Evidence:
    """Store an uploaded file as evidence under MEDIA_ROOT, named by its SHA-256.

    Files larger than ``BOLLWERK_UPLOAD_MAX_BYTES`` or empty are refused
    (ValidationError on ``file``) and nothing is stored.
    """
    limit = settings.BOLLWERK_UPLOAD_MAX_BYTES
    size = upload.size
    if size is None or size == 0:
        raise ValidationError({"file": "the file is empty"})
    if size > limit:
        raise ValidationError(
            {"file": f"{upload.name}: {size} bytes is more than the limit of {limit} bytes"}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    valid_from = valid_from or timezone.localdate()
    _check_dates(valid_from, valid_until)
    name = (upload.name or "upload").rsplit("/", 1)[-1][:255]
    evidence = Evidence(
        organization_id=assessment.organization_id,
        assessment=assessment,
        kind=Evidence.Kind.FILE,
        title=(title or name)[:200],
        filename=name,
        size=size,
        sha256=digest.hexdigest(),
        valid_from=valid_from,
        valid_until=valid_until,
        review_months=review_months or assessment.control.review_months,
        created_by=user,
    )
    with transaction.atomic():
        evidence.file.save(name, upload, save=False)
        evidence.save()
        _history(assessment, action="evidence_added", before={}, after=_evidence_json(evidence))
        score_snapshot_invalidate(org_id=assessment.organization_id)
    return evidence


def evidence_add_link(
    *,
    assessment: ControlAssessment,
    url: str,
    title: str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    review_months: int | None = None,
    user=None,
) -> Evidence:
    """Record a link (document system, wiki, ticket) as evidence."""
    valid_from = valid_from or timezone.localdate()
    _check_dates(valid_from, valid_until)
    evidence = Evidence(
        organization_id=assessment.organization_id,
        assessment=assessment,
        kind=Evidence.Kind.LINK,
        title=title[:200],
        url=url,
        valid_from=valid_from,
        valid_until=valid_until,
        review_months=review_months or assessment.control.review_months,
        created_by=user,
    )
    evidence.full_clean(exclude=["file", "assessment", "organization"])
    with transaction.atomic():
        evidence.save()
        _history(assessment, action="evidence_added", before={}, after=_evidence_json(evidence))
        score_snapshot_invalidate(org_id=assessment.organization_id)
    return evidence


def evidence_attach_machine(
    *,
    org: Organization,
    control_id: str,
    source: str,
    summary: str,
    payload_sha256: str,
    valid_until: dt.date,
    run_ref: str,
) -> Evidence:
    """Attach a dated, hashed machine evidence record (from a check run) to a control.

    ``control_id`` is a catalogue id of the current version (e.g. "NIS2-21-2-j.1").
    Idempotent per (control, run_ref): attaching the same run twice returns the
    existing record. The assessment row is created if missing.
    """
    version = catalogue_current()
    control = version.controls.filter(control_id=control_id).first()
    if control is None:
        raise ValidationError({"control_id": f"unknown control {control_id!r} in {version}"})
    if len(payload_sha256) != 64 or any(c not in "0123456789abcdef" for c in payload_sha256):
        raise ValidationError({"payload_sha256": "must be 64 lower-case hex digits"})
    with transaction.atomic():
        assessment, _ = ControlAssessment.objects.get_or_create(organization=org, control=control)
        existing = Evidence.objects.filter(
            assessment=assessment, kind=Evidence.Kind.MACHINE, run_ref=run_ref
        ).first()
        if existing is not None:
            return existing
        evidence = Evidence.objects.create(
            organization=org,
            assessment=assessment,
            kind=Evidence.Kind.MACHINE,
            title=f"{source}: {summary}"[:200],
            source=source[:100],
            summary=summary,
            sha256=payload_sha256,
            run_ref=run_ref[:100],
            valid_from=timezone.localdate(),
            valid_until=valid_until,
            review_months=control.review_months,
        )
        _history(assessment, action="evidence_added", before={}, after=_evidence_json(evidence))
        score_snapshot_invalidate(org_id=assessment.organization_id)
    return evidence


def _evidence_json(evidence: Evidence) -> dict:
    return {
        "evidence": evidence.pk,
        "kind": evidence.kind,
        "title": evidence.title,
        "sha256": evidence.sha256,
        "valid_from": evidence.valid_from.isoformat(),
        "valid_until": evidence.valid_until.isoformat() if evidence.valid_until else None,
    }
