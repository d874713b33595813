"""Export: the import's column format, filtered, safe against formula injection."""

import csv
import io

import pytest
from openpyxl import load_workbook

from assets import selectors
from assets.services.exporting import asset_export
from assets.services.importing import asset_import
from assets.services.tabular import neutralise
from bollwerk.models import Organization
from tests.assets.factories import AssetFactory, DependencyFactory, ZoneFactory


@pytest.mark.parametrize("value", ["=1+1", "+49 30", "-2", "@SUM(A1)", "\tcmd"])
def test_cells_that_start_like_formulas_are_prefixed(value):
    assert neutralise(value) == "'" + value


def test_harmless_cells_are_unchanged():
    assert neutralise("Pumpe 3") == "Pumpe 3"


@pytest.mark.django_db
def test_a_csv_export_neutralises_formulas_and_carries_criticality(org):
    asset = AssetFactory(
        organization=org, name='=HYPERLINK("http://evil")', ip_addresses=["10.0.0.1"]
    )
    DependencyFactory(
        organization=org, asset=asset, service__name="Water", service__population_served=200_000
    )
    from assets.services.criticality import criticality_recompute

    criticality_recompute(org=org)

    exported = asset_export(assets=selectors.asset_export_rows(org=org), file_format="csv")

    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0]["name"].startswith("'=HYPERLINK")
    assert rows[0]["services"] == "Water"
    assert (rows[0]["criticality"], rows[0]["criticality_service"]) == ("high", "Water")


@pytest.mark.django_db
def test_an_xlsx_export_stores_formulas_as_text(org):
    AssetFactory(organization=org, name="=1+1")

    exported = asset_export(assets=selectors.asset_export_rows(org=org), file_format="xlsx")

    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"


@pytest.mark.django_db
def test_an_export_imports_again_into_another_organization(org):
    ZoneFactory(organization=org, name="Field", subnets=["10.0.0.0/8"])
    AssetFactory(organization=org, name="PLC", zone=None, ip_addresses=["10.0.0.1"],
                 mac_addresses=["00:1b:1b:00:00:01"], hostnames=["plc.local"])  # fmt: skip
    exported = asset_export(assets=selectors.asset_export_rows(org=org), file_format="csv")
    target = Organization.objects.create(name="Copy", slug="copy")

    result = asset_import(org=target, file_name="export.csv", data=exported.content)

    assert result.ok, result.errors
    copy = selectors.asset_list(org=target).get()
    assert (copy.ip_addresses, copy.mac_addresses, copy.hostnames) == (
        ["10.0.0.1"], ["00:1b:1b:00:00:01"], ["plc.local"])  # fmt: skip
