"""advisories_import: create, update in place, skip; per-document atomicity; audit; folders."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.advisories.models import Advisory, AdvisoryAlias, AffectedEntry, ImportedFile
from assets.advisories.services import advisories_import, advisories_import_folder
from bollwerk.models import AuditEvent
from tests.assets.advisories.builders import csaf_ot, osv, write

pytestmark = pytest.mark.django_db


def test_it_stores_an_osv_record_with_its_entries_aliases_and_severity(tmp_path):
    vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
    path = write(tmp_path, "rec.json", osv(severity=vector))
    report = advisories_import(paths=[path])
    assert (report.imported, report.updated, report.skipped, report.errors) == (1, 0, 0, [])
    row = Advisory.objects.get(source_id="GO-2099-0001")
    assert (row.source, row.title, row.aliases) == (
        "osv",
        "Log injection in example/lib",
        ["CVE-2099-0001"],
    )
    assert (row.severity_label, row.severity_score, row.severity_vector) == ("HIGH", 7.5, vector)
    assert row.modified == datetime(2024, 1, 1, tzinfo=UTC)
    assert json.loads(row.raw)["id"] == "GO-2099-0001" and row.file == str(path)
    [entry] = row.affected.all()
    assert (entry.package_type, entry.package_namespace, entry.package_name) == (
        "golang", "github.com/example", "lib",
    )  # fmt: skip
    assert entry.status == "affected" and "fixed 1.6.0" in entry.why
    assert set(AdvisoryAlias.objects.values_list("alias", flat=True)) == {
        "GO-2099-0001",
        "CVE-2099-0001",
    }


def test_a_newer_version_updates_the_advisory_in_place(tmp_path):
    advisories_import(paths=[write(tmp_path, "a.json", osv())])
    pk = Advisory.objects.get().pk
    newer = osv(
        modified="2024-05-01T00:00:00Z",
        summary="Renamed",
        fixed="1.7.0",
        aliases=("CVE-2099-0002",),
    )
    report = advisories_import(paths=[write(tmp_path, "b.json", newer)])
    assert (report.imported, report.updated, report.skipped) == (0, 1, 0)
    row = Advisory.objects.get()
    assert (row.pk, row.title, row.aliases) == (pk, "Renamed", ["CVE-2099-0002"])
    assert "fixed 1.7.0" in AffectedEntry.objects.get().why
    assert not AdvisoryAlias.objects.filter(alias="CVE-2099-0001").exists()


@pytest.mark.parametrize("modified", ["2024-01-01T00:00:00Z", "2023-01-01T00:00:00Z"])
def test_an_equal_or_older_version_is_skipped(tmp_path, modified):
    advisories_import(paths=[write(tmp_path, "a.json", osv())])
    report = advisories_import(
        paths=[write(tmp_path, "b.json", osv(modified=modified, summary="Other"))]
    )
    assert (report.imported, report.updated, report.skipped) == (0, 0, 1)
    assert Advisory.objects.get().title == "Log injection in example/lib"


def test_two_versions_in_one_call_are_decided_in_file_order(tmp_path):
    write(tmp_path, "1.json", osv(modified="2024-01-01T00:00:00Z"))
    write(tmp_path, "2.json", osv(modified="2024-02-01T00:00:00Z", summary="second"))
    write(tmp_path, "3.json", osv(modified="2023-02-01T00:00:00Z", summary="older"))
    report = advisories_import(paths=[tmp_path])
    assert (report.imported, report.updated, report.skipped) == (1, 1, 1)
    assert Advisory.objects.get().title == "second"


def test_a_bad_file_is_reported_by_name_and_the_good_ones_are_stored(tmp_path):
    write(tmp_path, "good.json", osv())
    bad = write(tmp_path, "broken.json", '{"id": "GO-2099-0002", "modified": ')
    report = advisories_import(paths=[tmp_path])
    assert report.imported == 1
    [error] = report.errors
    assert (
        error["file"] == str(bad)
        and "not valid JSON" in error["error"]
        and str(bad) in error["error"]
    )
    assert list(Advisory.objects.values_list("source_id", flat=True)) == ["GO-2099-0001"]


def test_a_csaf_document_breaking_rule_6_1_2_is_refused_with_the_rule_and_stores_nothing(tmp_path):
    bad = write(tmp_path, "dup.json", csaf_ot(duplicate_product_id=True))
    report = advisories_import(paths=[bad])
    [error] = report.errors
    assert error["file"] == str(bad)
    assert "CSAF 6.1.2" in error["error"] and "/product_tree/" in error["error"]
    assert not Advisory.objects.exists() and not AffectedEntry.objects.exists()


def test_a_range_event_error_deep_in_an_osv_record_stores_nothing_of_it(tmp_path):
    record = osv()
    record["affected"].append(
        {
            "package": {"name": "x", "ecosystem": "Go"},
            "ranges": [{"type": "SEMVER", "events": [{"fixed": "1"}]}],
        }
    )
    report = advisories_import(paths=[write(tmp_path, "r.json", record)])
    assert "/affected/1/ranges/0/events" in report.errors[0]["error"]
    assert not Advisory.objects.exists() and not AffectedEntry.objects.exists()


def test_withdrawn_osv_records_are_marked_withdrawn(tmp_path):
    advisories_import(paths=[write(tmp_path, "w.json", osv(withdrawn="2024-02-02T00:00:00Z"))])
    assert Advisory.objects.get().withdrawn == datetime(2024, 2, 2, tzinfo=UTC)


def test_the_format_option_forces_the_parser(tmp_path):
    report = advisories_import(paths=[write(tmp_path, "a.json", osv())], format="csaf")
    assert report.imported == 0 and "CSAF" in report.errors[0]["error"]
    with pytest.raises(ValidationError):
        advisories_import(paths=[tmp_path], format="nvd")


def test_zip_archives_are_read_member_by_member(tmp_path):
    archive = tmp_path / "Go.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("GO-2099-0001.json", json.dumps(osv()))
        z.writestr("GO-2099-0002.json", json.dumps(osv("GO-2099-0002")))
        z.writestr("bad.json", "[")
    report = advisories_import(paths=[archive])
    assert report.imported == 2 and report.errors[0]["file"] == f"{archive}!bad.json"


def test_uploads_are_reported_under_their_own_names(tmp_path):
    good = SimpleUploadedFile("GO-2099-0001.json", json.dumps(osv()).encode())
    bad = SimpleUploadedFile("oops.json", b"{")
    report = advisories_import(files=[good, bad])
    assert report.imported == 1 and report.errors[0]["file"] == "oops.json"
    assert report.errors[0]["error"].startswith("oops.json")
    assert Advisory.objects.get().file == "GO-2099-0001.json"


def test_one_summary_event_per_import_goes_to_the_instance_chain(tmp_path):
    write(tmp_path, "a.json", osv())
    write(tmp_path, "b.json", osv("GO-2099-0002"))
    advisories_import(paths=[tmp_path])
    [event] = AuditEvent.objects.filter(object_type="assets.advisory")
    assert (event.chain_key, event.organization_id, event.action) == ("instance", None, "import")
    assert event.changes["imported"] == 2


def test_an_import_that_stores_nothing_records_no_event(tmp_path):
    advisories_import(paths=[write(tmp_path, "bad.json", "{")])
    assert not AuditEvent.objects.filter(object_type="assets.advisory").exists()


def test_the_folder_import_imports_each_file_once_and_again_when_it_changes(tmp_path):
    write(tmp_path, "a.json", osv())
    first = advisories_import_folder(folder=tmp_path)
    second = advisories_import_folder(folder=tmp_path)
    assert (first.imported, second.imported, second.skipped) == (1, 0, 0)
    write(tmp_path, "a.json", osv(modified="2025-01-01T00:00:00Z"))
    third = advisories_import_folder(folder=tmp_path)
    assert third.updated == 1
    assert ImportedFile.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="assets.advisory").count() == 2


def test_the_folder_import_refuses_a_missing_folder(tmp_path):
    with pytest.raises(ValidationError):
        advisories_import_folder(folder=tmp_path / "nope")


def test_a_document_not_newer_than_the_stored_one_is_skipped_without_being_parsed(tmp_path):
    advisories_import(paths=[write(tmp_path, "a.json", osv())])
    same_but_broken = osv()
    same_but_broken["affected"][0]["ranges"][0]["events"] = [{"fixed": "1"}]
    report = advisories_import(paths=[write(tmp_path, "b.json", same_but_broken)])
    assert (report.skipped, report.errors) == (1, [])
    newer_and_broken = {**same_but_broken, "modified": "2025-01-01T00:00:00Z"}
    report = advisories_import(paths=[write(tmp_path, "c.json", newer_and_broken)])
    assert report.updated == 0 and "/affected/0/ranges/0/events" in report.errors[0]["error"]
