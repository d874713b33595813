"""Read queries of the network-scan pages and API (each owns its query shape)."""

from __future__ import annotations

from django.db.models import QuerySet

from assets.models import ScanRun, ScanScope, TlsEndpoint
from bollwerk.checks.models import Finding

#: JSON columns a list never shows (thousands of hosts per run).
_HEAVY = ("hosts", "services", "finding_fingerprints")


def scan_scope_list(*, org) -> QuerySet[ScanScope]:
    """The organization's scan scopes by name."""
    return ScanScope.objects.for_org(org).order_by("name")


def scan_run_list(*, org, scope_id: int | None = None) -> QuerySet[ScanRun]:
    """Scan runs, newest first, without their host and service lists, with the scope."""
    queryset = ScanRun.objects.for_org(org).select_related("scope").defer(*_HEAVY)
    if scope_id is not None:
        queryset = queryset.filter(scope_id=scope_id)
    return queryset.order_by("-created_at", "-id")


def scan_run_get(*, org, pk: int) -> ScanRun:
    """One run with everything (raises ScanRun.DoesNotExist for another organization's)."""
    return ScanRun.objects.for_org(org).select_related("scope", "check_run").get(pk=pk)


def scan_run_findings(*, run: ScanRun) -> QuerySet[Finding]:
    """The findings this run reported (by fingerprint), by kind."""
    return (
        Finding.objects.for_org(run.organization_id)
        .filter(fingerprint__in=run.finding_fingerprints)
        .order_by("kind", "id")
    )


def tls_endpoint_list(*, org) -> QuerySet[TlsEndpoint]:
    """The organization's TLS endpoints."""
    return TlsEndpoint.objects.for_org(org).order_by("host", "port")
