"""Celery entry points of the compliance app (thin: they call services)."""

from __future__ import annotations

from celery import shared_task

from compliance.incidents.tasks import refresh_incident_clocks_task  # noqa: F401 - autodiscovery

SNAPSHOT_TASK = "compliance.record_score_snapshots"


@shared_task(
    name=SNAPSHOT_TASK,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_kwargs={"max_retries": 5},
)
def record_score_snapshots_task(org_id: int | None = None) -> int:
    """Write today's score snapshot for one organization (or all); idempotent per day."""
    from bollwerk.models import Organization
    from compliance.services.scores import score_snapshot_record, scores_recompute_all

    if org_id is None:
        return scores_recompute_all()
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return 0
    score_snapshot_record(org=org)
    return 1


def schedules_ensure(**kwargs) -> None:
    """post_migrate: the daily snapshot task in django-celery-beat (admins may change it)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="2", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    PeriodicTask.objects.get_or_create(
        name="Compliance score snapshots",
        defaults={
            "task": SNAPSHOT_TASK,
            "crontab": crontab,
            "enabled": True,
            "description": "Daily score snapshot of every organization (dashboard trend).",
        },
    )
