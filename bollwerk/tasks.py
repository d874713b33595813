"""Celery entry points of the platform (thin: they call services)."""

from __future__ import annotations

from celery import shared_task

from bollwerk.services.health import heartbeat_record


@shared_task(name="bollwerk.heartbeat", ignore_result=True, acks_late=True)
def record_heartbeat_task() -> str:
    """Run by beat every BOLLWERK_HEARTBEAT_INTERVAL_S; proves worker and beat are alive."""
    return heartbeat_record(worker=record_heartbeat_task.request.hostname or "worker").worker


@shared_task(name="bollwerk.ping", acks_late=True)
def ping_task(marker: str) -> str:
    """A no-op round trip used by the integration test and the check benchmark."""
    return marker
