"""Signal providers computed from the inventory, SBOMs, findings and incidents.

Registered from ``ComplianceConfig.ready`` (compliance may read the apps to
its left). Each returns ``SignalValue.no_data`` while its source is empty,
so an organization that has not started on a topic is never shown as passing.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from compliance.signals_registry import SignalObject, SignalValue

INVENTORY_THRESHOLD = 0.95
SBOM_THRESHOLD = 0.8
SCAN_MAX_AGE_DAYS = 35
REPORTING_WINDOW_DAYS = 365
_OBJECTS = 20


def inventory_completeness(org, *, today: dt.date) -> SignalValue:
    """Share of in-operation assets with zone, site, owner, vendor and version recorded."""
    from django.db.models import Q

    from assets.models import Asset

    in_operation = Asset.objects.for_org(org).filter(lifecycle=Asset.Lifecycle.IN_OPERATION)
    total = in_operation.count()
    if total == 0:
        return SignalValue.no_data("no assets in operation yet")
    incomplete = in_operation.filter(
        Q(zone__isnull=True) | Q(site__isnull=True) | Q(owner="") | Q(vendor="") | Q(version="")
    )
    missing = incomplete.count()
    share = 1 - missing / total
    gaps = incomplete.order_by("name").only("id", "name")[:_OBJECTS]
    return SignalValue(
        value=share, threshold=INVENTORY_THRESHOLD, passed=share >= INVENTORY_THRESHOLD,
        objects=[SignalObject(a.name, reverse("assets:asset-detail", args=[a.pk])) for a in gaps],
        detail=f"{total - missing} of {total} assets in operation are complete",
    )  # fmt: skip


def sbom_coverage(org, *, today: dt.date) -> SignalValue:
    """Share of products running on in-operation assets that have a current SBOM."""
    from assets.models import Asset, Product, Sbom

    products = list(
        Product.objects.for_org(org)
        .filter(assets__lifecycle=Asset.Lifecycle.IN_OPERATION)
        .distinct()
        .order_by("name")
    )
    if not products:
        return SignalValue.no_data("no products linked to assets in operation yet")
    covered = set(
        Sbom.objects.for_org(org)
        .filter(product__in=products, superseded_by__isnull=True)
        .values_list("product_id", flat=True)
    )
    missing = [p for p in products if p.pk not in covered]
    share = 1 - len(missing) / len(products)
    return SignalValue(
        value=share, threshold=SBOM_THRESHOLD, passed=share >= SBOM_THRESHOLD,
        objects=[SignalObject(str(p)) for p in missing[:_OBJECTS]],
        detail=f"{len(products) - len(missing)} of {len(products)} products have a current SBOM",
    )  # fmt: skip


def _open_findings(org, *, source: str):
    from bollwerk.models import Finding

    return Finding.objects.for_org(org).filter(source=source, status__in=("open", "acknowledged"))


def critical_vulnerabilities_past_sla(org, *, today: dt.date) -> SignalValue:
    """Open critical vulnerability findings past their due date (none allowed)."""
    from bollwerk.models import Finding

    if not Finding.objects.for_org(org).filter(source="vulnerability").exists():
        return SignalValue.no_data("no vulnerability matching has run yet")
    late = list(
        _open_findings(org, source="vulnerability")
        .filter(severity="critical", due_date__lt=today)
        .order_by("due_date")[:200]
    )
    return SignalValue(
        value=len(late), threshold=0, passed=not late, unit="count",
        objects=[SignalObject(f.title, reverse("checks:finding-detail", args=[f.pk])) for f in late[:_OBJECTS]],
        detail=f"{len(late)} critical vulnerabilities are past their due date",
    )  # fmt: skip


def scan_reconciliation(org, *, today: dt.date) -> SignalValue:
    """A recent network scan, and no unknown hosts or missing assets left open."""
    from bollwerk.models import CheckRun

    last = (
        CheckRun.objects.for_org(org)
        .filter(check_name="network_scan", status="succeeded")
        .order_by("-finished_at")
        .first()
    )
    if last is None:
        return SignalValue.no_data("no network scan has run yet")
    open_gaps = list(
        _open_findings(org, source="network_scan")
        .filter(kind__in=("unknown_host", "missing_asset"))
        .order_by("-last_seen_at")[:200]
    )
    fresh = last.finished_at.date() >= today - dt.timedelta(days=SCAN_MAX_AGE_DAYS)
    return SignalValue(
        value=len(open_gaps), threshold=0, passed=fresh and not open_gaps, unit="count",
        objects=[SignalObject(f.title, reverse("checks:finding-detail", args=[f.pk])) for f in open_gaps[:_OBJECTS]],
        detail=(f"last scan {last.finished_at:%Y-%m-%d}; {len(open_gaps)} hosts or assets not reconciled"
                + ("" if fresh else f"; older than {SCAN_MAX_AGE_DAYS} days")),
    )  # fmt: skip


def incident_reporting_on_time(org, *, today: dt.date) -> SignalValue:
    """Share of the last year's due reports that were sent on time; none may be overdue."""
    from compliance.incidents.models import Incident
    from compliance.incidents.selectors import incident_get, incident_reporting

    since = timezone.now() - dt.timedelta(days=REPORTING_WINDOW_DAYS)
    incidents = (
        Incident.objects.for_org(org).filter(aware_at__gte=since).values_list("pk", flat=True)
    )
    on_time, counted, late_objects = 0, 0, []
    for pk in incidents:
        incident = incident_get(org=org, pk=pk)
        for obligation in incident_reporting(incident=incident).obligations:
            state = str(obligation.state)
            if state in ("submitted_on_time", "submitted_late", "overdue"):
                counted += 1
                on_time += state == "submitted_on_time"
                if state != "submitted_on_time" and len(late_objects) < _OBJECTS:
                    late_objects.append(SignalObject(
                        f"{incident.title}: {obligation.stage}",
                        reverse("compliance:incident-detail", args=[incident.pk])))  # fmt: skip
    if counted == 0:
        return SignalValue.no_data("no report was due in the last 12 months")
    share = on_time / counted
    return SignalValue(
        value=share, threshold=1.0, passed=share >= 1.0, objects=late_objects,
        detail=f"{on_time} of {counted} reports sent on time",
    )  # fmt: skip


ASSESSMENT_MAX_AGE_DAYS = 365
ASSESSMENT_THRESHOLD = 0.9


def supplier_assessment_age(org, *, today: dt.date) -> SignalValue:
    """Share of suppliers with products whose last procurement decision is under a year old."""
    from assets.procurement.selectors import supplier_last_assessments

    suppliers = supplier_last_assessments(org=org)
    if not suppliers:
        return SignalValue.no_data("no suppliers with products yet")
    cutoff = today - dt.timedelta(days=ASSESSMENT_MAX_AGE_DAYS)
    stale = [s for s in suppliers if s.last is None or s.last.date() < cutoff]
    share = 1 - len(stale) / len(suppliers)
    return SignalValue(
        value=share, threshold=ASSESSMENT_THRESHOLD, passed=share >= ASSESSMENT_THRESHOLD,
        detail=f"{len(suppliers) - len(stale)} of {len(suppliers)} suppliers assessed "
        f"within {ASSESSMENT_MAX_AGE_DAYS} days",
        objects=[SignalObject(s.name, reverse("assets:procurement-supplier", args=[s.pk]))
                 for s in stale[:_OBJECTS]],
    )  # fmt: skip


def register() -> None:
    from compliance import signals_registry

    signals_registry.register("inv_completeness", inventory_completeness)
    signals_registry.register("sbom_coverage", sbom_coverage)
    signals_registry.register("vuln_open_crit", critical_vulnerabilities_past_sla)
    signals_registry.register("scan_recon", scan_reconciliation)
    signals_registry.register("incident_deadlines", incident_reporting_on_time)
    signals_registry.register("supplier_assessment_age", supplier_assessment_age)
