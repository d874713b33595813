"""Default periodic tasks, kept in the database (django-celery-beat) so admins can change them."""

from __future__ import annotations

from django.conf import settings


def schedules_ensure(**kwargs) -> None:
    """Create the platform's periodic tasks if missing; never overwrite an admin's changes."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    interval, _ = IntervalSchedule.objects.get_or_create(
        every=settings.BOLLWERK_HEARTBEAT_INTERVAL_S, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.get_or_create(
        name="Worker heartbeat",
        defaults={
            "task": "bollwerk.heartbeat",
            "interval": interval,
            "enabled": True,
            "description": "Proves to /healthz that beat and a worker are running.",
        },
    )
