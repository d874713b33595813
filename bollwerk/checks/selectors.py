"""Read-side queries of the check framework (they own the query shape)."""

from __future__ import annotations

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from bollwerk.checks.models import (
    SEVERITY_RANK,
    CheckRun,
    CheckSchedule,
    Finding,
    FindingEvent,
)
from bollwerk.models import Organization

_SEVERITY_ORDER = Case(
    *[When(severity=s, then=Value(rank)) for s, rank in SEVERITY_RANK.items()],
    output_field=IntegerField(),
)


def finding_list(*, org: Organization, filters: dict | None = None) -> QuerySet[Finding]:
    """The organization's findings, worst and newest first; filters: severity, status, source, q."""
    filters = filters or {}
    qs = Finding.objects.for_org(org).annotate(severity_rank=_SEVERITY_ORDER)
    if filters.get("severity"):
        qs = qs.filter(severity=filters["severity"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(kind__icontains=q))
    return qs.order_by("-severity_rank", "-last_seen_at", "-id")


def finding_get(*, org: Organization, pk: int) -> Finding:
    """One finding with its history and runs (404-style DoesNotExist for another org's)."""
    events = FindingEvent.objects.select_related("user", "run").order_by("at", "id")
    return (
        Finding.objects.for_org(org)
        .select_related("first_run", "last_run", "resolved_by_run")
        .prefetch_related(Prefetch("events", queryset=events))
        .get(pk=pk)
    )


def finding_sources(*, org: Organization) -> list[str]:
    return list(
        Finding.objects.for_org(org).order_by("source").values_list("source", flat=True).distinct()
    )


def run_list(*, org: Organization, filters: dict | None = None) -> QuerySet[CheckRun]:
    """The organization's runs, newest first; filters: check, status."""
    filters = filters or {}
    qs = CheckRun.objects.for_org(org).select_related("requested_by")
    if filters.get("check"):
        qs = qs.filter(check_name=filters["check"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-queued_at", "-id")


def run_get(*, org: Organization, pk: int) -> CheckRun:
    return CheckRun.objects.for_org(org).select_related("requested_by").get(pk=pk)


def run_findings(*, run: CheckRun) -> QuerySet[Finding]:
    """Findings this run saw or resolved."""
    return (
        Finding.objects.for_org(run.organization_id)
        .filter(Q(last_run=run) | Q(resolved_by_run=run) | Q(first_run=run))
        .annotate(severity_rank=_SEVERITY_ORDER)
        .order_by("-severity_rank", "title")
    )


def schedule_list(*, org: Organization) -> QuerySet[CheckSchedule]:
    """Schedules with their beat entry and the latest run's id, status and time."""
    latest = CheckRun.objects.filter(
        organization=OuterRef("organization"), check_name=OuterRef("check_name")
    ).order_by("-queued_at", "-id")
    return (
        CheckSchedule.objects.for_org(org)
        .select_related("periodic_task__interval", "periodic_task__crontab")
        .annotate(
            last_run_id=Subquery(latest.values("id")[:1]),
            last_run_status=Subquery(latest.values("status")[:1]),
            last_run_at=Subquery(latest.values("queued_at")[:1]),
        )
        .order_by("check_name")
    )


def schedule_get(*, org: Organization, pk: int) -> CheckSchedule:
    return (
        CheckSchedule.objects.for_org(org)
        .select_related("periodic_task__interval", "periodic_task__crontab")
        .get(pk=pk)
    )
