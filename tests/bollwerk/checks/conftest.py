"""Fixtures of the check tests: a check registered for one test, an evidence sink, eager Celery."""

from __future__ import annotations

import contextlib
import os

import pytest

from bollwerk.checks import registry


@pytest.fixture(autouse=True)
def bollwerk_celery_app_is_current():
    """tests/workers.py's client app makes itself Celery's current app; shared tasks
    must resolve to bollwerk's own app (its broker and eager flag) in these tests."""
    from bollwerk.celery import app

    app.set_current()


@pytest.fixture
def register_check():
    """``register_check(name, run, **kw)`` registers a check for this test only."""
    names = []

    def make(name, run, **kwargs):
        kwargs.setdefault("schedule", registry.Interval(seconds=3600))
        check = registry.Check(
            name=name, title=name, description=f"{name} (test)", run=run, **kwargs
        )
        registry.register(check)
        names.append(name)
        return check

    yield make
    for name in names:
        registry.unregister(name)


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def broker_at(url: str, settings):
    """Point the test process's Celery app (and /healthz) at another broker for a while."""
    from bollwerk.celery import app

    saved = (app.conf.broker_url, app.conf.broker_transport_options)
    # Celery lets CELERY_BROKER_URL in the environment win over its configuration.
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    settings.CELERY_BROKER_URL = url
    app.conf.broker_url = url
    app.conf.broker_transport_options = {}
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield url
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.broker_url, app.conf.broker_transport_options = saved
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def dead_broker(settings):
    """The web process's broker is a Redis port nobody listens on."""
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0", settings) as url:
        yield url


@pytest.fixture
def db_url():
    """The test database's URL for worker processes (PostgreSQL only)."""
    from tests.conftest import need
    from tests.workers import database_url_of_test_db

    url = database_url_of_test_db()
    need(url is not None, "needs PostgreSQL so that the worker process shares the test database")
    return url
