"""manage.py import_advisories: the contract's JSON, exit codes and attribution."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.advisories.models import Advisory
from bollwerk.models import AuditEvent
from tests.assets.advisories.builders import osv, write

pytestmark = pytest.mark.django_db


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("import_advisories", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_is_exactly_one_object_with_the_contract_keys(tmp_path, capsys):
    write(tmp_path, "a.json", osv())
    call_command("import_advisories", str(tmp_path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("imported", "updated", "skipped", "errors")} == {
        "imported": 1, "updated": 0, "skipped": 0, "errors": [],
    }  # fmt: skip


def test_reimport_counts_an_update_and_a_skip(tmp_path, capsys):
    write(tmp_path, "a/1.json", osv())
    write(tmp_path, "a/2.json", osv("GO-2099-0002"))
    call_command("import_advisories", str(tmp_path / "a"), "--json")
    write(tmp_path, "b/1.json", osv(modified="2025-01-01T00:00:00Z"))
    write(tmp_path, "b/2.json", osv("GO-2099-0002"))
    capsys.readouterr()
    call_command("import_advisories", str(tmp_path / "b"), "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["imported"], data["updated"], data["skipped"]) == (0, 1, 1)


def test_a_bad_file_exits_non_zero_names_it_and_the_good_file_is_stored(tmp_path, capsys):
    write(tmp_path, "good.json", osv())
    bad = write(tmp_path, "bad.json", "not json")
    with pytest.raises(CommandError) as caught:
        call_command("import_advisories", str(tmp_path), "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["imported"] == 1 and data["errors"][0]["file"] == str(bad)
    assert caught.value.returncode == 1
    assert Advisory.objects.filter(source_id="GO-2099-0001").exists()


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.json"))
    assert not Advisory.objects.exists()


def test_the_import_is_attributed_to_the_command(tmp_path):
    run(str(write(tmp_path, "a.json", osv())))
    assert (
        AuditEvent.objects.get(object_type="assets.advisory").actor_label
        == "command:import_advisories"
    )


def test_the_human_output_summarises(tmp_path):
    out, _ = run(str(write(tmp_path, "a.json", osv())))
    assert "1 imported, 0 updated, 0 skipped, 0 refused" in out
