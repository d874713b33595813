"""Per-organization schedules in django-celery-beat."""

import json

import pytest
from django.core.exceptions import ValidationError
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from bollwerk.checks import registry
from bollwerk.checks.models import CheckSchedule
from bollwerk.checks.schedules import (
    schedule_describe,
    schedule_next_run,
    schedule_update,
    schedules_sync,
)
from bollwerk.models import AuditEvent

pytestmark = pytest.mark.django_db


def _stale(schedules):
    """The stale_accounts schedule among all the organization's schedules."""
    return next(s for s in schedules if s.check_name == "stale_accounts")


def test_sync_creates_one_periodic_task_per_visible_check_and_organization(org, other_org):
    schedules_sync(organization=org)
    schedules_sync(organization=other_org)
    schedules_sync(organization=org)
    tasks = PeriodicTask.objects.filter(task="bollwerk.checks.scheduled")
    kwargs = sorted(
        (json.loads(t.kwargs)["check"], json.loads(t.kwargs)["organization_id"]) for t in tasks
    )
    visible = [c.name for c in registry.check_list()]
    assert "stale_accounts" in visible and "selftest" not in visible
    assert kwargs == sorted((name, o.pk) for name in visible for o in (org, other_org))
    assert not CheckSchedule.objects.filter(check_name="selftest").exists()


def test_a_new_schedule_starts_enabled_with_the_checks_default(org):
    schedule = _stale(schedules_sync(organization=org))
    assert schedule.periodic_task.enabled
    assert schedule_describe(schedule) == "crontab 30 5 * * *"
    assert schedule_next_run(schedule) is not None


def test_an_officer_can_switch_to_an_interval_and_disable_it(org):
    schedule = _stale(schedules_sync(organization=org))
    schedule_update(schedule=schedule, enabled=False, kind="interval", interval_minutes=45)
    schedule = CheckSchedule.objects.select_related("periodic_task__interval").get(pk=schedule.pk)
    task = schedule.periodic_task
    assert (task.enabled, task.interval.every, task.crontab) == (False, 2700, None)
    assert schedule_describe(schedule) == "every 45 minutes"
    assert schedule_next_run(schedule) is None
    assert AuditEvent.objects.filter(
        object_type="bollwerk.checkschedule", organization=org
    ).exists()


def test_sync_keeps_an_officers_change(org):
    schedule = _stale(schedules_sync(organization=org))
    schedule_update(schedule=schedule, enabled=True, kind="crontab", crontab="0  2 * * 1")
    again = _stale(schedules_sync(organization=org))
    assert schedule_describe(again) == "crontab 0 2 * * 1"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "crontab", "crontab": "every day"}, "crontab"),
        ({"kind": "crontab", "crontab": "61 * * * *"}, "crontab"),
        ({"kind": "interval", "interval_minutes": 0}, "interval_minutes"),
        ({"kind": "hourly"}, "kind"),
    ],
)
def test_a_bad_schedule_names_the_field_and_changes_nothing(org, changes, field):
    schedule = _stale(schedules_sync(organization=org))
    with pytest.raises(ValidationError) as exc:
        schedule_update(schedule=schedule, enabled=False, **changes)
    assert field in exc.value.message_dict
    assert PeriodicTask.objects.get(pk=schedule.periodic_task_id).enabled


def test_the_schedules_of_a_deleted_organization_are_removed_when_beat_fires(db):
    from bollwerk.checks.tasks import scheduled_check_task

    gone_id = 987654
    every, _ = IntervalSchedule.objects.get_or_create(every=60, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name=f"check stale_accounts · organization {gone_id}",
        task="bollwerk.checks.scheduled",
        kwargs=json.dumps({"check": "stale_accounts", "organization_id": gone_id}),
        interval=every,
    )
    scheduled_check_task.apply(kwargs={"check": "stale_accounts", "organization_id": gone_id})
    assert not PeriodicTask.objects.filter(name__endswith=f"organization {gone_id}").exists()
