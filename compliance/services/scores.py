"""Compute an organization's score from its assessments and signals; write daily snapshots.

The dashboard does not recompute: it reads today's snapshot through
``score_snapshot_fresh``, which recomputes only when the row is missing,
was invalidated by a write to one of its inputs (``score_snapshot_invalidate``,
called by the assessment, evidence, classification and catalogue services)
or is older than ``BOLLWERK_SCORE_MAX_AGE_MINUTES`` (the signals read other
apps' data, which does not notify compliance).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bollwerk.models import Organization
from bollwerk.services.audit import Actor, acting_as
from compliance.models import ScoreSnapshot
from compliance.scoring import ControlInput, ScoreResult, score_compute
from compliance.selectors import (
    add_months,
    applicable_duty_ids,
    assessment_score_rows,
    catalogue_current,
    evidence_list,
)
from compliance.signals_registry import SignalValue, signals_compute_all


@dataclass
class OrgScore:
    """The score of one organization on one day, with the signals it used."""

    result: ScoreResult
    signals: dict[str, SignalValue]
    classified: bool
    catalogue_version: str
    today: dt.date


def _evidence_states(*, org: Organization, today: dt.date) -> dict[int, str]:
    states: dict[int, str] = {}
    rows = evidence_list(org=org).values_list(
        "assessment_id", "valid_from", "valid_until", "review_months"
    )
    for assessment_id, valid_from, valid_until, months in rows:
        if valid_from <= today <= (valid_until or add_months(valid_from, months)):
            states[assessment_id] = "valid"
        else:
            states.setdefault(assessment_id, "expired")
    return states


def org_score(*, org: Organization, today: dt.date | None = None) -> OrgScore:
    """Score the organization now: every signal, every applicable assessment (a few queries)."""
    from compliance.services.assessment import assessments_ensure

    today = today or timezone.localdate()
    version = catalogue_current()
    duty_ids, classified = applicable_duty_ids(org=org)
    assessments_ensure(org=org, duty_ids=duty_ids)
    signals = signals_compute_all(org=org, today=today)
    evidence = _evidence_states(org=org, today=today)
    inputs = []
    for row in assessment_score_rows(org=org):
        if duty_ids is not None and row["control__duty__duty_id"] not in duty_ids:
            continue
        signal_id = row["control__signal"]
        signal = signals.get(signal_id) if signal_id else None
        inputs.append(
            ControlInput(
                control_id=row["control__control_id"],
                duty_id=row["control__duty__duty_id"],
                measure=row["control__duty__measure"],
                legal_weight=row["control__legal_weight"],
                status=row["status"],
                evidence_state=evidence.get(row["pk"], "missing"),
                signal_id=signal_id,
                signal_state=signal.state if signal is not None else "",
                position=row["control__position"],
                assessment_id=row["pk"],
            )
        )
    return OrgScore(score_compute(inputs), signals, classified, version.version, today)


def score_snapshot_record(*, org: Organization, today: dt.date | None = None) -> ScoreSnapshot:
    """Compute the score and store it as the day's snapshot (idempotent: one row per day).

    ``computed_at`` is the time before the inputs were read, so a write that
    invalidates the row while it is being computed leaves it stale.
    """
    started = timezone.now()
    score = org_score(org=org, today=today)
    summary = score.result.summary()
    with transaction.atomic():
        snapshot, _ = ScoreSnapshot.objects.update_or_create(
            organization=org,
            date=score.today,
            defaults={
                "overall": summary["overall"],
                "duties": summary["duties"],
                "measures": summary["measures"],
                "catalogue_version": score.catalogue_version,
                "computed_at": started,
            },
        )
    return snapshot


def score_snapshot_is_fresh(snapshot: ScoreSnapshot | None, *, now: dt.datetime) -> bool:
    """Whether a stored snapshot may be shown as today's score."""
    if snapshot is None or snapshot.date != timezone.localdate(now):
        return False
    if snapshot.invalidated_at is not None and snapshot.invalidated_at >= snapshot.computed_at:
        return False
    max_age = dt.timedelta(minutes=settings.BOLLWERK_SCORE_MAX_AGE_MINUTES)
    return snapshot.computed_at > now - max_age


def score_snapshot_fresh(*, org: Organization) -> ScoreSnapshot:
    """Today's snapshot: read (one query) or, when stale, recomputed and stored first."""
    now = timezone.now()
    snapshot = ScoreSnapshot.objects.for_org(org).filter(date=timezone.localdate(now)).first()
    if score_snapshot_is_fresh(snapshot, now=now):
        return snapshot
    # The system recomputes; whoever happened to open the page did not write anything.
    with acting_as(Actor(user_id=None, label="system:score")):
        return score_snapshot_record(org=org)


def score_snapshot_invalidate(*, org_id: int | None) -> None:
    """Mark today's snapshot of one organization (None: of all) stale once the write commits.

    Marked on commit, with the commit's time: a recomputation that started
    before it cannot have seen the write and stays stale; one that starts
    after it sees the write. A queryset update, so no audit event of its own
    (the write that caused it has one).
    """

    def mark() -> None:
        now = timezone.now()
        rows = ScoreSnapshot.objects.filter(date=timezone.localdate(now))
        if org_id is not None:
            rows = rows.filter(organization_id=org_id)
        rows.update(invalidated_at=now)

    transaction.on_commit(mark)


def scores_recompute_all(*, today: dt.date | None = None) -> int:
    """The daily job: a snapshot for every organization; returns how many were written."""
    count = 0
    for org in Organization.objects.order_by("pk"):
        score_snapshot_record(org=org, today=today)
        count += 1
    return count
