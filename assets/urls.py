"""Web pages of the assets app, mounted under /assets/ (namespace ``assets``)."""

from django.urls import include, path

from assets.views import assets, crud, lookup, matching, sbom, scans, topology, transfer

app_name = "assets"

PLURALS = {
    "site": "sites",
    "zone": "zones",
    "conduit": "conduits",
    "service": "services",
    "link": "links",
    "supplier": "suppliers",
    "product": "products",
}

urlpatterns = [
    path("", assets.AssetListView.as_view(), name="asset-list"),
    path("new/", assets.AssetFormView.as_view(), name="asset-create"),
    path("<int:pk>/", assets.AssetDetailView.as_view(), name="asset-detail"),
    path("<int:pk>/edit/", assets.AssetFormView.as_view(), name="asset-update"),
    path("<int:pk>/delete/", assets.AssetDeleteView.as_view(), name="asset-delete"),
    path("import/", transfer.AssetImportView.as_view(), name="asset-import"),
    path("import/confirm/", transfer.AssetImportConfirmView.as_view(), name="asset-import-confirm"),
    path("export/", transfer.AssetExportView.as_view(), name="asset-export"),
    path("lookup/", lookup.AssetLookupView.as_view(), name="asset-lookup"),
    path(
        "zones/<int:pk>/topology.svg",
        topology.TopologySvgView.as_view(entity="zone"),
        name="zone-topology-svg",
    ),
    path(
        "services/<int:pk>/topology.svg",
        topology.TopologySvgView.as_view(entity="service"),
        name="service-topology-svg",
    ),
    path("zones/<int:pk>/", topology.ZoneDetailView.as_view(), name="zone-detail"),
    path("services/<int:pk>/", topology.ServiceDetailView.as_view(), name="service-detail"),
    path("", include("assets.advisories.urls")),
    path("", include("assets.procurement.urls")),
    path("vulnerabilities/", matching.vulnerability_list, name="vulnerability-list"),
    path("vulnerabilities/vex/", matching.vulnerability_vex, name="vulnerability-vex"),
    path("vulnerabilities/<int:pk>/", matching.vulnerability_detail, name="vulnerability-detail"),
    path("products/<int:pk>/", sbom.ProductDetailView.as_view(), name="product-detail"),
    path("sboms/", sbom.SbomListView.as_view(), name="sbom-list"),
    path("sboms/upload/", sbom.SbomUploadView.as_view(), name="sbom-upload"),
    path("sboms/<int:pk>/", sbom.SbomDetailView.as_view(), name="sbom-detail"),
    path("sboms/<int:pk>/diff/", sbom.SbomDiffView.as_view(), name="sbom-diff"),
    path("sboms/<int:pk>/download/", sbom.SbomDownloadView.as_view(), name="sbom-download"),
    path(
        "sboms/components/<int:pk>/tree/",
        sbom.SbomComponentTreeView.as_view(),
        name="sbom-component-tree",
    ),
    path("scans/", scans.ScanRunListView.as_view(), name="scanrun-list"),
    path("scans/upload/", scans.ScanUploadView.as_view(), name="scan-upload"),
    path("scans/<int:pk>/", scans.ScanRunDetailView.as_view(), name="scanrun-detail"),
    path("scans/scopes/", scans.ScanScopeListView.as_view(), name="scanscope-list"),
    path("scans/scopes/new/", scans.ScanScopeFormView.as_view(), name="scanscope-create"),
    path("scans/scopes/<int:pk>/edit/", scans.ScanScopeFormView.as_view(), name="scanscope-update"),
    path(
        "scans/scopes/<int:pk>/delete/",
        scans.ScanScopeDeleteView.as_view(),
        name="scanscope-delete",
    ),
]

for key, plural in PLURALS.items():
    urlpatterns += [
        path(f"{plural}/", crud.EntityListView.as_view(entity=key), name=f"{key}-list"),
        path(f"{plural}/new/", crud.EntityFormView.as_view(entity=key), name=f"{key}-create"),
        path(
            f"{plural}/<int:pk>/edit/",
            crud.EntityFormView.as_view(entity=key),
            name=f"{key}-update",
        ),
        path(
            f"{plural}/<int:pk>/delete/",
            crud.EntityDeleteView.as_view(entity=key),
            name=f"{key}-delete",
        ),
    ]
