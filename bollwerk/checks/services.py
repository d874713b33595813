"""Running checks: request a run, execute it under a claim, reap dead runs, publish evidence.

Every path (beat schedule, "run now" button, API, ``run_check`` command,
events from apps) goes through :func:`check_run_request` (queue it) or
:func:`check_run_execute` (do it, in the worker or in the command).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.checks import registry
from bollwerk.checks.evidence import outcome_digest
from bollwerk.checks.findings import findings_record
from bollwerk.checks.models import CheckRun
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record

logger = logging.getLogger(__name__)

QUEUE_UNREACHABLE = "queue unreachable"
#: Extra time after the hard limit before the reaper calls a run timed out.
DEADLINE_GRACE_S = 30


class QueueUnavailable(Exception):
    """The broker could not take the run; the run row is marked failed."""

    def __init__(self, run: CheckRun):
        super().__init__(run.error)
        self.run = run


class CheckBusy(Exception):
    """Another run of the same check for the same organization is running."""


@dataclass(frozen=True)
class RunRequest:
    run: CheckRun
    created: bool


def _check_or_error(name: str) -> registry.Check:
    try:
        return registry.check_get(name)
    except registry.UnknownCheck as exc:
        raise ValidationError({"check": str(exc)}) from None


def check_run_request(
    *,
    organization: Organization,
    check_name: str,
    trigger: str,
    user=None,
    params: dict | None = None,
    queue: str | None = None,
) -> RunRequest:
    """Queue a run of ``check_name`` for ``organization`` unless one is queued or running.

    Returns the new run (``created``) or the active one. The task is sent
    after commit; when the broker is unreachable the run is marked failed
    and :class:`QueueUnavailable` is raised (the web UI shows it, no 500).
    ``queue`` overrides BOLLWERK_CHECK_QUEUE for this run.
    """
    _check_or_error(check_name)
    runs_reap(organization=organization, check_name=check_name)
    active = _active_run(organization, check_name)
    if active is not None:
        return RunRequest(active, False)
    try:
        with transaction.atomic():
            run = CheckRun.objects.create(
                organization=organization,
                check_name=check_name,
                trigger=trigger,
                requested_by=user if user is not None and user.is_authenticated else None,
                params=params or {},
            )
    except IntegrityError:  # a concurrent request queued one a moment ago
        active = _active_run(organization, check_name)
        if active is None:
            raise
        return RunRequest(active, False)
    published: dict = {}
    transaction.on_commit(partial(_publish, run.pk, run.check_name, published, queue))
    if published.get("error"):  # the callback ran now (no outer transaction) and failed
        run.refresh_from_db()
        raise QueueUnavailable(run)
    return RunRequest(run, True)


def check_run_now(
    *, organization: Organization, check_name: str, trigger: str, user=None, params=None
) -> CheckRun:
    """Run the check in this process (the ``run_check`` command); no broker needed.

    A run already queued for a worker is taken over (the worker will find it
    done); a running one is an error.
    """
    _check_or_error(check_name)
    runs_reap(organization=organization, check_name=check_name)
    run = _active_run(organization, check_name)
    if run is not None and run.status == CheckRun.Status.RUNNING:
        raise ValidationError(
            {"check": _("%(c)s is already running (run %(id)d).") % {"c": check_name, "id": run.pk}}
        )
    if run is None:
        run = CheckRun.objects.create(
            organization=organization,
            check_name=check_name,
            trigger=trigger,
            requested_by=user,
            params=params or {},
        )
    try:
        return check_run_execute(run_id=run.pk, worker=f"command@{socket.gethostname()}")
    except CheckBusy as exc:
        raise ValidationError({"check": str(exc)}) from None


def _active_run(organization, check_name) -> CheckRun | None:
    return (
        CheckRun.objects.for_org(organization)
        .filter(check_name=check_name, status__in=CheckRun.ACTIVE)
        .order_by("queued_at")
        .first()
    )


def _publish(run_id: int, check_name: str, result: dict, queue: str | None = None) -> None:
    """Send the run to the queue with the check's time limits; a dead broker fails the run.

    ``result["error"]`` is set when the broker refused.
    """
    from kombu.exceptions import OperationalError as BrokerError

    from bollwerk.checks.tasks import run_check_task

    soft, hard = registry.check_get(check_name).limits()
    try:
        run_check_task.apply_async(
            kwargs={"run_id": run_id},
            soft_time_limit=soft,
            time_limit=hard,
            retry=False,
            queue=queue or settings.BOLLWERK_CHECK_QUEUE,
        )
    except (BrokerError, OSError, TimeoutError) as exc:
        logger.warning("check run %s: %s: %s", run_id, QUEUE_UNREACHABLE, exc)
        result["error"] = str(exc)
        CheckRun.objects.filter(pk=run_id, status=CheckRun.Status.QUEUED).update(
            status=CheckRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{QUEUE_UNREACHABLE}: {str(exc).splitlines()[0][:300] if str(exc) else exc!r}",
        )


def runs_reap(*, organization: Organization | None = None, check_name: str | None = None) -> int:
    """Mark runs whose worker died (no heartbeat) failed and overdue runs timed out.

    Also fails runs that stayed queued for BOLLWERK_CHECK_QUEUED_MAX_S (lost
    messages). Each change is a conditional UPDATE, so a run that finishes
    meanwhile keeps its own result. Returns how many runs were reaped.
    """
    now = timezone.now()
    qs = CheckRun.objects.all()
    if organization is not None:
        qs = qs.for_org(organization)
    if check_name is not None:
        qs = qs.filter(check_name=check_name)
    stale = now - dt.timedelta(seconds=settings.BOLLWERK_CHECK_STALE_S)
    lost_queue = now - dt.timedelta(seconds=settings.BOLLWERK_CHECK_QUEUED_MAX_S)
    running = Q(status=CheckRun.Status.RUNNING)
    candidates = qs.filter(
        (running & (Q(deadline_at__lt=now) | Q(heartbeat_at__lt=stale)))
        | Q(status=CheckRun.Status.QUEUED, queued_at__lt=lost_queue)
    ).only("pk", "organization_id", "check_name", "status", "deadline_at")
    reaped = 0
    for run in candidates:  # one query; usually empty
        if run.status == CheckRun.Status.QUEUED:
            status, error = CheckRun.Status.FAILED, _("never started: no worker took the run")
        elif run.deadline_at and run.deadline_at < now:
            status = CheckRun.Status.TIMED_OUT
            error = _("exceeded its time limit; the worker stopped it")
        else:
            status = CheckRun.Status.FAILED
            error = _("worker lost: no heartbeat for %(s)d s (the worker process died)") % {
                "s": settings.BOLLWERK_CHECK_STALE_S
            }
        changed = CheckRun.objects.filter(pk=run.pk, status=run.status).update(
            status=status, finished_at=now, error=error
        )
        if changed:
            reaped += 1
            _audit_run(run.pk, run.organization_id, run.check_name, status, {"error": error})
    return reaped


def _audit_run(run_id, organization_id, check_name, status, extra: dict) -> None:
    audit_record(
        action=AuditEvent.Action.CHECK_RUN,
        organization=organization_id,
        object_type="bollwerk.checkrun",
        object_id=run_id,
        object_repr=f"{check_name} #{run_id}",
        changes={"status": status, **extra},
    )


@contextlib.contextmanager
def _heartbeat(run_id: int):
    """Refresh the run's ``heartbeat_at`` from a thread while the check works."""
    stop = threading.Event()
    interval = settings.BOLLWERK_CHECK_HEARTBEAT_S

    def beat():
        try:
            while not stop.wait(interval):
                CheckRun.objects.filter(pk=run_id, status=CheckRun.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # the run goes on; the reaper will judge it by its heartbeat
            logger.warning("check run %s: heartbeat failed", run_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"check-heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def check_run_execute(
    *,
    run_id: int,
    worker: str = "",
    worker_pid: int | None = None,
    task_id: str = "",
    limits: tuple[int | None, int | None] | None = None,
) -> CheckRun | None:
    """Claim the queued run ``run_id`` and do it; idempotent (a claimed or finished run is left).

    ``limits`` (soft, hard) are the time limits the worker enforces, for the
    run's deadline and error text. The claim is a conditional UPDATE queued→running; the partial unique
    constraint on running runs makes it fail with :class:`CheckBusy` while
    another run of the same check and organization is running.
    """
    run = CheckRun.objects.filter(pk=run_id).select_related("organization").first()
    if run is None or run.status != CheckRun.Status.QUEUED:
        return run
    try:
        check = registry.check_get(run.check_name)
    except registry.UnknownCheck as exc:
        _finish(run, CheckRun.Status.FAILED, error=str(exc))
        return run
    runs_reap(organization=run.organization, check_name=run.check_name)
    soft, hard = check.limits()
    if limits:  # the limits the worker enforces (sent with the message) win
        soft, hard = limits[0] or soft, limits[1] or hard
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = CheckRun.objects.filter(pk=run_id, status=CheckRun.Status.QUEUED).update(
                status=CheckRun.Status.RUNNING,
                started_at=now,
                heartbeat_at=now,
                deadline_at=now + dt.timedelta(seconds=hard + DEADLINE_GRACE_S),
                worker=(worker or socket.gethostname())[:255],
                worker_pid=worker_pid or os.getpid(),
                task_id=task_id[:255],
            )
    except IntegrityError:
        raise CheckBusy(
            f"{run.check_name} is already running for {run.organization.slug}"
        ) from None
    if not claimed:
        return CheckRun.objects.get(pk=run_id)
    run.status, run.started_at, run.heartbeat_at = CheckRun.Status.RUNNING, now, now
    with _heartbeat(run_id):
        try:
            outcome = check.run(run.organization, run)
            _finish_succeeded(run, check, outcome)
        except SoftTimeLimitExceeded:
            _finish(
                run,
                CheckRun.Status.TIMED_OUT,
                error=f"exceeded its soft time limit of {soft} s",  # stored text: not translated
            )
        except Exception as exc:
            logger.exception("check %s run %s failed", run.check_name, run_id)
            if not connection.in_atomic_block:  # drop a connection the check broke
                close_old_connections()
            _finish(run, CheckRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    run.refresh_from_db()
    return run


def _finish(run: CheckRun, status: str, *, error: str) -> None:
    changed = CheckRun.objects.filter(pk=run.pk, status__in=CheckRun.ACTIVE).update(
        status=status, finished_at=timezone.now(), error=error
    )
    if changed:
        _audit_run(run.pk, run.organization_id, run.check_name, status, {"error": error})


def _finish_succeeded(run: CheckRun, check: registry.Check, outcome: registry.CheckOutcome) -> None:
    candidates = list(outcome.findings)
    digest = outcome_digest(check.name, outcome, candidates)
    with transaction.atomic():
        counts = findings_record(
            organization=run.organization,
            source=check.name,
            candidates=candidates,
            run=run,
            resolve_missing=outcome.resolve_missing,
            resolve_kinds=outcome.resolve_kinds,
        )
        all_counts = {**outcome.counts, **counts.as_dict(), "findings": len(candidates)}
        changed = CheckRun.objects.filter(pk=run.pk, status=CheckRun.Status.RUNNING).update(
            status=CheckRun.Status.SUCCEEDED,
            finished_at=timezone.now(),
            counts=all_counts,
            evidence_summary=outcome.evidence_summary,
            outcome_sha256=digest,
        )
        if not changed:  # reaped meanwhile: its result no longer counts
            transaction.set_rollback(True)
            return
        _audit_run(
            run.pk, run.organization_id, run.check_name, CheckRun.Status.SUCCEEDED, all_counts
        )
        if check.controls:
            from bollwerk.checks.evidence import evidence_publish

            transaction.on_commit(partial(evidence_publish, run_id=run.pk))
        if counts.new or counts.reopened:
            from bollwerk.checks.notifications import notifications_dispatch

            transaction.on_commit(partial(notifications_dispatch, run_id=run.pk))
