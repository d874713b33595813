"""manage.py import_sbom: the cli-contract output, exit codes and "nothing stored"."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from assets.models import Asset, Sbom
from tests.assets.factories import AssetFactory
from tests.assets.sbom.builders import cdx, component, dumps
from tests.assets.sbom_db.helpers import BILLION_LAUGHS, small_bom, small_bom_xml, stored_counts

pytestmark = pytest.mark.django_db


def _run(*args):
    import io

    out = io.StringIO()
    call_command("import_sbom", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_exactly_the_contract(org, tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(small_bom())
    call_command("import_sbom", str(path), "--org", org.slug, "--supplier", "Siemens AG", "--json")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    result = json.loads(out)
    sbom = Sbom.objects.get()
    assert result["sbom_id"] == sbom.pk
    assert {k: result[k] for k in ("format", "spec_version", "components", "vulnerabilities",
                                   "validation_errors")} == {
        "format": "json", "spec_version": "1.6", "components": 3, "vulnerabilities": 0,
        "validation_errors": 0,
    }  # fmt: skip


def test_product_version_and_assets_are_taken_from_the_options(org, tmp_path, capsys):
    path = tmp_path / "bom.xml"
    path.write_bytes(small_bom_xml())
    one, two = AssetFactory(organization=org), AssetFactory(organization=org)
    call_command("import_sbom", str(path), "--org", org.slug, "--supplier", "ACME", "--product",
                 "Zlib Appliance", "--version", "2.0", "--asset", str(one.pk), "--asset",
                 str(two.pk), "--json")  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert result["format"] == "xml"
    sbom = Sbom.objects.get(pk=result["sbom_id"])
    assert str(sbom.product) == "Zlib Appliance 2.0"
    assert Asset.objects.filter(product=sbom.product).count() == 2


def test_lenient_stores_with_errors_and_exits_zero(org, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_bytes(dumps(cdx("1.6", components=[component("a", version=5)])))
    call_command("import_sbom", str(path), "--org", org.slug, "--supplier", "ACME", "--product",
                 "P", "--lenient", "--json")  # fmt: skip
    assert json.loads(capsys.readouterr().out)["validation_errors"] == 1


def test_bad_input_exits_non_zero_with_one_line_naming_file_and_place(org, tmp_path, media_root):
    path = tmp_path / "bad.json"
    path.write_bytes(dumps(cdx("1.6", components=[component("a", version=5)])))
    before = stored_counts(media_root)
    with pytest.raises(CommandError) as caught:
        _run(str(path), "--org", org.slug, "--supplier", "New Supplier", "--product", "P")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("bad.json at /components/0/version")
    assert "nothing stored" in message
    assert stored_counts(media_root) == before


def test_a_billion_laughs_file_is_refused(org, tmp_path, media_root):
    path = tmp_path / "bomb.xml"
    path.write_bytes(BILLION_LAUGHS)
    before = stored_counts(media_root)
    with pytest.raises(CommandError, match=r"bomb\.xml"):
        _run(str(path), "--org", org.slug, "--supplier", "X", "--product", "P")
    assert stored_counts(media_root) == before


def test_an_unknown_org_or_missing_file_is_a_clear_error(org, tmp_path):
    with pytest.raises(CommandError, match="nope"):
        _run(str(tmp_path / "x.json"), "--org", "nope", "--supplier", "X")
    with pytest.raises(CommandError, match="no such file"):
        _run(str(tmp_path / "x.json"), "--org", org.slug, "--supplier", "X")


def test_from_the_command_line_it_exits_1_with_one_line_on_stderr(
    org, tmp_path, capsys, monkeypatch
):
    from django.core.management import base

    from assets.management.commands.import_sbom import Command

    # run_from_argv closes every connection when it ends; the test still needs its own.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    path = tmp_path / "broken.json"
    path.write_bytes(b'{"bomFormat": "CycloneDX", "specVersion": "1.6", ')
    argv = ["manage.py", "import_sbom", str(path), "--org", org.slug, "--supplier", "X", "--json"]
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(argv)
    captured = capsys.readouterr()
    assert exited.value.code == 1
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "broken.json" in lines[0]
    assert Sbom.objects.count() == 0
