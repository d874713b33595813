"""Topology diagrams of one zone or one essential service, and their detail pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView, View

from assets import selectors
from assets.models import Asset
from assets.services.diagram import layer_by_path_length, layer_by_zone_level, topology_svg
from assets.views.crud import EntityMixin


def _svg(org, *, zone=None, service=None) -> tuple[str, bool]:
    assets, links, truncated = selectors.topology_graph(org=org, zone=zone, service=service)
    svg = topology_svg(
        assets=assets,
        links=links,
        layer=layer_by_path_length if service is not None else layer_by_zone_level,
        href=lambda a: reverse("assets:asset-detail", kwargs={"pk": a.pk}),
        highlight={a.pk for a in assets if (zone and a.zone_id == zone.pk)},
    )
    return svg, truncated


class ZoneDetailView(EntityMixin, TemplateView):
    """A zone: its conduits, its assets (first page) and its topology diagram."""

    entity = "zone"
    template_name = "assets/zone_detail.html"

    def get_context_data(self, **kwargs):
        org = self.request.organization
        zone = self.get_object()
        svg, truncated = _svg(org, zone=zone)
        return {
            **super().get_context_data(**kwargs),
            "zone": zone,
            "conduits": selectors.conduit_list(org=org).filter(from_zone=zone)
            | selectors.conduit_list(org=org).filter(to_zone=zone),
            "assets": selectors.asset_list(org=org).filter(zone=zone).order_by("name")[:50],
            "svg": mark_safe(svg),  # noqa: S308 - built from escaped parts
            "truncated": truncated,
        }


class ServiceDetailView(EntityMixin, TemplateView):
    """A service: how its criticality is derived, the assets it needs, its diagram."""

    entity = "service"
    template_name = "assets/service_detail.html"

    def get_context_data(self, **kwargs):
        org = self.request.organization
        service = self.get_object()
        svg, truncated = _svg(org, service=service)
        return {
            **super().get_context_data(**kwargs),
            "service": service,
            "direct": selectors.asset_list(org=org).filter(dependencies__service=service),
            "inherited_count": Asset.objects.for_org(org)
            .filter(criticality_service=service)
            .count(),
            "svg": mark_safe(svg),  # noqa: S308 - built from escaped parts
            "truncated": truncated,
        }


class TopologySvgView(EntityMixin, View):
    """The bare SVG diagram of one zone or one service (``entity`` is set in urls.py)."""

    entity = "zone"

    def get(self, request, pk: int):
        target = self.get_object()
        if self.entity == "service":
            svg, _truncated = _svg(request.organization, service=target)
        else:
            svg, _truncated = _svg(request.organization, zone=target)
        return HttpResponse(svg, content_type="image/svg+xml")
