"""CISA KEV flags and FIRST EPSS scores on stored advisories, in either import order."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from assets.advisories.models import Advisory, EpssScore, KevEntry
from assets.advisories.services import advisories_import
from tests.assets.advisories.builders import kev, osv, write

pytestmark = pytest.mark.django_db

EPSS = """#model_version:v2023.03.01,score_date:2024-03-01T00:00:00+0000
cve,epss,percentile
CVE-2099-0001,0.25,0.91
CVE-2099-0003,0.5,0.97
CVE-2099-0009,0.01,0.2
"""


@pytest.fixture
def three(tmp_path):
    write(tmp_path, "a/1.json", osv("GO-2099-0001", aliases=("CVE-2099-0001",)))
    write(tmp_path, "a/2.json", osv("GO-2099-0002", aliases=("CVE-2099-0002",)))
    write(tmp_path, "a/3.json", osv("CVE-2099-0003", aliases=()))
    advisories_import(paths=[tmp_path / "a"])
    return tmp_path


def flagged() -> set[str]:
    return set(Advisory.objects.filter(kev=True).values_list("source_id", flat=True))


def test_kev_flags_exactly_the_advisories_whose_cve_is_listed_as_id_or_alias(three):
    path = write(
        three, "kev.json", kev("CVE-2099-0001", "CVE-2099-0003", ransomware=("CVE-2099-0003",))
    )
    report = advisories_import(paths=[path])
    assert report.kev == {"version": "2099.01.01", "entries": 2, "flagged": 2}
    assert flagged() == {"GO-2099-0001", "CVE-2099-0003"}
    row = Advisory.objects.get(source_id="CVE-2099-0003")
    assert (row.kev_date_added, row.kev_due_date, row.kev_ransomware) == (
        date(2024, 3, 1), date(2024, 3, 22), True,
    )  # fmt: skip
    assert Advisory.objects.get(source_id="GO-2099-0001").kev_ransomware is False


def test_a_later_catalogue_replaces_the_earlier_one(three):
    advisories_import(paths=[write(three, "kev1.json", kev("CVE-2099-0001"))])
    advisories_import(paths=[write(three, "kev2.json", kev("CVE-2099-0002"))])
    assert flagged() == {"GO-2099-0002"}
    assert list(KevEntry.objects.values_list("cve", flat=True)) == ["CVE-2099-0002"]


def test_an_advisory_imported_after_the_catalogue_is_flagged_too(tmp_path):
    advisories_import(paths=[write(tmp_path, "kev.json", kev("CVE-2099-0007"))])
    advisories_import(
        paths=[write(tmp_path, "r.json", osv("GO-2099-0007", aliases=("CVE-2099-0007",)))]
    )
    assert flagged() == {"GO-2099-0007"}


def test_a_kev_file_with_a_bad_entry_is_refused_and_changes_nothing(three):
    advisories_import(paths=[write(three, "kev1.json", kev("CVE-2099-0001"))])
    broken = kev("CVE-2099-0002")
    broken["vulnerabilities"][0]["dateAdded"] = "yesterday"
    report = advisories_import(paths=[write(three, "kev2.json", broken)])
    assert "/vulnerabilities/0/dateAdded" in report.errors[0]["error"] and report.kev is None
    assert flagged() == {"GO-2099-0001"}


def test_epss_scores_attach_to_advisories_by_cve(three):
    report = advisories_import(paths=[write(three, "epss.csv", EPSS)])
    assert report.epss == {"scores": 3, "advisories": 2}
    row = Advisory.objects.get(source_id="CVE-2099-0003")
    assert (row.epss, row.epss_percentile) == (0.5, 0.97)
    assert Advisory.objects.get(source_id="GO-2099-0002").epss is None
    assert EpssScore.objects.get(cve="CVE-2099-0001").date == date(2024, 3, 1)


def test_gzipped_epss_files_are_read(three):
    path = three / "epss.csv.gz"
    path.write_bytes(gzip.compress(EPSS.encode()))
    assert advisories_import(paths=[path]).epss["scores"] == 3


def test_a_bad_epss_row_is_refused_with_its_line(three):
    report = advisories_import(paths=[write(three, "e.csv", EPSS.replace("0.5,", "half,"))])
    assert "row 3" in report.errors[0]["error"] and not EpssScore.objects.exists()
