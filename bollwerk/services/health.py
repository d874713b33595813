"""Health of the instance: database, broker and the Celery worker heartbeat."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bollwerk.env import mask_url
from bollwerk.models import WorkerHeartbeat


def heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    """Store that ``worker`` ran the heartbeat task now (idempotent per worker)."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker[:255], defaults={"beat_at": timezone.now()}
    )
    return beat


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": str(exc).splitlines()[0][:300]}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }


def check_broker(timeout: float = 2.0) -> dict:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        ok = folder.is_dir() and folder.stat().st_mode & 0o200
        return {"ok": bool(ok), "url": "filesystem://", "folder": str(folder)}
    from kombu import Connection

    started = time.monotonic()
    try:
        with Connection(
            url, connect_timeout=timeout, transport_options={"socket_timeout": timeout}
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:
        return {"ok": False, "url": mask_url(url), "error": str(exc).splitlines()[0][:300]}
    return {"ok": True, "url": mask_url(url), "ms": round((time.monotonic() - started) * 1000, 1)}


def check_worker() -> dict:
    limit = dt.timedelta(seconds=settings.BOLLWERK_HEARTBEAT_INTERVAL_S * 3 + 10)
    try:
        beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception as exc:
        return {"ok": False, "error": str(exc).splitlines()[0][:300]}
    if beat is None:
        return {"ok": False, "error": "no heartbeat yet: is a worker and beat running?"}
    age = (timezone.now() - beat.beat_at).total_seconds()
    return {
        "ok": age <= limit.total_seconds(),
        "worker": beat.worker,
        "last_heartbeat": beat.beat_at.isoformat(),
        "age_s": round(age, 1),
        "max_age_s": limit.total_seconds(),
    }


def health_report() -> dict:
    """The state of every dependency; ``healthy`` only when all are fine."""
    parts = {"database": check_database(), "broker": check_broker()}
    parts["worker"] = (
        check_worker() if parts["database"]["ok"] else {"ok": False, "error": "database down"}
    )
    return {"healthy": all(p["ok"] for p in parts.values()), **parts}
