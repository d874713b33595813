"""Celery entry points of the check framework (thin: they take ids and call services).

- ``bollwerk.checks.scheduled(check, organization_id)``: what beat sends per
  (check, organization); queues a run (skipped while one is active).
- ``bollwerk.checks.run(run_id)``: claims and executes one run; sent with the
  check's soft/hard time limits.
- ``bollwerk.checks.maintain()``: reaps dead runs, expires risk acceptances.
- ``bollwerk.checks.notify(run_id)`` / ``bollwerk.checks.webhook(run_id)``.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from bollwerk.checks import findings, notifications, schedules, services
from bollwerk.checks.models import CheckRun
from bollwerk.models import Organization
from bollwerk.services.audit import Actor, acting_as

logger = logging.getLogger(__name__)
TASK_ACTOR = Actor(user_id=None, label="task:checks")
DB_ERRORS = (DatabaseError, InterfaceError)


@shared_task(
    name="bollwerk.checks.scheduled",
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def scheduled_check_task(self, check: str, organization_id: int) -> int | None:
    """Queue the scheduled run of ``check`` for the organization (idempotent: one active run).

    The run goes to the queue this message came from (the PeriodicTask's queue).
    """
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        logger.warning("scheduled check %s: organization %s is gone", check, organization_id)
        schedules.schedule_orphans_delete(organization_id=organization_id)
        return None
    with acting_as(Actor(user_id=None, label="schedule")):
        try:
            request = services.check_run_request(
                organization=organization,
                check_name=check,
                trigger=CheckRun.Trigger.SCHEDULE,
                queue=_delivered_from(self.request),
            )
        except services.QueueUnavailable as exc:
            raise self.retry(exc=exc, countdown=30) from None
    return request.run.pk


@shared_task(
    name="bollwerk.checks.run",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def run_check_task(self, run_id: int) -> str | None:
    """Claim and execute one queued run; a busy check is retried with back-off."""
    with acting_as(TASK_ACTOR):
        try:
            run = services.check_run_execute(
                run_id=run_id,
                worker=self.request.hostname or "",
                task_id=self.request.id or "",
                limits=_limits(self.request.timelimit),
            )
        except services.CheckBusy as exc:
            if self.request.retries >= self.max_retries:
                CheckRun.objects.filter(pk=run_id, status=CheckRun.Status.QUEUED).update(
                    status=CheckRun.Status.FAILED, error=str(exc)
                )
                return None
            raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from None
    return run.status if run else None


def _delivered_from(request) -> str | None:
    """The queue a message came from, so a schedule's queue also carries its runs."""
    return (request.delivery_info or {}).get("routing_key") or None


def _limits(timelimit) -> tuple[int | None, int | None] | None:
    """(soft, hard) from Celery's ``request.timelimit`` (hard, soft)."""
    if not timelimit:
        return None
    hard, soft = timelimit
    return soft, hard


@shared_task(name="bollwerk.checks.maintain", acks_late=True, ignore_result=True)
def maintain_checks_task() -> dict:
    """Reap runs whose worker died or time ran out; reopen findings whose risk acceptance expired."""
    with acting_as(TASK_ACTOR):
        return {"reaped": services.runs_reap(), "risk_expired": findings.findings_expire_risk()}


@shared_task(
    name="bollwerk.checks.notify",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(*DB_ERRORS, OSError),
    retry_backoff=10,
    max_retries=5,
)
def notify_run_task(run_id: int) -> int:
    """E-mail the digest of a run's new findings (once) and send the webhook task."""
    return notifications.run_notify(run_id=run_id)


@shared_task(
    name="bollwerk.checks.webhook",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=6,
)
def send_webhook_task(self, run_id: int) -> int | None:
    """POST the signed webhook of a run; retried with back-off on errors and non-2xx answers."""
    try:
        return notifications.webhook_send(run_id=run_id)
    except notifications.WebhookError as exc:
        raise self.retry(exc=exc, countdown=min(600, 10 * 2**self.request.retries)) from None
