"""Serializers of the inventory and supply-chain API.

Related fields accept only objects of the request's organization (the
serializer context carries ``organization``): another organization's id is
answered like an unknown id. Model validation (``clean``) runs in the
services, which the viewsets call.
"""

from __future__ import annotations

from rest_framework import serializers

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


class OrgScopedSerializer(serializers.ModelSerializer):
    """Narrows every related field's queryset to the context's organization."""

    def get_validators(self):
        return []  # uniqueness and cross-field rules: the model's full_clean in the service

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("organization")
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            if isinstance(target, serializers.RelatedField) and target.queryset is not None:
                model = target.queryset.model
                target.queryset = (
                    model.objects.for_org(org) if org is not None else model.objects.none()
                )
        return fields


class SiteSerializer(OrgScopedSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "kind", "address", "postcode", "city", "latitude", "longitude",
                  "description"]  # fmt: skip


class ZoneSerializer(OrgScopedSerializer):
    class Meta:
        model = Zone
        fields = ["id", "name", "level", "security_level_target", "subnets", "site", "description"]


class ConduitSerializer(OrgScopedSerializer):
    class Meta:
        model = Conduit
        fields = ["id", "from_zone", "to_zone", "protocols", "description"]


class EssentialServiceSerializer(OrgScopedSerializer):
    criticality = serializers.IntegerField(read_only=True)

    class Meta:
        model = EssentialService
        fields = ["id", "name", "sector", "description", "population_served", "customers_served",
                  "max_tolerable_outage_hours", "criticality"]  # fmt: skip


class SupplierSerializer(OrgScopedSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "name", "country", "website", "security_contact", "disclosure_url",
                  "csaf_provider_url", "notes"]  # fmt: skip


class ProductSerializer(OrgScopedSerializer):
    class Meta:
        model = Product
        fields = ["id", "supplier", "name", "version", "kind", "cpe", "purl", "description"]


class AssetSerializer(OrgScopedSerializer):
    """An asset; ``services`` are the essential services depending on it directly."""

    services = serializers.PrimaryKeyRelatedField(
        many=True, required=False, write_only=True, queryset=EssentialService.objects.none()
    )
    ip_addresses = serializers.ListField(child=serializers.CharField(), required=False)
    mac_addresses = serializers.ListField(child=serializers.CharField(), required=False)
    hostnames = serializers.ListField(child=serializers.CharField(), required=False)
    criticality_label = serializers.CharField(source="get_criticality_display", read_only=True)

    class Meta:
        model = Asset
        fields = [
            "id", "name", "asset_tag", "kind", "asset_class", "vendor", "product_name", "model",
            "version", "cpe", "purl", "site", "zone", "ip_addresses", "mac_addresses",
            "hostnames", "owner", "supplier", "product", "lifecycle", "end_of_support",
            "remote_access", "internet_exposed", "confidentiality", "integrity", "availability",
            "description", "services", "criticality", "criticality_label",
            "criticality_service", "criticality_path", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["criticality", "criticality_service", "criticality_path"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Read from the prefetched dependencies: no query per row.
        data["services"] = sorted(dep.service_id for dep in instance.dependencies.all())
        return data


class AssetDetailSerializer(AssetSerializer):
    """An asset as retrieved alone (same fields; ``criticality_path`` is a list of asset ids)."""


class LinkSerializer(OrgScopedSerializer):
    class Meta:
        model = Link
        fields = ["id", "source", "target", "protocol", "port", "purpose"]


class ServiceDependencySerializer(OrgScopedSerializer):
    class Meta:
        model = ServiceDependency
        fields = ["id", "service", "asset", "note"]


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
