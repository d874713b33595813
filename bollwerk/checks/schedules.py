"""Per-organization check schedules kept in django-celery-beat (beat reads them from the DB).

One PeriodicTask per (check, organization), task ``bollwerk.checks.scheduled``
with kwargs ``{"check": NAME, "organization_id": ID}``; a security officer may
enable, disable or change it (interval in minutes or a crontab expression).
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from bollwerk.checks.models import CheckSchedule
from bollwerk.checks.registry import Check, Crontab, Interval, Schedule, check_get, check_list
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record

SCHEDULED_TASK = "bollwerk.checks.scheduled"


def _beat_schedule(schedule: Schedule) -> dict:
    """The PeriodicTask fields (``interval`` or ``crontab``) for ``schedule``."""
    if isinstance(schedule, Interval):
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=schedule.seconds, period=IntervalSchedule.SECONDS
        )
        return {"interval": interval, "crontab": None}
    crontab, _ = CrontabSchedule.objects.get_or_create(
        **schedule.parts, timezone=settings.TIME_ZONE
    )
    return {"interval": None, "crontab": crontab}


def _task_name(check: Check, organization: Organization) -> str:
    return f"check {check.name} · organization {organization.pk}"


@transaction.atomic
def schedules_sync(*, organization: Organization) -> list[CheckSchedule]:
    """Make sure every visible registered check has a schedule for ``organization``.

    New schedules start enabled with the check's default schedule; existing
    ones (and an officer's changes to them) are left alone.
    """
    existing = {
        s.check_name: s
        for s in CheckSchedule.objects.for_org(organization).select_related("periodic_task")
    }
    for check in check_list():
        schedule = existing.get(check.name)
        if schedule is not None and schedule.periodic_task_id is not None:
            continue
        task, _ = PeriodicTask.objects.get_or_create(
            name=_task_name(check, organization),
            defaults={
                "task": SCHEDULED_TASK,
                "kwargs": json.dumps({"check": check.name, "organization_id": organization.pk}),
                "enabled": True,
                "queue": settings.BOLLWERK_CHECK_QUEUE,
                "description": f"{check.name} for {organization.slug}",
                **_beat_schedule(check.schedule),
            },
        )
        if schedule is None:
            schedule = CheckSchedule.objects.create(
                organization=organization, check_name=check.name, periodic_task=task
            )
        else:
            schedule.periodic_task = task
            schedule.save(update_fields=["periodic_task"])
        existing[check.name] = schedule
    return sorted(existing.values(), key=lambda s: s.check_name)


def schedule_describe(schedule: CheckSchedule) -> str:
    """ "every 30 minutes", "crontab 30 5 * * *" or "no schedule"."""
    task = schedule.periodic_task
    if task is None:
        return _("no schedule")
    if task.interval_id:
        seconds = task.interval.every * {
            IntervalSchedule.SECONDS: 1,
            IntervalSchedule.MINUTES: 60,
            IntervalSchedule.HOURS: 3600,
            IntervalSchedule.DAYS: 86400,
        }.get(task.interval.period, 1)
        if seconds % 60 == 0:
            return _("every %(n)d minutes") % {"n": seconds // 60}
        return _("every %(n)d seconds") % {"n": seconds}
    if task.crontab_id:
        c = task.crontab
        expr = f"{c.minute} {c.hour} {c.day_of_month} {c.month_of_year} {c.day_of_week}"
        return _("crontab %(e)s") % {"e": expr}
    return _("no schedule")


def schedule_crontab(schedule: CheckSchedule) -> str:
    """The crontab expression of a crontab schedule, else ""."""
    task = schedule.periodic_task
    if task is None or not task.crontab_id:
        return ""
    c = task.crontab
    return f"{c.minute} {c.hour} {c.day_of_month} {c.month_of_year} {c.day_of_week}"


def schedule_next_run(
    schedule: CheckSchedule | None, *, after: dt.datetime | None = None
) -> dt.datetime | None:
    """When beat will next start the check (None when disabled or unscheduled)."""
    task = schedule.periodic_task if schedule else None
    if task is None or not task.enabled:
        return None
    after = after or timezone.now()
    return after + task.schedule.remaining_estimate(after)


def default_next_run(check: Check, *, after: dt.datetime) -> dt.datetime:
    """The next run by the check's default schedule (for evidence validity without one)."""
    if isinstance(check.schedule, Interval):
        return after + dt.timedelta(seconds=check.schedule.seconds)
    from celery.schedules import crontab

    parts = check.schedule.parts
    beat = crontab(**parts, nowfun=lambda: after)
    return after + beat.remaining_estimate(after)


def _parse_crontab(expression: str) -> Crontab:
    try:
        cron = Crontab(" ".join(expression.split()))
        from celery.schedules import crontab

        crontab(**cron.parts)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            {
                "crontab": _(
                    "%(e)s is not a crontab expression (minute hour day month weekday): %(x)s"
                )
                % {"e": repr(expression), "x": exc}
            }
        ) from None
    return cron


@transaction.atomic
def schedule_update(
    *,
    schedule: CheckSchedule,
    enabled: bool,
    kind: str,
    interval_minutes: int | None = None,
    crontab: str = "",
) -> CheckSchedule:
    """Enable/disable the schedule and set an interval (minutes) or a crontab expression.

    Raises ValidationError naming the field; nothing changes then.
    """
    if kind == "interval":
        if not interval_minutes or interval_minutes < 1:
            raise ValidationError({"interval_minutes": _("Give a whole number of minutes ≥ 1.")})
        wanted: Schedule = Interval(seconds=interval_minutes * 60)
    elif kind == "crontab":
        wanted = _parse_crontab(crontab or "")
    else:
        raise ValidationError({"kind": _("Choose interval or crontab.")})
    task = schedule.periodic_task
    if task is None:
        schedules_sync(organization=schedule.organization)
        schedule.refresh_from_db()
        task = schedule.periodic_task
    before = {"enabled": task.enabled, "schedule": schedule_describe(schedule)}
    for name, value in _beat_schedule(wanted).items():
        setattr(task, name, value)
    task.enabled = enabled
    task.save()
    schedule.periodic_task = task
    after = {"enabled": enabled, "schedule": schedule_describe(schedule)}
    audit_record(
        action=AuditEvent.Action.UPDATE,
        organization=schedule.organization_id,
        object_type="bollwerk.checkschedule",
        object_id=schedule.pk,
        object_repr=schedule.check_name,
        changes={
            k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]
        },
    )
    return schedule


def schedule_check(schedule: CheckSchedule) -> Check | None:
    """The registered check of a schedule (None if its app is gone)."""
    try:
        return check_get(schedule.check_name)
    except LookupError:
        return None


def maintenance_schedule_ensure(**kwargs) -> None:
    """Create the periodic maintenance task (reaper, risk expiry) once; never overwrite it."""
    interval, _ = IntervalSchedule.objects.get_or_create(every=60, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.get_or_create(
        name="Check maintenance",
        defaults={
            "task": "bollwerk.checks.maintain",
            "interval": interval,
            "enabled": True,
            "description": "Marks check runs of dead workers failed; expires risk acceptances.",
        },
    )


def schedule_orphans_delete(*, organization_id: int) -> int:
    """Delete the periodic tasks of a deleted organization (beat would keep sending them)."""
    if Organization.objects.filter(pk=organization_id).exists():
        return 0
    deleted, _ = PeriodicTask.objects.filter(
        task=SCHEDULED_TASK, name__endswith=f" · organization {organization_id}"
    ).delete()
    return deleted
