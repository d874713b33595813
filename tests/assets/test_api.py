"""REST API: scoped CRUD for every inventory model, roles, filters, import and export."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import Asset, Link, Supplier
from bollwerk.models import Role
from tests.assets import factories as f

#: basename → (factory, valid create payload builder)
ENDPOINTS = {
    "site": (f.SiteFactory, lambda org: {"name": "Pumpwerk", "kind": "pumping_station"}),
    "zone": (f.ZoneFactory, lambda org: {"name": "Z1", "level": "1", "subnets": ["10.1.0.0/24"]}),
    "conduit": (
        f.ConduitFactory,
        lambda org: {
            "from_zone": f.ZoneFactory(organization=org).pk,
            "to_zone": f.ZoneFactory(organization=org).pk,
        },
    ),
    "service": (
        f.ServiceFactory,
        lambda org: {"name": "Water", "sector": "drinking_water", "population_served": 1000},
    ),
    "link": (
        f.LinkFactory,
        lambda org: {
            "source": f.AssetFactory(organization=org).pk,
            "target": f.AssetFactory(organization=org).pk,
            "protocol": "iec104",
            "port": 2404,
        },
    ),
    "dependency": (
        f.DependencyFactory,
        lambda org: {
            "service": f.ServiceFactory(organization=org).pk,
            "asset": f.AssetFactory(organization=org).pk,
        },
    ),
    "supplier": (f.SupplierFactory, lambda org: {"name": "Siemens AG", "country": "DE"}),
    "product": (
        f.ProductFactory,
        lambda org: {"supplier": f.SupplierFactory(organization=org).pk, "name": "S7-1500"},
    ),
    "asset": (f.AssetFactory, lambda org: {"name": "PLC", "kind": "plc", "asset_class": "ot"}),
}
SUPPLY = {"supplier", "product"}


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_another_organizations_object_is_404_for_every_method(
    basename, officer, other_org, api_client_for
):
    factory, payload = ENDPOINTS[basename]
    foreign = factory(organization=other_org)
    api = api_client_for(officer)
    url = reverse(f"{basename}-detail", args=[foreign.pk])

    answers = [api.get(url).status_code, api.patch(url, {}, format="json").status_code,
               api.put(url, payload(other_org), format="json").status_code,
               api.delete(url).status_code]  # fmt: skip

    assert answers == [404, 404, 404, 404]
    assert factory._meta.model.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_a_list_shows_only_the_own_organization(basename, org, other_org, officer, api_client_for):
    factory, _ = ENDPOINTS[basename]
    own = factory(organization=org)
    factory(organization=other_org)

    body = api_client_for(officer).get(reverse(f"{basename}-list")).json()

    assert [row["id"] for row in body["results"]] == [own.pk]


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_an_officer_can_create_update_and_delete(basename, org, officer, api_client_for):
    factory, payload = ENDPOINTS[basename]
    api = api_client_for(officer)

    created = api.post(reverse(f"{basename}-list"), payload(org), format="json")
    assert created.status_code == 201, created.json()
    url = reverse(f"{basename}-detail", args=[created.json()["id"]])
    assert api.patch(url, {}, format="json").status_code == 200
    assert api.delete(url).status_code == 204
    assert not factory._meta.model.objects.filter(pk=created.json()["id"]).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR])
@pytest.mark.parametrize("basename", ENDPOINTS)
def test_readers_can_read_but_not_write(basename, role, org, member, api_client_for):
    factory, payload = ENDPOINTS[basename]
    obj = factory(organization=org)
    api = api_client_for(member(role))

    assert api.get(reverse(f"{basename}-detail", args=[obj.pk])).status_code == 200
    assert api.post(reverse(f"{basename}-list"), payload(org), format="json").status_code == 403
    assert (
        api.patch(reverse(f"{basename}-detail", args=[obj.pk]), {}, format="json").status_code
        == 403
    )
    assert api.delete(reverse(f"{basename}-detail", args=[obj.pk])).status_code == 403


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_procurement_writes_suppliers_and_products_only(basename, org, member, api_client_for):
    _, payload = ENDPOINTS[basename]
    api = api_client_for(member(Role.PROCUREMENT))

    status = api.post(reverse(f"{basename}-list"), payload(org), format="json").status_code

    assert status == (201 if basename in SUPPLY else 403)


def test_a_related_object_of_another_organization_is_refused(
    org, other_org, officer, api_client_for
):
    foreign_zone = f.ZoneFactory(organization=other_org)

    response = api_client_for(officer).post(
        reverse("asset-list"), {"name": "PLC", "kind": "plc", "asset_class": "ot", "zone": foreign_zone.pk},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400 and "zone" in response.json()
    assert not Asset.objects.exists()


def test_model_validation_errors_name_the_field(org, officer, api_client_for):
    zone = f.ZoneFactory(organization=org, subnets=["10.1.0.0/24"])

    response = api_client_for(officer).post(
        reverse("asset-list"),
        {"name": "PLC", "kind": "plc", "asset_class": "ot", "zone": zone.pk, "ip_addresses": ["10.2.0.1"]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert "not in the subnets" in response.json()["ip_addresses"][0]


def test_an_asset_created_with_services_gets_derived_criticality(org, officer, api_client_for):
    service = f.ServiceFactory(organization=org, population_served=600_000)
    api = api_client_for(officer)

    body = api.post(reverse("asset-list"), {"name": "SCADA", "kind": "scada_server", "asset_class": "ot",
                                            "services": [service.pk]}, format="json").json()  # fmt: skip

    assert (body["criticality"], body["criticality_service"], body["services"]) == (
        4,
        service.pk,
        [service.pk],
    )


def test_the_asset_list_filters_and_sorts(org, officer, api_client_for):
    f.AssetFactory(organization=org, name="B", kind="plc")
    f.AssetFactory(organization=org, name="A", kind="plc")
    f.AssetFactory(organization=org, name="C", kind="switch")

    body = (
        api_client_for(officer)
        .get(reverse("asset-list"), {"kind": "plc", "ordering": "-name"})
        .json()
    )

    assert [row["name"] for row in body["results"]] == ["B", "A"]


def test_the_asset_list_searches_ip_addresses(org, officer, api_client_for):
    f.AssetFactory(organization=org, name="hit", ip_addresses=["10.9.8.7"])
    f.AssetFactory(organization=org, name="miss", ip_addresses=["10.1.1.1"])

    body = api_client_for(officer).get(reverse("asset-list"), {"q": "10.9.8"}).json()

    assert [row["name"] for row in body["results"]] == ["hit"]


def test_the_asset_list_pages_by_50(org, officer, api_client_for):
    f.AssetFactory.create_batch(51, organization=org)

    body = api_client_for(officer).get(reverse("asset-list")).json()

    assert (body["count"], len(body["results"]), body["next"] is not None) == (51, 50, True)


def _asset_rows(org, n):
    service = f.ServiceFactory(organization=org)
    zone = f.ZoneFactory(organization=org)
    for asset in f.AssetFactory.create_batch(n, organization=org, zone=zone):
        f.DependencyFactory(organization=org, service=service, asset=asset)


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_list_endpoints_issue_as_many_queries_for_1_as_for_50_rows(
    basename, org, officer, api_client_for, django_db_setup
):
    factory, _ = ENDPOINTS[basename]
    api = api_client_for(officer)
    url = reverse(f"{basename}-list")
    factory(organization=org)
    api.get(url)  # warm caches (content types, token)
    with CaptureQueriesContext(connection) as one:
        assert api.get(url).status_code == 200
    factory.create_batch(49, organization=org)
    with CaptureQueriesContext(connection) as fifty:
        assert len(api.get(url).json()["results"]) == 50
    assert len(fifty) == len(one)


def test_the_import_endpoint_dry_runs_then_imports(org, officer, api_client_for):
    api = api_client_for(officer)
    csv_file = b"name,asset_tag,kind,asset_class\nPLC,P-1,plc,ot\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    dry = api.post(reverse("asset-import-file") + "?dry_run=1",
                   {"file": SimpleUploadedFile("a.csv", csv_file)}, format="multipart")  # fmt: skip
    assert (dry.status_code, dry.json()["rows"], Asset.objects.count()) == (200, 1, 0)

    real = api.post(reverse("asset-import-file"), {"file": SimpleUploadedFile("a.csv", csv_file)},
                    format="multipart")  # fmt: skip
    assert (real.status_code, real.json()["created"], Asset.objects.count()) == (201, 1, 1)


def test_the_import_endpoint_refuses_bad_rows_with_400(org, officer, api_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = b"name,asset_tag,kind,asset_class,ip_addresses\nPLC,P-1,plc,ot,999.1.1.1\n"
    response = api_client_for(officer).post(
        reverse("asset-import-file"), {"file": SimpleUploadedFile("a.csv", bad)}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 2, "column": "ip_addresses", "message": "999.1.1.1 is not a valid IP address."}
    ]


def test_a_viewer_cannot_import(org, member, api_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api_client_for(member(Role.VIEWER)).post(
        reverse("asset-import-file"),
        {"file": SimpleUploadedFile("a.csv", b"name\n")},
        format="multipart",
    )

    assert response.status_code == 403


def test_the_export_endpoint_applies_filters(org, officer, api_client_for):
    f.AssetFactory(organization=org, name="PLC-A", kind="plc")
    f.AssetFactory(organization=org, name="Switch-B", kind="switch")

    response = api_client_for(officer).get(reverse("asset-export"), {"kind": "plc", "as": "csv"})

    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "PLC-A" in text and "Switch-B" not in text


def test_deleting_a_link_recomputes_criticality(org, officer, api_client_for):
    dependency = f.DependencyFactory(organization=org)
    link = f.LinkFactory(organization=org, source=dependency.asset)
    from assets.services.criticality import criticality_recompute

    criticality_recompute(org=org)
    assert Asset.objects.get(pk=link.target_id).criticality > 0

    api_client_for(officer).delete(reverse("link-detail", args=[link.pk]))

    assert Asset.objects.get(pk=link.target_id).criticality == 0
    assert not Link.objects.exists()


def test_supplier_names_are_unique_per_organization(org, other_org, member, api_client_for):
    f.SupplierFactory(organization=other_org, name="Siemens AG")
    api = api_client_for(member(Role.PROCUREMENT))

    first = api.post(reverse("supplier-list"), {"name": "Siemens AG"}, format="json")
    second = api.post(reverse("supplier-list"), {"name": "Siemens AG"}, format="json")

    assert (first.status_code, second.status_code) == (201, 400)
    assert Supplier.objects.for_org(org).count() == 1
