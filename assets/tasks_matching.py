"""Celery tasks of vulnerability matching (thin: ids in, the matching service does the work).

Idempotent: matching upserts, so a redelivered task changes nothing the second time.
"""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from assets.models import Asset, Sbom, SbomComponent
from assets.services.matching import vulnerabilities_match
from bollwerk.models import Organization

_OPTIONS = {"acks_late": True, "autoretry_for": (DatabaseError,), "retry_backoff": True,
            "max_retries": 5}  # fmt: skip


@shared_task(name="assets.match_sbom", **_OPTIONS)
def match_sbom_task(sbom_id: int) -> dict:
    """Match the components of one (current) SBOM against all advisories."""
    sbom = (
        Sbom.objects.filter(pk=sbom_id, superseded_by__isnull=True)
        .select_related("organization")
        .first()
    )
    if sbom is None:
        return {"skipped": f"no current SBOM {sbom_id}"}
    ids = list(SbomComponent.objects.filter(sbom=sbom).values_list("pk", flat=True))
    return vulnerabilities_match(org=sbom.organization, components=ids).as_dict()


@shared_task(name="assets.match_advisories", **_OPTIONS)
def match_advisories_task(advisory_ids: list[int]) -> dict:
    """Match new or updated advisories against every organization they can reach."""
    totals: dict[str, int] = {}
    org_ids = set(SbomComponent.objects.values_list("organization_id", flat=True).distinct()) | set(
        Asset.objects.values_list("organization_id", flat=True).distinct()
    )
    for org in Organization.objects.filter(pk__in=org_ids):
        report = vulnerabilities_match(org=org, advisories=advisory_ids).as_dict()
        for key, value in report.items():
            totals[key] = totals.get(key, 0) + value
    return totals
