"""Read side of vulnerability matches: list with filters, one match, per advisory, command rows."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from assets.models.matching import OPEN_STATUSES, VexStatement, VulnerabilityMatch
from bollwerk.models import Organization

_RELATED = ("advisory", "component", "component__sbom__product__supplier", "asset",
            "asset__supplier")  # fmt: skip
_ADVISORY_FIELDS = ("advisory__id", "advisory__source_id", "advisory__source", "advisory__title",
                    "advisory__severity_label", "advisory__severity_score", "advisory__kev",
                    "advisory__epss")  # fmt: skip


def match_list(*, org: Organization, filters: dict | None = None) -> QuerySet[VulnerabilityMatch]:
    """The organization's matches by priority; filters: severity, kev, status (``open`` =
    affected/under investigation and not stale, or a status), criticality (minimum), supplier."""
    filters = filters or {}
    qs = VulnerabilityMatch.objects.for_org(org).select_related(*_RELATED).defer(
        "advisory__raw", "advisory__severities", "advisory__references",
        "advisory__vulnerabilities", "advisory__summary",
    )  # fmt: skip
    status = filters.get("status") or "open"
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES, stale=False)
    elif status == "stale":
        qs = qs.filter(stale=True)
    elif status != "all":
        qs = qs.filter(status=status)
    if severity := (filters.get("severity") or "").upper():
        qs = qs.filter(advisory__severity_label=severity)
    if filters.get("kev") is not None:
        qs = qs.filter(advisory__kev=filters["kev"])
    if filters.get("criticality") not in (None, ""):
        minimum = int(filters["criticality"])
        qs = qs.filter(asset__criticality__gte=minimum) | qs.filter(
            component__sbom__product__assets__criticality__gte=minimum
        )
        qs = qs.distinct()
    if supplier := (filters.get("supplier") or "").strip():
        qs = qs.filter(asset__supplier__name__icontains=supplier) | qs.filter(
            component__sbom__product__supplier__name__icontains=supplier
        )
    return qs.order_by("-priority", "id")


def match_get(*, org: Organization, pk: int) -> VulnerabilityMatch:
    """One match of ``org`` with its VEX history (``DoesNotExist`` for another org's)."""
    return (
        VulnerabilityMatch.objects.for_org(org)
        .select_related(*_RELATED, "vex_set_by")
        .prefetch_related(
            Prefetch(
                "statements",
                VexStatement.objects.select_related("set_by").order_by("-set_at", "-id"),
            )
        )
        .get(pk=pk)
    )


def matches_for_advisory(*, org: Organization, advisory_pk: int) -> QuerySet[VulnerabilityMatch]:
    """The requesting organization's matches of one advisory (never another organization's)."""
    return (
        VulnerabilityMatch.objects.for_org(org)
        .filter(advisory_id=advisory_pk)
        .select_related("component", "component__sbom__product", "asset")
        .order_by("-priority", "id")
    )


def match_rows(*, org: Organization) -> list[dict]:
    """``{"purl" or "asset", "advisory", "status"}`` for every current match (the command).

    A component row also names its ``product`` and ``sbom`` (the same library in two
    products is two rows), an asset row its ``asset_id``.
    """
    rows = (
        VulnerabilityMatch.objects.for_org(org).filter(stale=False)
        .values_list("component__purl", "component__name", "asset__name", "advisory__source_id",
                     "status", "component_id", "component__sbom_id",
                     "component__sbom__product__name", "component__sbom__product__version",
                     "asset_id")
        .order_by("advisory__source_id", "component_id", "asset_id")
    )  # fmt: skip
    out = []
    for purl, name, asset, advisory, status, component_id, sbom, product, version, asset_id in rows:
        if component_id:
            target = {"purl": purl or name, "product": f"{product} {version}".strip(), "sbom": sbom}
        else:
            target = {"asset": asset, "asset_id": asset_id}
        out.append({**target, "advisory": advisory, "status": status})
    return out


#: The columns of :func:`match_report_list`.
REPORT_FIELDS = (
    "pk", "status", "justification", "priority", "version", "advisory__source_id",
    "advisory__severity_label", "advisory__severity_score", "advisory__kev", "advisory__epss",
    "component_id", "component__name", "component__group", "component__sbom__product_id",
    "component__sbom__product__name", "component__sbom__product__version", "asset_id",
    "asset__name", "asset__asset_class",
)  # fmt: skip


def match_report_list(*, org: Organization) -> QuerySet:
    """The organization's current matches as plain values for reports (:data:`REPORT_FIELDS`).

    Current: not stale, and for components only those of a product's current SBOM. Open ones
    (affected, under investigation) first, each group by priority; one query.
    """
    open_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    return (
        VulnerabilityMatch.objects.for_org(org)
        .filter(stale=False)
        .filter(Q(component__isnull=True) | Q(component__sbom__superseded_by__isnull=True))
        .values(*REPORT_FIELDS)
        .order_by(open_first, "-priority", "advisory__source_id", "pk")
    )
