"""Asset pages: the filterable list, the detail page with neighbours and criticality path,
and the create/edit/delete forms."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from assets import selectors
from assets.filters import AssetFilter
from assets.forms import AssetForm
from assets.models import Asset
from assets.services.inventory import inventory_save
from assets.views.crud import PAGE_SIZE, EntityDeleteView, EntityFormView, querystring
from assets.views.entities import Entity
from bollwerk.views.mixins import OrgScopedQuerysetMixin

ASSET = Entity("asset", Asset, selectors.asset_list, AssetFilter, AssetForm, (), "", True)

SORTABLE = (
    ("name", "name"),
    ("asset_tag", "asset_tag"),
    ("kind", "kind"),
    ("asset_class", "asset_class"),
    ("site", "site"),
    ("zone", "zone"),
    ("criticality", "criticality"),
    ("lifecycle", "lifecycle"),
)


class AssetMixin:
    """The asset 'entity' for the generic form and delete views."""

    entity = "asset"

    @property
    def spec(self):
        return ASSET


class AssetListView(OrgScopedQuerysetMixin, TemplateView):
    """Searchable, filterable, sortable asset list, 50 per page."""

    model = Asset
    template_name = "assets/asset_list.html"

    def get_context_data(self, **kwargs):
        org = self.request.organization
        filterset = AssetFilter(
            self.request.GET or None, queryset=selectors.asset_list(org=org), request=self.request
        )
        queryset = filterset.qs
        if not self.request.GET.get("ordering"):
            queryset = queryset.order_by("-criticality", "name", "pk")
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        current = self.request.GET.get("ordering", "")
        base = querystring(self.request.GET, drop=("page", "ordering"))
        sort_links = {
            key: f"?{base}&ordering={'-' if current == value else ''}{value}".replace("?&", "?")
            for key, value in SORTABLE
        }
        return {
            **super().get_context_data(**kwargs),
            "filter": filterset,
            "page": page,
            "query": querystring(self.request.GET),
            "export_query": querystring(self.request.GET, drop=("page", "as")),
            "sort_links": sort_links,
            "ordering": current,
        }


class AssetDetailView(OrgScopedQuerysetMixin, TemplateView):
    """One asset: fields, neighbours, directly dependent services, the criticality path."""

    model = Asset
    template_name = "assets/asset_detail.html"

    def get_context_data(self, **kwargs):
        org = self.request.organization
        try:
            asset = selectors.asset_get(org=org, pk=self.kwargs["pk"])
        except Asset.DoesNotExist:
            asset = get_object_or_404(Asset.objects.none())
        return {
            **super().get_context_data(**kwargs),
            "asset": asset,
            "neighbours": selectors.asset_neighbours(asset=asset),
            "services": selectors.asset_direct_services(asset=asset),
            "path": selectors.criticality_path_assets(org=org, asset=asset),
        }


class AssetFormView(AssetMixin, EntityFormView):
    """Create or edit an asset, with its direct service dependencies."""

    template_name = "assets/asset_form.html"

    def save(self, form):
        return inventory_save(
            org=self.request.organization,
            instance=form.instance,
            services=form.cleaned_data.get("services") or [],
        )

    def success_url(self, obj) -> str:
        return reverse("assets:asset-detail", kwargs={"pk": obj.pk})


class AssetDeleteView(AssetMixin, EntityDeleteView):
    """Delete an asset (its links and dependencies go with it)."""
