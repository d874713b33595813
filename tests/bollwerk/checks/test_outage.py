"""Redis goes away and comes back: scheduled runs (beat → worker) stop and then resume by themselves.

The processes reach Redis through a TCP proxy in this test; closing the proxy
is the outage. Needs PostgreSQL (beat's schedule and the runs live there).
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from bollwerk.celery import app as bollwerk_app
from bollwerk.checks.models import CheckRun
from tests.workers import REDIS_URL, ROOT, celery_worker, wait_for, worker_log

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Proxy:
    """Forwards 127.0.0.1:<port> to Redis; ``stop()`` drops every connection, ``start()`` reopens."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets: list[socket.socket] = []
        self.listener = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self):
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
                s.close()
        self.sockets.clear()


def scheduled_succeeded_since(org, since):
    return CheckRun.objects.filter(
        organization=org,
        trigger=CheckRun.Trigger.SCHEDULE,
        status=CheckRun.Status.SUCCEEDED,
        finished_at__gt=since,
    ).count()


def test_scheduled_runs_resume_after_a_redis_outage(org, db_url, tmp_path):
    host, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
    proxy = Proxy((host, int(port)))
    proxy.start()
    url = f"redis://127.0.0.1:{proxy.port}/{REDIS_URL.rsplit('/', 1)[1]}"
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    with celery_worker(tmp_path, database_url=db_url, extra_env={"CELERY_BROKER_URL": url}) as (
        _app,
        queue,
        _process,
    ):
        bollwerk_app.set_current()  # the client app of celery_worker made itself current
        PeriodicTask.objects.create(
            name="selftest every second",
            task="bollwerk.checks.scheduled",
            kwargs=json.dumps({"check": "selftest", "organization_id": org.pk}),
            interval=every,
            queue=queue,
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
        env.update(
            DJANGO_SETTINGS_MODULE="bollwerk.settings",
            DEBUG="1",
            SECRET_KEY="x" * 50,
            BOLLWERK_VAR_DIR=str(tmp_path),
            CELERY_BROKER_URL=url,
            DATABASE_URL=db_url,
            BOLLWERK_CHECK_QUEUE=queue,
        )
        beat_log = open(tmp_path / "beat.log", "w")  # noqa: SIM115 - closed below
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bollwerk", "beat", "--loglevel", "INFO",
             "--max-interval", "1", "-s", str(tmp_path / "beat-schedule")],
            cwd=ROOT, env=env, stdout=beat_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            start = timezone.now()
            assert wait_for(lambda: scheduled_succeeded_since(org, start) >= 2, 60), (
                worker_log(tmp_path) + (tmp_path / "beat.log").read_text()
            )
            proxy.stop()
            time.sleep(1)
            down = timezone.now()
            time.sleep(4)
            during = scheduled_succeeded_since(org, down + timezone.timedelta(seconds=1))
            proxy.start()
            back = timezone.now()
            resumed = wait_for(lambda: scheduled_succeeded_since(org, back) >= 2, 90)
            assert resumed, worker_log(tmp_path) + (tmp_path / "beat.log").read_text()
        finally:
            beat.terminate()
            beat.wait(timeout=15)
            beat_log.close()
            proxy.stop()
    assert during == 0
