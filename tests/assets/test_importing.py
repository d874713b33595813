"""Asset import: all rows or none, every bad row named with its line and reason."""

import io

import pytest
from openpyxl import Workbook

from assets.models import Asset, ServiceDependency
from assets.services.importing import asset_import
from bollwerk.models import AuditEvent
from tests.assets.factories import AssetFactory, ServiceFactory, SiteFactory, ZoneFactory

HEADER = "name,asset_tag,kind,asset_class,site,zone,ip_addresses,services\n"


@pytest.fixture
def frame(org):
    SiteFactory(organization=org, name="Wasserwerk")
    ZoneFactory(organization=org, name="Field", subnets=["10.20.0.0/16"])
    ServiceFactory(organization=org, name="Drinking water", population_served=200_000)
    return org


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_a_clean_file_is_stored_with_services_and_criticality(frame):
    data = _csv(
        "PLC 1,P-1,PLC,OT,Wasserwerk,Field,10.20.0.1,Drinking water",
        "Switch 1,S-1,switch,ot,wasserwerk,field,10.20.0.2 10.20.0.3,",
    )

    result = asset_import(org=frame, file_name="a.csv", data=data)

    assert result.ok and result.created == 2
    plc = Asset.objects.for_org(frame).get(asset_tag="P-1")
    assert plc.criticality == 3 and plc.site.name == "Wasserwerk"
    assert Asset.objects.get(asset_tag="S-1").ip_addresses == ["10.20.0.2", "10.20.0.3"]


def test_a_file_with_bad_rows_is_refused_as_a_whole_with_every_bad_row_listed(frame):
    AssetFactory(organization=frame, asset_tag="OLD-1")
    data = _csv(
        "Good,G-1,plc,ot,,Field,10.20.0.1,",
        "Unknown zone,G-2,plc,ot,,Nowhere,,",
        "Bad IP,G-3,plc,ot,,Field,10.20.0.999,",
        "Duplicate,G-1,plc,ot,,,,",
        "Existing,OLD-1,plc,ot,,,,",
        "Outside,G-4,plc,ot,,Field,192.168.1.1,",
    )
    before = Asset.objects.count()

    result = asset_import(org=frame, file_name="bad.csv", data=data)

    assert not result.ok
    assert result.error_lines == [3, 4, 5, 6, 7]
    messages = {(e.line, e.column): e.message for e in result.errors}
    assert "unknown zone 'Nowhere'" in messages[(3, "zone")]
    assert "10.20.0.999 is not a valid IP address" in messages[(4, "ip_addresses")]
    assert "also on line 2" in messages[(5, "asset_tag")]
    assert "exists already" in messages[(6, "asset_tag")]
    assert "192.168.1.1 not in the subnets of zone Field" in messages[(7, "ip_addresses")]
    assert Asset.objects.count() == before


def test_a_dry_run_checks_but_stores_nothing(frame):
    result = asset_import(
        org=frame, file_name="a.csv", data=_csv("PLC,P-1,plc,ot,,,,"), dry_run=True
    )

    assert result.ok and result.rows == 1 and result.created == 0
    assert not Asset.objects.for_org(frame).exists()


def test_an_import_records_one_summary_audit_event(frame):
    asset_import(org=frame, file_name="a.csv", data=_csv("A,1,plc,ot,,,,", "B,2,plc,ot,,,,"))

    events = AuditEvent.objects.filter(organization=frame, action="import")
    assert [e.object_repr for e in events] == ["Asset import (a.csv): 2"]


def test_semicolon_separated_windows_1252_files_with_labels_are_read(frame):
    data = "Name;Asset-Tag;Kind;Class;Lifecycle;Availability\nSPS Brücke;B-1;PLC;OT;in operation;Very High\n"

    result = asset_import(org=frame, file_name="de.csv", data=data.encode("cp1252"))

    assert result.ok, result.errors
    asset = Asset.objects.get(asset_tag="B-1")
    assert asset.name == "SPS Brücke"
    assert (asset.kind, asset.lifecycle, asset.availability) == ("plc", "in_operation", "very_high")


def test_an_xlsx_file_is_imported(frame):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "asset_tag", "kind", "asset_class", "end_of_support", "services"])
    sheet.append(["HMI", "H-1", "hmi", "ot", "2027-06-30", "Drinking water"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = asset_import(org=frame, file_name="x.xlsx", data=buffer.getvalue())

    assert result.ok, result.errors
    assert ServiceDependency.objects.filter(asset__asset_tag="H-1").count() == 1
    assert str(Asset.objects.get(asset_tag="H-1").end_of_support) == "2027-06-30"


def test_an_unknown_column_and_a_missing_required_column_are_named(frame):
    result = asset_import(org=frame, file_name="h.csv", data=b"name,zoen\nx,y\n")

    problems = {(e.line, e.column, e.message) for e in result.errors}
    assert (1, "zoen", "unknown column (column 2)") in problems
    assert (1, "kind", "required column is missing") in problems


def test_an_unknown_choice_lists_the_allowed_values(frame):
    result = asset_import(org=frame, file_name="c.csv", data=_csv("X,1,toaster,ot,,,,"))

    assert result.errors[0].column == "kind"
    assert (
        "unknown value 'toaster'" in result.errors[0].message and "plc" in result.errors[0].message
    )


def test_a_blank_name_is_refused(frame):
    result = asset_import(org=frame, file_name="c.csv", data=_csv(",1,plc,ot,,,,"))

    assert [(e.line, e.column) for e in result.errors] == [(2, "name")]


def test_a_file_over_the_upload_limit_is_refused(frame, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 10

    result = asset_import(org=frame, file_name="big.csv", data=_csv("A,1,plc,ot,,,,"))

    assert not result.ok and "larger than" in result.errors[0].message


def test_an_empty_file_is_refused(frame):
    assert (
        asset_import(org=frame, file_name="e.csv", data=b"").errors[0].message
        == "The file is empty."
    )


def test_names_of_another_organization_are_unknown(frame, other_org):
    ZoneFactory(organization=other_org, name="Foreign zone")

    result = asset_import(org=frame, file_name="c.csv", data=_csv("X,1,plc,ot,,Foreign zone,,"))

    assert "unknown zone" in result.errors[0].message
