"""Evidence from check runs: the canonical outcome hash and the evidence sinks.

Compliance registers a sink (``registry.evidence_sink_register``); after each
successful run of a check that declares control ids, every sink receives an
``EvidenceRecord`` whose ``valid_until`` is the next expected run.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import transaction
from django.utils import timezone

from bollwerk.checks import registry
from bollwerk.checks.findings import candidate_normalize
from bollwerk.checks.models import CheckRun, CheckSchedule

logger = logging.getLogger(__name__)


def outcome_digest(check_name: str, outcome: registry.CheckOutcome, candidates: list) -> str:
    """SHA-256 of the canonical JSON of an outcome (what the evidence sinks receive)."""
    body = {
        "check": check_name,
        "findings": sorted(
            (candidate_normalize(c) for c in candidates), key=lambda c: c["fingerprint"]
        ),
        "counts": outcome.counts,
        "summary": outcome.evidence_summary,
    }
    canonical = json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def evidence_publish(*, run_id: int) -> int:
    """Tell every evidence sink about a succeeded run of a check with control ids.

    A failing sink is logged and noted in the run's error text; the run stays
    succeeded. Returns how many sinks were called.
    """
    from bollwerk.checks.schedules import default_next_run, schedule_next_run

    run = CheckRun.objects.select_related("organization").get(pk=run_id)
    check = registry.check_get(run.check_name)
    if not check.controls or run.status != CheckRun.Status.SUCCEEDED:
        return 0
    schedule = (
        CheckSchedule.objects.for_org(run.organization)
        .filter(check_name=check.name)
        .select_related("periodic_task__interval", "periodic_task__crontab")
        .first()
    )
    finished = run.finished_at or timezone.now()
    valid_until = schedule_next_run(schedule, after=finished) or default_next_run(
        check, after=finished
    )
    record = registry.EvidenceRecord(
        organization=run.organization,
        control_ids=tuple(check.controls),
        check=check.name,
        run_id=run.pk,
        summary=run.evidence_summary,
        sha256=run.outcome_sha256,
        valid_until=valid_until,
    )
    called = 0
    for sink in registry.evidence_sinks():
        try:
            with transaction.atomic():
                sink(record)
            called += 1
        except Exception as exc:
            logger.exception("evidence sink %r failed for run %s", sink, run_id)
            note = f"evidence not recorded by {getattr(sink, '__qualname__', sink)}: {exc}"
            CheckRun.objects.filter(pk=run_id).update(
                error=(run.error + "\n" + note).strip()[:2000]
            )
    return called
