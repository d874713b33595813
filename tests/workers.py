"""A real Celery worker process against the real Redis, for integration tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from celery import Celery
from django.db import connection

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[1]
# Celery lets CELERY_BROKER_URL in the environment override any configured broker,
# so worker and client use it when it points at Redis.
_BROKER = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = os.environ.get("BOLLWERK_TEST_REDIS_URL") or (
    _BROKER if _BROKER.startswith("redis://") else "redis://127.0.0.1:6379/15"
)


def redis_available(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def database_url_of_test_db() -> str | None:
    """The URL of the database this test runs on, if another process can reach it."""
    if connection.vendor != "postgresql":
        return None
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextlib.contextmanager
def celery_worker(
    tmp_path: Path, *, database_url: str | None = None, extra_env: dict | None = None
):
    """Start ``celery -A bollwerk worker`` on a private queue; yield (client app, queue, process)."""
    need(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bollwerk.settings",
            "DEBUG": "1",
            "SECRET_KEY": "x" * 50,
            "BOLLWERK_VAR_DIR": str(tmp_path),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_RESULT_BACKEND": REDIS_URL,
            **({"DATABASE_URL": database_url} if database_url else {}),
            **(extra_env or {}),
        }
    )
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bollwerk",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            "1",
            "--pool",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"{queue}@%h",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app = Celery("bollwerk-test", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    try:
        yield app, queue, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def worker_log(tmp_path: Path) -> str:
    path = tmp_path / "worker.log"
    return path.read_text() if path.exists() else ""


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None
