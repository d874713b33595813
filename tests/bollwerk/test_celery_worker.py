"""A real Celery worker, the real Redis: tasks complete, the heartbeat reaches the database."""

import pytest

from bollwerk.models import WorkerHeartbeat
from tests.conftest import need
from tests.workers import celery_worker, database_url_of_test_db, wait_for, worker_log

pytestmark = pytest.mark.services


def test_a_real_worker_completes_a_task_sent_through_redis(tmp_path):
    with celery_worker(tmp_path) as (app, queue, _process):
        result = app.send_task("bollwerk.ping", args=["hello"], queue=queue)
        assert result.get(timeout=60) == "hello", worker_log(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_task_records_the_worker_in_the_database(tmp_path):
    url = database_url_of_test_db()
    need(url is not None, "needs PostgreSQL so that the worker process shares the test database")
    with celery_worker(tmp_path, database_url=url) as (app, queue, _process):
        app.send_task("bollwerk.heartbeat", queue=queue)  # ignore_result: we watch the database
        beat = wait_for(
            lambda: WorkerHeartbeat.objects.filter(worker__startswith=queue).first(), 60
        )
    assert beat is not None, worker_log(tmp_path)
