"""Web pages: scoping (404), roles (403), forms, query counts, import and export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import Asset, Site
from bollwerk.models import Role
from tests.assets import factories as f

ENTITY_FACTORIES = {
    "site": f.SiteFactory,
    "zone": f.ZoneFactory,
    "conduit": f.ConduitFactory,
    "service": f.ServiceFactory,
    "link": f.LinkFactory,
    "supplier": f.SupplierFactory,
    "product": f.ProductFactory,
    "asset": f.AssetFactory,
}
DETAIL_PAGES = {"asset", "zone", "service"}


def object_urls(key, pk, *, writable=False):
    names = [f"{key}-update", f"{key}-delete"]
    if key in DETAIL_PAGES and not writable:
        names.append(f"{key}-detail")
    return [reverse(f"assets:{name}", args=[pk]) for name in names]


@pytest.mark.parametrize("key", ENTITY_FACTORIES)
def test_another_organizations_object_is_404_on_every_page(key, other_org, officer, client_for):
    foreign = ENTITY_FACTORIES[key](organization=other_org)
    client = client_for(officer)

    for url in object_urls(key, foreign.pk):
        assert client.get(url).status_code == 404, url
    for url in object_urls(key, foreign.pk, writable=True):
        assert client.post(url, {}).status_code == 404, url
    assert ENTITY_FACTORIES[key]._meta.model.objects.filter(pk=foreign.pk).exists()


def test_another_organizations_zone_and_service_diagrams_are_404(other_org, officer, client_for):
    client = client_for(officer)
    zone, service = f.ZoneFactory(organization=other_org), f.ServiceFactory(organization=other_org)

    assert client.get(reverse("assets:zone-topology-svg", args=[zone.pk])).status_code == 404
    assert client.get(reverse("assets:service-topology-svg", args=[service.pk])).status_code == 404


@pytest.mark.parametrize("key", ENTITY_FACTORIES)
def test_lists_show_only_the_own_organization(key, org, other_org, officer, client_for):
    factory = ENTITY_FACTORIES[key]
    factory(
        organization=other_org,
        **({"name": "FOREIGN-ROW"} if key != "conduit" and key != "link" else {}),
    )
    own = factory(organization=org)

    response = client_for(officer).get(reverse(f"assets:{key}-list"))

    assert response.status_code == 200
    assert b"FOREIGN-ROW" not in response.content
    if hasattr(own, "name"):
        assert own.name.encode() in response.content


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR])
@pytest.mark.parametrize("key", ENTITY_FACTORIES)
def test_readers_see_lists_but_get_403_on_every_write_page(key, role, org, member, client_for):
    obj = ENTITY_FACTORIES[key](organization=org)
    client = client_for(member(role))

    assert client.get(reverse(f"assets:{key}-list")).status_code == 200
    assert client.get(reverse(f"assets:{key}-create")).status_code == 403
    assert client.post(reverse(f"assets:{key}-create"), {}).status_code == 403
    assert client.post(reverse(f"assets:{key}-update", args=[obj.pk]), {}).status_code == 403
    assert client.post(reverse(f"assets:{key}-delete", args=[obj.pk])).status_code == 403
    assert ENTITY_FACTORIES[key]._meta.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("key", ENTITY_FACTORIES)
def test_procurement_may_write_suppliers_and_products_only(key, org, member, client_for):
    client = client_for(member(Role.PROCUREMENT))

    status = client.get(reverse(f"assets:{key}-create")).status_code

    assert status == (200 if key in {"supplier", "product"} else 403)


def test_readers_cannot_import(org, member, client_for):
    client = client_for(member(Role.VIEWER))

    assert client.get(reverse("assets:asset-import")).status_code == 403
    assert client.post(reverse("assets:asset-import-confirm"), {"token": "x"}).status_code == 403


def test_an_officer_creates_an_asset_with_a_service_and_sees_its_criticality(
    org, officer, client_for
):
    zone = f.ZoneFactory(organization=org, subnets=["10.20.0.0/24"])
    service = f.ServiceFactory(organization=org, name="Trinkwasser", population_served=120_000)
    client = client_for(officer)

    response = client.post(reverse("assets:asset-create"), {
        "name": "SCADA Wasser", "kind": "scada_server", "asset_class": "ot", "zone": zone.pk,
        "ip_addresses": "10.20.0.5\n10.20.0.6", "mac_addresses": "00-1B-1B-00-00-01",
        "lifecycle": "in_operation", "remote_access": "none", "confidentiality": "normal",
        "integrity": "high", "availability": "very_high", "services": [service.pk],
    }, follow=True)  # fmt: skip

    asset = Asset.objects.for_org(org).get()
    assert asset.ip_addresses == ["10.20.0.5", "10.20.0.6"]
    assert asset.mac_addresses == ["00:1b:1b:00:00:01"]
    assert asset.criticality == 3
    assert "Trinkwasser" in response.content.decode()


def test_the_asset_form_names_a_bad_ip_and_an_ip_outside_the_zone(org, officer, client_for):
    zone = f.ZoneFactory(organization=org, name="Feld", subnets=["10.20.0.0/24"])
    base = {"name": "PLC", "kind": "plc", "asset_class": "ot", "zone": zone.pk, "lifecycle": "in_operation",
            "remote_access": "none", "confidentiality": "normal", "integrity": "normal", "availability": "normal"}  # fmt: skip
    client = client_for(officer)

    bad = client.post(reverse("assets:asset-create"), {**base, "ip_addresses": "10.20.0.300"})
    outside = client.post(reverse("assets:asset-create"), {**base, "ip_addresses": "10.99.0.1"})

    assert (
        bad.status_code == 400 and "10.20.0.300 is not a valid IP address" in bad.content.decode()
    )
    assert "10.99.0.1 not in the subnets of zone Feld" in outside.content.decode()
    assert not Asset.objects.exists()


def test_the_zone_form_refuses_a_malformed_subnet(org, officer, client_for):
    response = client_for(officer).post(
        reverse("assets:zone-create"), {"name": "Z", "level": "1", "security_level_target": 2,
                                        "subnets": "10.0.0.1/33"})  # fmt: skip

    assert response.status_code == 400
    assert "10.0.0.1/33 is not a valid network" in response.content.decode()


def test_a_duplicate_site_name_is_refused_by_the_form(org, officer, client_for):
    f.SiteFactory(organization=org, name="Wasserwerk")

    response = client_for(officer).post(
        reverse("assets:site-create"), {"name": "Wasserwerk", "kind": "waterworks"}
    )

    assert response.status_code == 400
    assert Site.objects.for_org(org).count() == 1


def test_the_detail_page_shows_neighbours_services_and_the_criticality_path(
    org, officer, client_for
):
    service = f.ServiceFactory(organization=org, name="Strom", population_served=200_000)
    scada = f.AssetFactory(organization=org, name="SCADA")
    firewall = f.AssetFactory(organization=org, name="Zellenfirewall", kind="firewall")
    f.DependencyFactory(organization=org, service=service, asset=scada)
    f.LinkFactory(organization=org, source=scada, target=firewall, protocol="iec104", port=2404)
    from assets.services.criticality import criticality_recompute

    criticality_recompute(org=org)

    page = (
        client_for(officer).get(reverse("assets:asset-detail", args=[firewall.pk])).content.decode()
    )

    assert "Inherited from the essential service “Strom”" in page
    assert page.index("SCADA") < page.index("<strong>Zellenfirewall</strong>")
    assert "IEC 60870-5-104/2404" in page


def test_the_service_page_draws_its_topology_as_svg(org, officer, client_for):
    dependency = f.DependencyFactory(organization=org, asset__name="Leitsystem")
    f.LinkFactory(organization=org, source=dependency.asset, target__name="RTU 1")
    from assets.services.criticality import criticality_recompute

    criticality_recompute(org=org)
    client = client_for(officer)

    page = client.get(
        reverse("assets:service-detail", args=[dependency.service_id])
    ).content.decode()
    svg = client.get(reverse("assets:service-topology-svg", args=[dependency.service_id]))

    drawing = page[page.index("<svg") : page.index("</svg>")]
    assert "RTU 1" in drawing and "Leitsystem" in drawing and "<script" not in drawing
    assert svg["Content-Type"] == "image/svg+xml" and b"Leitsystem" in svg.content


def test_the_zone_page_escapes_names_in_the_diagram(org, officer, client_for):
    zone = f.ZoneFactory(organization=org)
    f.AssetFactory(organization=org, zone=zone, name="<script>alert(1)</script>")

    page = client_for(officer).get(reverse("assets:zone-detail", args=[zone.pk])).content.decode()

    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_asset_list_filters_by_criticality_and_sorts(org, officer, client_for):
    f.AssetFactory(organization=org, name="Low-1", kind="plc")
    f.AssetFactory(organization=org, name="Switch-9", kind="switch")
    client = client_for(officer)

    page = client.get(
        reverse("assets:asset-list"), {"kind": "plc", "ordering": "-name"}
    ).content.decode()

    assert "Low-1" in page and "Switch-9" not in page


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("key", ENTITY_FACTORIES)
def test_list_pages_issue_as_many_queries_for_1_as_for_50_rows(key, org, officer, client_for):
    factory = ENTITY_FACTORIES[key]
    client = client_for(officer)
    url = reverse(f"assets:{key}-list")
    zone = f.ZoneFactory(organization=org)
    site = f.SiteFactory(organization=org)
    extra = {"zone": zone, "site": site} if key == "asset" else {}
    factory(organization=org, **extra)
    client.get(url)

    one = _list_queries(client, url)
    factory.create_batch(49, organization=org, **extra)

    assert _list_queries(client, url) == one


def test_the_import_preview_lists_bad_rows_and_stores_nothing(org, officer, client_for):
    data = b"name,asset_tag,kind,asset_class,zone\nA,1,plc,ot,Nowhere\nB,2,toaster,ot,\n"

    response = client_for(officer).post(
        reverse("assets:asset-import"), {"file": SimpleUploadedFile("bad.csv", data)}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "unknown zone &#x27;Nowhere&#x27;" in page and "unknown value &#x27;toaster&#x27;" in page
    )
    assert "Confirm import" not in page
    assert not Asset.objects.exists()


def test_the_import_preview_then_confirm_stores_the_previewed_file(
    org, officer, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(officer)
    data = b"name,asset_tag,kind,asset_class\nA,1,plc,ot\nB,2,hmi,ot\n"

    preview = client.post(
        reverse("assets:asset-import"), {"file": SimpleUploadedFile("ok.csv", data)}
    )
    assert preview.status_code == 200 and not Asset.objects.exists()
    token = preview.context["token"]

    confirmed = client.post(reverse("assets:asset-import-confirm"), {"token": token})

    assert confirmed.status_code == 302
    assert sorted(Asset.objects.for_org(org).values_list("name", flat=True)) == ["A", "B"]
    assert not list((tmp_path / "import-staging").iterdir())


def test_a_confirm_with_a_wrong_token_is_404(org, officer, client_for):
    assert (
        client_for(officer)
        .post(reverse("assets:asset-import-confirm"), {"token": "guess"})
        .status_code
        == 404
    )


def test_the_export_uses_the_list_filters(org, officer, client_for):
    f.AssetFactory(organization=org, name="PLC-A", kind="plc")
    f.AssetFactory(organization=org, name="Switch-B", kind="switch")

    response = client_for(officer).get(
        reverse("assets:asset-export"), {"kind": "switch", "as": "xlsx"}
    )

    assert response["Content-Disposition"].endswith('.xlsx"')
    import io

    from openpyxl import load_workbook

    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert names == ["Switch-B"]


def test_delete_asks_then_deletes(org, officer, client_for):
    asset = f.AssetFactory(organization=org, name="Old PLC")
    client = client_for(officer)

    assert "Old PLC" in client.get(reverse("assets:asset-delete", args=[asset.pk])).content.decode()
    client.post(reverse("assets:asset-delete", args=[asset.pk]))

    assert not Asset.objects.filter(pk=asset.pk).exists()
