"""Check schedules, runs, findings and notification settings (all per organization)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bollwerk.models.tenancy import OrgScopedModel


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


#: Severity order, lowest first (for "at or above").
SEVERITY_RANK = {value: rank for rank, value in enumerate(Severity.values)}


def severities_at_least(minimum: str) -> list[str]:
    return [s for s in Severity.values if SEVERITY_RANK[s] >= SEVERITY_RANK[minimum]]


class CheckSchedule(OrgScopedModel):
    """The organization's schedule of one check: a django-celery-beat PeriodicTask.

    Created by ``schedules_sync``; the PeriodicTask (enabled flag, interval or
    crontab) is what beat reads, its kwargs carry the check name and the
    organization id.
    """

    permission_group = "check"

    check_name = models.CharField(_("check"), max_length=100)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("check schedule")
        verbose_name_plural = _("check schedules")
        ordering = ["check_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "check_name"], name="checkschedule_unique_org_check"
            )
        ]

    def __str__(self) -> str:
        return self.check_name


class CheckRun(OrgScopedModel):
    """One run of one check for one organization, with its timings and outcome.

    At most one run per (organization, check) is ``running``: a partial unique
    constraint enforces it and the claim (a conditional UPDATE) relies on it.
    ``heartbeat_at`` is refreshed while the run works; a run whose heartbeat
    or ``deadline_at`` has passed is marked failed or timed out by the reaper.
    """

    permission_group = "check"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        MANUAL = "manual", _("Manual")
        EVENT = "event", _("Event")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        TIMED_OUT = "timed_out", _("Timed out")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    check_name = models.CharField(_("check"), max_length=100)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    evidence_summary = models.TextField(_("evidence summary"), blank=True)
    outcome_sha256 = models.CharField(_("outcome SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(_("worker process id"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["organization", "check_name", "-queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "check_name"],
                condition=Q(status="running"),
                name="checkrun_one_running_per_org_check",
            ),
            models.UniqueConstraint(
                fields=["organization", "check_name"],
                condition=Q(status="queued"),
                name="checkrun_one_queued_per_org_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_name} #{self.pk} ({self.status})"

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 3)
        return None


class Finding(OrgScopedModel):
    """Something a check (or another producer) found; one row per (organization, fingerprint).

    A check reporting the same fingerprint again updates ``last_seen_at``; a
    finding no longer reported is resolved with ``resolved_by_run``; a
    resolved finding reported again is reopened. ``details`` carries
    structured, possibly topology-sensitive data (addresses, ports).
    """

    permission_group = "check"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")
        RISK_ACCEPTED = "risk_accepted", _("Risk accepted")

    source = models.CharField(
        _("source"), max_length=100, help_text=_("The check or process that found it.")
    )
    kind = models.CharField(_("kind"), max_length=60)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=200)
    affected_objects = models.JSONField(
        _("objects concerned"), default=list, blank=True, help_text=_("[{type, id, label}]")
    )
    asset_ref = models.CharField(_("asset"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    due_date = models.DateField(_("due"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    risk_reason = models.TextField(_("reason for accepting the risk"), blank=True)
    risk_expires_on = models.DateField(_("risk acceptance expires"), null=True, blank=True)
    first_run = models.ForeignKey(
        CheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_run = models.ForeignKey(
        CheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by_run = models.ForeignKey(
        CheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fingerprint"], name="finding_unique_org_fingerprint"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "severity"]),
            models.Index(fields=["organization", "source", "status"]),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class FindingEvent(OrgScopedModel):
    """One step in a finding's history: opened, acknowledged, risk accepted, resolved, reopened."""

    permission_group = "check"

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RISK_ACCEPTED = "risk_accepted", _("Risk accepted")
        RISK_EXPIRED = "risk_expired", _("Risk acceptance expired")
        RESOLVED = "resolved", _("Resolved")
        REOPENED = "reopened", _("Reopened")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    at = models.DateTimeField(_("at"))
    run = models.ForeignKey(
        CheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.finding_id}"


def _new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class NotificationSettings(OrgScopedModel):
    """How the organization hears about new findings: e-mail digest and webhook.

    Blank ``email_recipients`` means the organization's security officers.
    The webhook body is signed with HMAC-SHA256 under ``webhook_secret``.
    """

    permission_group = "check"

    min_severity = models.CharField(
        _("minimum severity"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.HIGH,
        help_text=_("New findings at or above this severity are notified."),
    )
    email_enabled = models.BooleanField(_("send e-mail"), default=True)
    email_recipients = models.TextField(
        _("e-mail recipients"),
        blank=True,
        help_text=_("Comma-separated; empty means the organization's security officers."),
    )
    webhook_url = models.CharField(
        _("webhook URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An http(s) URL that receives a signed JSON POST; empty for none."),
    )
    webhook_secret = models.CharField(
        _("webhook secret"), max_length=100, default=_new_webhook_secret
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], name="notificationsettings_one_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"notifications ≥ {self.min_severity}"
