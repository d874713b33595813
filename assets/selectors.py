"""Read-side queries of the assets app; they own the query shape.

Every selector narrows to one organization through ``for_org`` and loads
what its callers display in a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from assets.models import (
    Asset,
    Conduit,
    EssentialService,
    Link,
    Product,
    ServiceDependency,
    Site,
    Supplier,
    Zone,
)
from bollwerk.models import Organization


def asset_list(*, org: Organization) -> QuerySet[Asset]:
    """The organization's assets with site, zone, supplier and criticality source joined.

    Direct service dependencies are prefetched (one extra query per page).
    """
    return (
        Asset.objects.for_org(org)
        .select_related("site", "zone", "supplier", "product", "criticality_service")
        .prefetch_related(
            Prefetch(
                "dependencies",
                queryset=ServiceDependency.objects.only("id", "asset_id", "service_id"),
            )
        )
    )


def asset_export_rows(*, org: Organization) -> QuerySet[Asset]:
    """Assets with everything the export writes (direct services prefetched by name)."""
    return (
        Asset.objects.for_org(org)
        .select_related("site", "zone", "supplier", "criticality_service")
        .prefetch_related(
            Prefetch("services", queryset=EssentialService.objects.only("id", "name"))
        )
    )


def asset_get(*, org: Organization, pk: int) -> Asset:
    """One asset with its relations; raises Asset.DoesNotExist for another organization's id."""
    return (
        Asset.objects.for_org(org)
        .select_related("site", "zone", "supplier", "product", "criticality_service")
        .get(pk=pk)
    )


def asset_neighbours(*, asset: Asset) -> dict[str, list[Link]]:
    """Links out of and into ``asset``, with the asset at the other end."""
    outgoing = list(
        Link.objects.filter(source=asset)
        .select_related("target", "target__zone")
        .order_by("target__name")
    )
    incoming = list(
        Link.objects.filter(target=asset)
        .select_related("source", "source__zone")
        .order_by("source__name")
    )
    return {"outgoing": outgoing, "incoming": incoming}


def asset_direct_services(*, asset: Asset) -> list[EssentialService]:
    """The essential services that depend on ``asset`` directly."""
    return list(EssentialService.objects.filter(dependencies__asset=asset).order_by("name"))


def criticality_path_assets(*, org: Organization, asset: Asset) -> list[Asset]:
    """The stored criticality path of ``asset`` as Asset rows, in path order.

    Ids that no longer exist are left out (the path is refreshed on the next
    recomputation).
    """
    ids = list(asset.criticality_path or [])
    found = Asset.objects.for_org(org).only("id", "name", "kind", "asset_tag").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def site_list(*, org: Organization) -> QuerySet[Site]:
    """Sites with their asset counts."""
    return Site.objects.for_org(org).annotate(asset_count=Count("assets")).order_by("name")


def zone_list(*, org: Organization) -> QuerySet[Zone]:
    """Zones with site and asset counts."""
    return (
        Zone.objects.for_org(org)
        .select_related("site")
        .annotate(asset_count=Count("assets"))
        .order_by("name")
    )


def conduit_list(*, org: Organization) -> QuerySet[Conduit]:
    """Conduits with both zones joined."""
    return Conduit.objects.for_org(org).select_related("from_zone", "to_zone")


def service_list(*, org: Organization) -> QuerySet[EssentialService]:
    """Essential services with the number of assets depending on them directly."""
    return (
        EssentialService.objects.for_org(org)
        .annotate(asset_count=Count("dependencies"))
        .order_by("name")
    )


def link_list(*, org: Organization) -> QuerySet[Link]:
    """Links with both assets joined."""
    return Link.objects.for_org(org).select_related("source", "target")


def dependency_list(*, org: Organization) -> QuerySet[ServiceDependency]:
    """Service dependencies with service and asset joined."""
    return ServiceDependency.objects.for_org(org).select_related("service", "asset").order_by("pk")


def supplier_list(*, org: Organization) -> QuerySet[Supplier]:
    """Suppliers with their product counts."""
    return Supplier.objects.for_org(org).annotate(product_count=Count("products")).order_by("name")


def product_list(*, org: Organization) -> QuerySet[Product]:
    """Products with their supplier joined."""
    return Product.objects.for_org(org).select_related("supplier")


def topology_graph(
    *,
    org: Organization,
    zone: Zone | None = None,
    service: EssentialService | None = None,
    limit: int = 150,
) -> tuple[list[Asset], list[Link], bool]:
    """Assets and links for a diagram of one zone or one service; True when truncated.

    For a zone: its assets and the links among them plus links to assets in
    other zones (shown as neighbours). For a service: the assets that
    inherit their criticality from it.
    """
    assets = (
        Asset.objects.for_org(org)
        .select_related("zone")
        .only(
            "id",
            "name",
            "kind",
            "asset_class",
            "criticality",
            "zone__name",
            "zone__level",
            "criticality_path",
            "zone_id",
        )
    )
    if zone is not None:
        core = assets.filter(zone=zone)
    elif service is not None:
        core = assets.filter(criticality_service=service)
    else:
        core = assets.none()
    core_list = list(core.order_by("name")[: limit + 1])
    truncated = len(core_list) > limit
    core_list = core_list[:limit]
    ids = {a.pk for a in core_list}
    links = list(
        Link.objects.for_org(org).filter(source_id__in=ids)
        | Link.objects.for_org(org).filter(target_id__in=ids)
    )
    if service is not None:
        links = [link for link in links if link.source_id in ids and link.target_id in ids]
    extra_ids = {pk for link in links for pk in (link.source_id, link.target_id)} - ids
    extra = list(assets.filter(pk__in=extra_ids)[:limit]) if extra_ids else []
    shown = ids | {a.pk for a in extra}
    links = [link for link in links if link.source_id in shown and link.target_id in shown]
    return core_list + extra, links, truncated


def asset_choice_label(asset: Asset) -> str:
    """How pickers and choice lists name an asset: its name, and its tag where it has one
    (names repeat)."""
    return f"{asset.name} ({asset.asset_tag})" if asset.asset_tag else asset.name
