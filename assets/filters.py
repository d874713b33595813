"""django-filter FilterSets shared by the web lists and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assets.models import (
    Asset,
    Conduit,
    Criticality,
    EssentialService,
    Link,
    Product,
    ServiceDependency,
    Site,
    Supplier,
    Zone,
)
from bollwerk.selectors import contains_any


def request_org(request):
    """The organization a web or API request acts for (None when there is none)."""
    if request is None:
        return None
    org = getattr(request, "organization", None)
    if org is None and hasattr(request, "_request"):
        from bollwerk.api.permissions import request_membership

        membership = request_membership(request)
        org = membership.organization if membership else None
    return org


def org_choices(model):
    """A queryset callable for ModelChoiceFilter: the request organization's rows only."""

    def queryset(request):
        org = request_org(request)
        return model.objects.for_org(org) if org is not None else model.objects.none()

    return queryset


class SearchFilterSet(django_filters.FilterSet):
    """Adds ``q``: a case-insensitive search over ``search_fields``."""

    search_fields: tuple[str, ...] = ("name",)
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        return queryset.filter(contains_any(self.search_fields, value))


class AssetFilter(SearchFilterSet):
    """Filters and sort orders of the asset list (web page, export and API)."""

    search_fields = ("name", "asset_tag", "vendor", "product_name", "model", "owner",
                     "ip_addresses", "hostnames", "mac_addresses")  # fmt: skip
    site = django_filters.ModelChoiceFilter(queryset=org_choices(Site), label=_("Site"))
    zone = django_filters.ModelChoiceFilter(queryset=org_choices(Zone), label=_("Zone"))
    service = django_filters.ModelChoiceFilter(
        queryset=org_choices(EssentialService),
        field_name="dependencies__service",
        label=_("Service (direct)"),
    )
    kind = django_filters.ChoiceFilter(choices=Asset.Kind.choices, label=_("Kind"))
    asset_class = django_filters.ChoiceFilter(choices=Asset.AssetClass.choices, label=_("Class"))
    criticality = django_filters.ChoiceFilter(choices=Criticality.choices, label=_("Criticality"))
    criticality_min = django_filters.ChoiceFilter(
        field_name="criticality",
        lookup_expr="gte",
        choices=Criticality.choices,
        label=_("Criticality at least"),
    )
    lifecycle = django_filters.ChoiceFilter(choices=Asset.Lifecycle.choices, label=_("Lifecycle"))
    internet_exposed = django_filters.BooleanFilter(label=_("Internet-exposed"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("asset_tag", "asset_tag"),
            ("kind", "kind"),
            ("asset_class", "asset_class"),
            ("criticality", "criticality"),
            ("site__name", "site"),
            ("zone__name", "zone"),
            ("lifecycle", "lifecycle"),
            ("end_of_support", "end_of_support"),
            ("updated_at", "updated"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Asset
        fields = ["q", "site", "zone", "service", "kind", "asset_class", "criticality",
                  "criticality_min", "lifecycle", "internet_exposed"]  # fmt: skip

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("service"):
            queryset = queryset.distinct()
        return queryset


class SiteFilter(SearchFilterSet):
    search_fields = ("name", "city", "address")

    class Meta:
        model = Site
        fields = ["q", "kind"]


class ZoneFilter(SearchFilterSet):
    site = django_filters.ModelChoiceFilter(queryset=org_choices(Site), label=_("Site"))

    class Meta:
        model = Zone
        fields = ["q", "level", "site"]


class ConduitFilter(django_filters.FilterSet):
    zone = django_filters.ModelChoiceFilter(
        queryset=org_choices(Zone), method="either_zone", label=_("Zone")
    )

    class Meta:
        model = Conduit
        fields = ["zone"]

    def either_zone(self, queryset, name, value: Zone):
        return queryset.filter(Q(from_zone=value) | Q(to_zone=value))


class ServiceFilter(SearchFilterSet):
    class Meta:
        model = EssentialService
        fields = ["q", "sector"]


class LinkFilter(django_filters.FilterSet):
    asset = django_filters.NumberFilter(method="either_asset", label=_("Asset id"))
    source = django_filters.NumberFilter(field_name="source_id", label=_("Source id"))
    target = django_filters.NumberFilter(field_name="target_id", label=_("Target id"))

    class Meta:
        model = Link
        fields = ["asset", "protocol", "source", "target"]

    def either_asset(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))


class DependencyFilter(django_filters.FilterSet):
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service id"))
    asset = django_filters.NumberFilter(field_name="asset_id", label=_("Asset id"))

    class Meta:
        model = ServiceDependency
        fields = ["service", "asset"]


class SupplierFilter(SearchFilterSet):
    search_fields = ("name", "security_contact")

    class Meta:
        model = Supplier
        fields = ["q", "country"]


class ProductFilter(SearchFilterSet):
    search_fields = ("name", "version", "supplier__name")
    supplier = django_filters.ModelChoiceFilter(queryset=org_choices(Supplier), label=_("Supplier"))

    class Meta:
        model = Product
        fields = ["q", "supplier", "kind"]
