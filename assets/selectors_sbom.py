"""Read side of stored SBOMs: lists, one SBOM, its components, the dependency tree, versions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from assets.models import Asset, Product, Sbom, SbomComponent, SbomDependency, SbomVulnerability
from bollwerk.models import Organization

_LIST_FIELDS = (
    "file",
    "signature",
    "declarations",
    "properties",
    "validation_errors",
    "quality_report",
    "authors",
    "tools",
    "metadata_component",
)


def sbom_list(*, org: Organization) -> QuerySet[Sbom]:
    """The organization's SBOMs, newest first, with product and supplier; big JSON deferred."""
    return (
        Sbom.objects.for_org(org)
        .select_related("product", "product__supplier")
        .defer(*_LIST_FIELDS)
        .order_by("-imported_at", "-pk")
    )


def sbom_get(*, org: Organization, pk: int) -> Sbom:
    """One SBOM of ``org`` with product, supplier and successor; ``Sbom.DoesNotExist`` otherwise."""
    return (
        Sbom.objects.for_org(org)
        .select_related("product", "product__supplier", "superseded_by", "imported_by")
        .get(pk=pk)
    )


def sbom_versions(*, sbom: Sbom) -> QuerySet[Sbom]:
    """Every SBOM of the same product line (supplier and product name, any version)."""
    return (
        Sbom.objects.for_org(sbom.organization_id)
        .filter(product__supplier_id=sbom.product.supplier_id, product__name=sbom.product.name)
        .select_related("product")
        .defer(*_LIST_FIELDS)
        .order_by("-imported_at", "-pk")
    )


def sbom_current_for_product(*, product: Product) -> Sbom | None:
    """The product's current SBOM (the newest one nothing superseded), or None."""
    return (
        Sbom.objects.for_org(product.organization_id)
        .filter(product=product, superseded_by__isnull=True)
        .defer(*_LIST_FIELDS)
        .order_by("-imported_at", "-pk")
        .first()
    )


def product_sboms(*, product: Product) -> QuerySet[Sbom]:
    """The product's SBOMs, newest first."""
    return (
        Sbom.objects.for_org(product.organization_id)
        .filter(product=product)
        .defer(*_LIST_FIELDS)
        .order_by("-imported_at", "-pk")
    )


def product_assets(*, product: Product) -> QuerySet[Asset]:
    """The assets that run ``product``."""
    return (
        Asset.objects.for_org(product.organization_id)
        .filter(product=product)
        .select_related("site", "zone")
        .order_by("name", "pk")
    )


def sbom_component_list(
    *,
    sbom: Sbom,
    q: str = "",
    type: str = "",
    scope: str = "",
    has_purl: bool | None = None,
) -> QuerySet[SbomComponent]:
    """The SBOM's components in document order, searched by name/purl and filtered."""
    queryset = SbomComponent.objects.for_org(sbom.organization_id).filter(sbom=sbom)
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(purl__icontains=q) | Q(group__icontains=q)
        )
    if type:
        queryset = queryset.filter(type=type)
    if scope:
        queryset = queryset.filter(scope="" if scope == "none" else scope)
    if has_purl is not None:
        queryset = queryset.exclude(purl="") if has_purl else queryset.filter(purl="")
    return queryset.order_by("position")


def sbom_component_facets(*, sbom: Sbom) -> dict[str, list[str]]:
    """The distinct component types and scopes of an SBOM (for the filter choices)."""
    rows = SbomComponent.objects.filter(sbom=sbom)
    return {
        "types": sorted(t for t in rows.values_list("type", flat=True).distinct() if t),
        "scopes": sorted(s for s in rows.values_list("scope", flat=True).distinct() if s),
    }


def sbom_component_get(*, org: Organization, pk: int) -> SbomComponent:
    """One component of ``org`` with its SBOM and parent."""
    return (
        SbomComponent.objects.for_org(org)
        .select_related("sbom", "parent", "sbom__product")
        .get(pk=pk)
    )


def component_tree(*, component: SbomComponent) -> dict[str, list]:
    """A component's neighbourhood: nested children, dependencies (what it depends on) and
    dependents (what depends on it), each a list of components, plus unresolved refs."""
    children = list(
        SbomComponent.objects.filter(sbom_id=component.sbom_id, parent=component).order_by(
            "position"
        )
    )
    edges = SbomDependency.objects.filter(sbom_id=component.sbom_id)
    outgoing = list(edges.filter(source=component).exclude(depends_on="").select_related("target"))
    incoming = list(edges.filter(target=component).select_related("source"))
    return {
        "children": children,
        "dependencies": [e.target for e in outgoing if e.target is not None],
        "external_dependencies": [e.depends_on for e in outgoing if e.target is None],
        "dependents": [e.source for e in incoming if e.source is not None],
        "external_dependents": [e.ref for e in incoming if e.source is None],
    }


def sbom_vulnerability_list(*, sbom: Sbom) -> QuerySet[SbomVulnerability]:
    """The vulnerabilities the SBOM itself declares, with the components they affect."""
    return (
        SbomVulnerability.objects.for_org(sbom.organization_id)
        .filter(sbom=sbom)
        .prefetch_related("components")
        .order_by("pk")
    )
