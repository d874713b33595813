"""The risk and supply-chain reports' providers."""

import pytest

from assets.models import Asset
from compliance.selectors import risk_cells
from reports.sections import Figure, Table
from tests.assets.factories import AssetFactory, ProductFactory, SupplierFactory
from tests.compliance.factories import RiskFactory
from tests.reports.providers.conftest import build, flat, table

pytestmark = pytest.mark.django_db


def test_the_register_lists_risks_by_residual_rating_with_their_controls(demo_org):
    rows = table(build(demo_org, "risk")["risks"]).rows
    ratings = [int(r.values["residual"].rsplit("= ", 1)[1]) for r in rows]
    assert ratings == sorted(ratings, reverse=True) and len(rows) == 6
    assert any(r.values["controls"] != "—" for r in rows)
    affected = {flat(r.values["risk"])[0]: flat(r.values["affected"]) for r in rows}
    assert affected["Ransomware in der Leitstelle"] == [
        "Stromverteilnetz Musterstadt",
        "Trinkwasserversorgung Musterstadt",
        "Historian Leitstelle",
        "Netzleitsystem Strom",
        "Prozessleitsystem Wasser",
    ]
    assert affected["Verlust von Kundendaten im Portal"] == []


def test_the_heat_maps_count_the_open_risks(org):
    RiskFactory(organization=org, inherent_likelihood=5, inherent_impact=5)
    RiskFactory(organization=org, inherent_likelihood=5, inherent_impact=5, status="closed")
    figures = [b for b in build(org, "risk")["risks"].blocks if isinstance(b, Figure)]
    assert [f.kind for f in figures] == ["heat_map", "heat_map"]
    assert figures[0].data["cells"] == risk_cells(org=org)["inherent"] == {(5, 5): 1}


def test_the_public_risk_report_keeps_the_heat_maps_and_drops_the_register(org):
    RiskFactory(organization=org)
    blocks = build(org, "risk", "public")["risks"].blocks
    assert [b.kind for b in blocks if isinstance(b, Figure)] == ["heat_map", "heat_map"]
    assert not any(isinstance(b, Table) for b in blocks)


def test_supplier_urls_stay_readable_for_an_auditor_but_known_hosts_do_not(org):
    AssetFactory(organization=org, asset_class=Asset.AssetClass.IT, hostnames=["psirt.werk.local"])
    SupplierFactory(
        organization=org,
        security_contact="psirt@vendor.example or psirt.werk.local",
        disclosure_url="https://vendor.example/security",
    )
    row = table(build(org, "supply_chain", "auditor")["suppliers"]).rows[0].values
    assert row["contact"].startswith("psirt@vendor.example or HOST-")
    assert flat(row["urls"])[0] == "https://vendor.example/security"


def test_products_list_the_assets_running_them_and_hide_ot_firmware(org):
    product = ProductFactory(organization=org, name="SICAM A8000", version="V05.30")
    for name in ("RTU Nord", "RTU Süd"):
        AssetFactory(organization=org, name=name, product=product, version="V05.30")
    internal = table(build(org, "supply_chain")["products"]).rows[0].values
    assert internal["count"] == 2 and flat(internal["assets"]) == ["RTU Nord", "RTU Süd"]
    assert internal["version"] == "V05.30"
    auditor = table(build(org, "supply_chain", "auditor")["products"]).rows[0].values
    assert auditor["version"].startswith("FW-")


def test_an_organization_without_sboms_matches_or_offers_gets_no_data_sections(org):
    sections = build(org, "supply_chain")
    for key in ("sbom", "vulnerabilities", "vendor_claims"):
        assert type(sections[key].blocks[0]).__name__ == "NoData", key
