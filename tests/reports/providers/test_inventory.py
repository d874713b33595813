"""The inventory report's providers: real rows, tagged topology, aggregates for the public."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Asset
from reports.providers import inventory
from reports.sections import Chart, SectionContext, Table
from tests.assets.factories import (
    AssetFactory,
    LinkFactory,
    ServiceFactory,
    SiteFactory,
    ZoneFactory,
)
from tests.reports.providers.conftest import build, flat, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def plant(org):
    """A waterworks with one OT PLC and one IT server, linked, in a named zone."""
    site = SiteFactory(
        organization=org,
        name="Wasserwerk Nord",
        address="Brunnenweg 7",
        postcode="31785",
        latitude=Decimal("52.123456"),
        longitude=Decimal("9.654321"),
    )
    zone = ZoneFactory(organization=org, name="Wasser Prozessebene", subnets=["10.31.0.0/16"])
    service = ServiceFactory(organization=org, name="Trinkwasser")
    plc = AssetFactory(
        organization=org,
        name="SPS Filter",
        kind=Asset.Kind.PLC,
        asset_class=Asset.AssetClass.OT,
        version="V3.1.2",
        site=site,
        zone=zone,
        ip_addresses=["10.31.0.10"],
        mac_addresses=["00:1b:1b:aa:bb:cc"],
        criticality=3,
        criticality_service=service,
    )
    server = AssetFactory(
        organization=org,
        name="Historian",
        kind=Asset.Kind.HISTORIAN,
        asset_class=Asset.AssetClass.IT,
        version="2019",
        zone=zone,
        ip_addresses=["10.31.0.20", "10.31.0.21"],
        hostnames=["hist-01.werk.local"],
    )
    LinkFactory(organization=org, source=server, target=plc, protocol="s7comm", port=102,
                purpose="Prozessdaten Filter")  # fmt: skip
    return {"site": site, "zone": zone, "plc": plc, "server": server}


def _row(section, name):
    return next(r for r in table(section).rows if name in flat(r.values["asset"]))


def test_the_internal_asset_table_shows_the_real_topology(org, plant):
    assets = build(org, "inventory")["assets"]
    row = _row(assets, "SPS Filter")
    assert flat(row.values["addresses"]) == ["10.31.0.10", "00:1b:1b:aa:bb:cc"]
    assert flat(row.values["location"]) == ["Wasser Prozessebene", "Wasserwerk Nord"]
    assert "V3.1.2" in flat(row.values["product"])
    assert flat(row.values["criticality"]) == ["high", "via Trinkwasser"]


def test_an_auditor_sees_pseudonyms_for_every_address_zone_and_ot_firmware(org, plant):
    assets = build(org, "inventory", "auditor")["assets"]
    plc = _row(assets, "SPS Filter").values
    server = _row(assets, "Historian").values
    assert [v.split("-")[0] for v in flat(plc["addresses"])] == ["IP", "MAC"]
    assert [v.split("-")[0] for v in flat(server["addresses"])] == ["IP", "IP", "HOST"]
    assert flat(plc["location"])[0].startswith("ZONE-")
    assert "V3.1.2" not in flat(plc["product"]) and any(
        v.startswith("FW-") for v in flat(plc["product"])
    )


def test_the_same_value_gets_the_same_pseudonym_in_every_table(org, plant):
    sections = build(org, "inventory", "auditor")
    zone_cell = table(sections["zones"]).rows[0].values["name"]
    asset_zone = flat(_row(sections["assets"], "SPS Filter").values["location"])[0]
    assert zone_cell == asset_zone


def test_site_address_and_coordinates_are_pseudonymised_for_an_auditor(org, plant):
    row = table(build(org, "inventory", "auditor")["sites"]).rows[0].values
    address, coordinates = flat(row["address"]), flat(row["coordinates"])
    assert address[0].startswith("SITE-") and address[1].startswith("SITE-")
    assert all(v.startswith("GEO-") for v in coordinates)
    internal = table(build(org, "inventory")["sites"]).rows[0].values
    assert flat(internal["address"])[:2] == ["Brunnenweg 7", "31785"]


def test_link_protocol_port_and_purpose_are_pseudonymised_for_an_auditor(org, plant):
    row = table(build(org, "inventory", "auditor")["links"]).rows[0].values
    assert all(v.startswith("LINK-") for v in flat(row["connection"]) + flat(row["purpose"]))
    internal = table(build(org, "inventory")["links"]).rows[0].values
    assert flat(internal["connection"]) == ["S7comm", "102"]


def test_zone_subnets_are_pseudonymised_one_by_one(org, plant):
    row = table(build(org, "inventory", "authority")["zones"]).rows[0].values
    assert [v[:4] for v in row["subnets"]] == ["NET-"]


def test_the_public_gets_only_the_summary_counts(org, plant):
    sections = build(org, "inventory", "public")
    assert not any(isinstance(b, Table) for s in sections.values() for b in s.blocks)
    summary = sections["inventory"]
    by_class = next(b for b in summary.blocks if isinstance(b, Chart) and "class" in b.title)
    assert sorted(by_class.bars) == [("IT", 1), ("OT", 1)]


def test_the_asset_table_issues_the_same_number_of_queries_for_1_and_n_assets(org):
    zone = ZoneFactory(organization=org)
    ctx = SectionContext(org, "inventory", "internal", "en", None)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            inventory.assets_section(ctx)
        return len(queries)

    AssetFactory(organization=org, zone=zone)
    one = count()
    AssetFactory.create_batch(5, organization=org, zone=zone, site=SiteFactory(organization=org))
    assert count() == one
