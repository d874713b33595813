"""Django admin for support staff: read-mostly views of the inventory tables."""

from django.contrib import admin

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


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ("name", "asset_tag", "organization", "kind", "asset_class", "criticality")
    list_filter = ("organization", "kind", "asset_class", "criticality", "lifecycle")
    search_fields = ("name", "asset_tag")
    raw_id_fields = ("site", "zone", "supplier", "product")
    readonly_fields = ("criticality", "criticality_service", "criticality_path")


for model in (Site, Zone, Conduit, EssentialService, Link, ServiceDependency, Supplier, Product):
    admin.site.register(model, list_filter=("organization",))
