"""The registry: apps' checks.py modules are discovered; names are unique; maintenance reaps."""

import datetime as dt
import sys
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bollwerk.checks import registry
from bollwerk.checks.models import CheckRun
from bollwerk.checks.registry import Check, CheckOutcome, Crontab, Interval
from bollwerk.checks.tasks import maintain_checks_task
from tests.bollwerk.factories import CheckRunFactory


def test_autodiscover_imports_the_checks_module_of_every_installed_app(monkeypatch):
    from django.apps import apps

    fake = SimpleNamespace(name="tests.bollwerk.checks.fake_app")
    monkeypatch.setattr(apps, "get_app_configs", lambda: [fake])
    sys.modules.pop("tests.bollwerk.checks.fake_app.checks", None)
    try:
        registry.autodiscover()
        assert (
            registry.check_get("fake_app_check").description == "Registered by an app's checks.py"
        )
    finally:
        registry.unregister("fake_app_check")


def test_the_platform_registers_its_own_checks():
    names = [c.name for c in registry.check_list(include_hidden=True)]
    assert {"stale_accounts", "selftest"} <= set(names)
    assert "selftest" not in [c.name for c in registry.check_list()]


def test_a_second_check_with_the_same_name_is_refused():
    def run(org, run):
        return CheckOutcome()

    with pytest.raises(ValueError, match="already registered"):
        registry.register(
            Check(name="stale_accounts", title="x", description="x", run=run, schedule=Interval(60))
        )


def test_an_unknown_check_lists_the_known_ones():
    with pytest.raises(registry.UnknownCheck, match=r"registered: .*stale_accounts"):
        registry.check_get("nope")


def test_a_crontab_needs_five_fields():
    with pytest.raises(ValueError, match="five fields"):
        Crontab("0 3 * *")


@pytest.mark.django_db
def test_the_maintenance_task_reaps_dead_runs(org):
    CheckRunFactory(
        organization=org,
        status=CheckRun.Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
        deadline_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert maintain_checks_task.apply().get() == {"reaped": 1, "risk_expired": 0}
