import datetime as dt

import pytest
from django.utils import timezone

from bollwerk.models import WorkerHeartbeat
from bollwerk.services.health import heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_is_healthy_with_a_fresh_heartbeat(client):
    heartbeat_record(worker="worker@test")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["healthy"] is True
    assert body["database"]["ok"] and body["broker"]["ok"] and body["worker"]["ok"]
    assert body["worker"]["worker"] == "worker@test"


def test_healthz_answers_503_when_no_worker_ever_beat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False


def test_healthz_answers_503_when_the_heartbeat_is_stale(client, settings):
    WorkerHeartbeat.objects.create(worker="w", beat_at=timezone.now() - dt.timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["age_s"] > 3000


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    heartbeat_record(worker="worker@test")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert "127.0.0.1:1" in response.json()["broker"]["url"]


def test_healthz_needs_no_login(client):
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/").status_code == 302


def test_the_heartbeat_schedule_is_kept_in_the_database():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="bollwerk.heartbeat")
    assert task.enabled
    assert task.interval.every > 0
