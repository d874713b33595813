"""``import_assets`` and the inventory part of ``seed_demo``; the sensitivity registry."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.models import Asset, Link
from bollwerk import sensitivity
from bollwerk.models import Organization

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "assets-import-example.csv"


def test_import_assets_reports_json_and_stores(org, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text("name,asset_tag,kind,asset_class\nPLC,P-1,plc,ot\n")

    call_command("import_assets", str(path), "--org", org.slug, "--json")

    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Asset.objects.for_org(org).count() == 1


def test_import_assets_dry_run_stores_nothing(org, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("name,asset_tag,kind,asset_class\nPLC,P-1,plc,ot\n")

    call_command("import_assets", str(path), "--org", org.slug, "--dry-run", stdout=StringIO())

    assert not Asset.objects.exists()


def test_import_assets_refuses_bad_rows_naming_file_and_line(org, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,asset_tag,kind,asset_class,ip_addresses\nPLC,P-1,plc,ot,1.2.3\n")

    with pytest.raises(CommandError) as caught:
        call_command("import_assets", str(path), "--org", org.slug, stdout=StringIO())

    assert str(path) in str(
        caught.value
    ) and "line 2, ip_addresses: 1.2.3 is not a valid IP" in str(caught.value)
    assert not Asset.objects.exists()


def test_import_assets_names_an_unknown_organization(tmp_path, db):
    path = tmp_path / "a.csv"
    path.write_text("name\n")

    with pytest.raises(CommandError, match="nowhere"):
        call_command("import_assets", str(path), "--org", "nowhere", stdout=StringIO())


@pytest.mark.django_db
def test_seed_demo_builds_a_deterministic_inventory_with_links_and_criticality(capsys):
    call_command("seed_demo", "--org", "demo-a", "--assets", "120", "--seed", "7", "--json")
    counts = json.loads(capsys.readouterr().out)
    call_command("seed_demo", "--org", "demo-b", "--assets", "120", "--seed", "7", "--json")

    a, b = (Organization.objects.get(slug=s) for s in ("demo-a", "demo-b"))
    shape = lambda org: list(Asset.objects.for_org(org).order_by("asset_tag").values_list(  # noqa: E731
        "name", "kind", "ip_addresses", "criticality"))  # fmt: skip
    assert counts["assets"] == 120 and counts["links"] > 200
    assert shape(a) == shape(b)
    assert Asset.objects.for_org(a).filter(criticality__gte=3).exists()
    assert Link.objects.for_org(a).count() == counts["links"]


@pytest.mark.django_db
def test_the_example_csv_imports_into_the_demo_organization(capsys):
    call_command("seed_demo", "--org", "demo-x", "--assets", "30", "--json")
    capsys.readouterr()

    call_command("import_assets", str(EXAMPLE), "--org", "demo-x", "--json")

    assert json.loads(capsys.readouterr().out)["created"] == 7


def test_topology_sensitive_fields_are_registered():
    assert sensitivity.is_sensitive("assets.asset", "ip_addresses")
    assert sensitivity.is_sensitive("assets.zone", "name")
    assert sensitivity.is_sensitive("assets.site", "latitude")
    assert sensitivity.is_sensitive("assets.link", "port")
    assert sensitivity.fields_for("assets.asset")["version"].condition == "ot_only"
    assert not sensitivity.is_sensitive("assets.asset", "name")
