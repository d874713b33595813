"""Celery entry points of incidents (thin: they take ids and call a service).

Celery's autodiscovery reads ``compliance.tasks``; that module imports this one
(wired by the lead at merge).
"""

from __future__ import annotations

from celery import shared_task

from bollwerk.models import Organization


@shared_task(
    name="compliance.refresh_incident_clocks",
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def refresh_incident_clocks_task(organization_id: int) -> int:
    """Recompute the cached next deadline of every incident of one organization.

    Run after the organization's classification facts change (sectors, KRITIS
    designation): the reporting route and so the clocks may change. Idempotent.
    """
    from .services import incident_clocks_refresh_all

    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        return 0  # deleted meanwhile: nothing to do
    return incident_clocks_refresh_all(org=org)
