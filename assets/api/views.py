"""Viewsets of the inventory and supply-chain API (mounted under /api/v1/).

Writes go through ``assets.services.inventory``; lists are shaped by the
selectors and narrowed by the FilterSets in ``assets.filters``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assets import filters, selectors
from assets.api import serializers as s
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
from assets.services.exporting import asset_export
from assets.services.importing import asset_import
from assets.services.inventory import inventory_delete, inventory_save
from bollwerk.api.base import OrgScopedModelViewSet


class InventoryViewSet(OrgScopedModelViewSet):
    """CRUD through the inventory services; the selector named in ``selector`` shapes lists."""

    filter_backends = [DjangoFilterBackend]
    selector = None

    def get_queryset(self):
        # Lists are shaped by the selector; single objects load whole (the audit
        # trail compares every field on update and delete).
        if self.selector is None or self.action != "list":
            return super().get_queryset()
        return self.selector(org=self.organization)

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        services = data.pop("services", None)
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = inventory_save(
                org=self.organization, instance=instance, services=services
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from None

    def perform_create(self, serializer):
        self._save(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        inventory_delete(org=self.organization, instance=instance)


class SiteViewSet(InventoryViewSet):
    queryset = Site.objects.all()
    selector = staticmethod(selectors.site_list)
    serializer_class = s.SiteSerializer
    filterset_class = filters.SiteFilter


class ZoneViewSet(InventoryViewSet):
    queryset = Zone.objects.all()
    selector = staticmethod(selectors.zone_list)
    serializer_class = s.ZoneSerializer
    filterset_class = filters.ZoneFilter


class ConduitViewSet(InventoryViewSet):
    queryset = Conduit.objects.all()
    selector = staticmethod(selectors.conduit_list)
    serializer_class = s.ConduitSerializer
    filterset_class = filters.ConduitFilter


class EssentialServiceViewSet(InventoryViewSet):
    queryset = EssentialService.objects.all()
    selector = staticmethod(selectors.service_list)
    serializer_class = s.EssentialServiceSerializer
    filterset_class = filters.ServiceFilter


class LinkViewSet(InventoryViewSet):
    queryset = Link.objects.all()
    selector = staticmethod(selectors.link_list)
    serializer_class = s.LinkSerializer
    filterset_class = filters.LinkFilter


class ServiceDependencyViewSet(InventoryViewSet):
    queryset = ServiceDependency.objects.all()
    selector = staticmethod(selectors.dependency_list)
    serializer_class = s.ServiceDependencySerializer
    filterset_class = filters.DependencyFilter


class SupplierViewSet(InventoryViewSet):
    queryset = Supplier.objects.all()
    selector = staticmethod(selectors.supplier_list)
    serializer_class = s.SupplierSerializer
    filterset_class = filters.SupplierFilter


class ProductViewSet(InventoryViewSet):
    queryset = Product.objects.all()
    selector = staticmethod(selectors.product_list)
    serializer_class = s.ProductSerializer
    filterset_class = filters.ProductFilter


class AssetViewSet(InventoryViewSet):
    """Assets; plus ``import/`` (CSV/XLSX, ``?dry_run=1``) and ``export/`` (``?as=csv|xlsx``)."""

    queryset = Asset.objects.all()
    selector = staticmethod(selectors.asset_list)
    serializer_class = s.AssetSerializer
    filterset_class = filters.AssetFilter

    def get_serializer_class(self):
        return (
            s.ImportRequestSerializer
            if self.action == "import_file"
            else super().get_serializer_class()
        )

    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """Import assets from an uploaded CSV/XLSX file (field ``file``); all rows or none."""
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Upload a CSV or XLSX file in 'file'."]})
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        result = asset_import(
            org=self.organization, file_name=upload.name, data=upload.read(), dry_run=dry_run
        )
        if not result.ok:
            code = status.HTTP_400_BAD_REQUEST
        else:
            code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        return Response(result.as_dict(), status=code)

    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        """The filtered asset list as CSV (default) or XLSX (``?as=xlsx``)."""
        file_format = request.query_params.get("as", "csv")
        if file_format not in ("csv", "xlsx"):
            raise serializers.ValidationError({"as": ["Use csv or xlsx."]})
        assets = filters.AssetFilter(
            request.query_params,
            queryset=selectors.asset_export_rows(org=self.organization),
            request=request,
        ).qs
        exported = asset_export(assets=assets, file_format=file_format)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
        return response
