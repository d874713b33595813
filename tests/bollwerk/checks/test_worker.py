"""A real Celery worker and the real Redis: runs complete, dead workers are detected, limits hold.

The worker process shares the test database, so these tests need PostgreSQL.
"""

import dataclasses
import os
import signal
import time

import pytest

from bollwerk.celery import app as bollwerk_app
from bollwerk.checks import registry, services
from bollwerk.checks.models import CheckRun
from tests.bollwerk.checks.conftest import broker_at
from tests.workers import REDIS_URL, celery_worker, wait_for, worker_log

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path, db_url, settings):
    """``worker(name, **env)`` starts a worker; the test process publishes to its queue."""
    stack = []

    def start(name="w", **env):
        path = tmp_path / name
        path.mkdir()
        ctx = celery_worker(
            path,
            database_url=db_url,
            extra_env={"BOLLWERK_CHECK_HEARTBEAT_S": "1", **env},
        )
        _app, queue, process = ctx.__enter__()
        stack.append(ctx)
        # celery_worker's client app made itself the current app; shared tasks must
        # keep resolving to bollwerk's own app (its broker and eager settings).
        bollwerk_app.set_current()
        settings.BOLLWERK_CHECK_QUEUE = queue
        return queue, process, path

    with broker_at(REDIS_URL, settings):
        yield start
        while stack:
            stack.pop().__exit__(None, None, None)


def request(org, **params):
    return services.check_run_request(
        organization=org, check_name="selftest", trigger=CheckRun.Trigger.MANUAL, params=params
    ).run


def status_is(run, *statuses):
    def check():
        run.refresh_from_db()
        return run.status in statuses

    return check


def test_a_real_worker_runs_a_requested_check(org, worker):
    queue, _process, path = worker()
    run = request(org)
    assert wait_for(status_is(run, CheckRun.Status.SUCCEEDED), 60), worker_log(path)
    assert run.worker.startswith(queue) and run.task_id
    assert run.worker_pid != os.getpid()


def test_a_killed_worker_is_detected_and_the_next_run_succeeds(org, worker, settings):
    _queue, process, path = worker("first")
    run = request(org, sleep_s=120)
    assert wait_for(status_is(run, CheckRun.Status.RUNNING), 60), worker_log(path)
    assert wait_for(lambda: CheckRun.objects.get(pk=run.pk).heartbeat_at > run.started_at, 10)
    os.kill(run.worker_pid, signal.SIGKILL)  # the pool process doing the work
    process.send_signal(signal.SIGKILL)  # and the worker itself
    process.wait(timeout=10)
    settings.BOLLWERK_CHECK_STALE_S = 3
    time.sleep(4)
    worker("second")
    following = request(org)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.FAILED and "worker lost" in run.error
    assert following.pk != run.pk
    assert wait_for(status_is(following, CheckRun.Status.SUCCEEDED), 60)


def test_the_soft_time_limit_stops_a_run_and_records_it_as_timed_out(org, worker, monkeypatch):
    selftest = registry.check_get("selftest")
    monkeypatch.setitem(
        registry._CHECKS,
        "selftest",
        dataclasses.replace(selftest, soft_time_limit=1, time_limit=10),
    )
    _queue, _process, path = worker()
    run = request(org, sleep_s=30)
    assert wait_for(status_is(run, CheckRun.Status.TIMED_OUT), 60), worker_log(path)
    assert "soft time limit of 1 s" in run.error
    assert run.duration_s < 10


def test_a_second_request_while_the_worker_runs_the_check_returns_the_running_run(org, worker):
    _queue, _process, path = worker()
    run = request(org, sleep_s=3)
    assert wait_for(status_is(run, CheckRun.Status.RUNNING), 60), worker_log(path)
    again = services.check_run_request(
        organization=org, check_name="selftest", trigger=CheckRun.Trigger.MANUAL
    )
    assert (again.run.pk, again.created) == (run.pk, False)
    assert wait_for(status_is(run, CheckRun.Status.SUCCEEDED), 60)
    assert CheckRun.objects.filter(check_name="selftest").count() == 1
