"""Fixtures of the check tests: a check registered for one test, an evidence sink, eager Celery."""

from __future__ import annotations

import pytest

from bollwerk.checks import registry


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


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process (no broker)."""
    from bollwerk.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
