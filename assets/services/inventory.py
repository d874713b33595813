"""Create, change and delete inventory and supply-chain records.

One generic write path for the plain records (sites, zones, conduits,
services, links, dependencies, suppliers, products, assets): validate the
whole row including its organization-wide constraints, save it (the audit
signal records the change) and recompute derived criticality when the
topology changed. Web forms, the REST API and the demo seeder use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

from assets.models import Asset, EssentialService, Link, ServiceDependency
from bollwerk.models import Organization, OrgScopedModel

from .criticality import criticality_recompute

#: Writes to these models can change derived criticality.
TOPOLOGY_MODELS = (Asset, EssentialService, Link, ServiceDependency)


def _affects_criticality(instance: models.Model) -> bool:
    return isinstance(instance, TOPOLOGY_MODELS)


@transaction.atomic
def inventory_save(
    *, org: Organization, instance: OrgScopedModel, services: Iterable | None = None
) -> OrgScopedModel:
    """Validate and save one record of ``org``; for an asset optionally set its services.

    Raises ``django.core.exceptions.ValidationError`` (field → messages) on
    bad input, including another organization's related objects. ``services``
    (an iterable of EssentialService of ``org``) replaces the asset's direct
    dependencies when given.
    """
    instance.organization = org
    instance.full_clean()
    instance.save()
    if services is not None and isinstance(instance, Asset):
        asset_services_set(org=org, asset=instance, services=services)
    if _affects_criticality(instance):
        criticality_recompute(org=org)
        if isinstance(instance, Asset):
            instance.refresh_from_db(
                fields=["criticality", "criticality_service", "criticality_path"]
            )
    return instance


def asset_services_set(*, org: Organization, asset: Asset, services: Iterable) -> None:
    """Make ``services`` exactly the essential services that depend directly on ``asset``.

    Adds and removes ServiceDependency rows one by one so the audit trail
    records each change.
    """
    wanted = {service.pk: service for service in services}
    existing = {
        dep.service_id: dep for dep in ServiceDependency.objects.for_org(org).filter(asset=asset)
    }
    for service_id, dep in existing.items():
        if service_id not in wanted:
            dep.delete()
    for service_id, service in wanted.items():
        if service_id not in existing:
            dep = ServiceDependency(organization=org, service=service, asset=asset)
            dep.full_clean()
            dep.save()


@transaction.atomic
def inventory_delete(*, org: Organization, instance: OrgScopedModel) -> None:
    """Delete one record of ``org`` (cascading as the model says) and recompute criticality."""
    if instance.organization_id != org.pk:
        raise instance.DoesNotExist
    affects = _affects_criticality(instance) or isinstance(instance, Asset)
    instance.delete()
    if affects:
        criticality_recompute(org=org)
