"""The real corpora through the store: OSV, CSAF (CISA ICS, OASIS, Red Hat) and CISA KEV.

Everything goes through ``advisories_import`` (and the command); matching runs on engine
advisories rebuilt from the database by ``advisory_candidates``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.advisories.models import Advisory, AffectedEntry
from assets.advisories.rows import advisory_to_engine
from assets.advisories.selectors import advisory_candidates
from assets.advisories.services import advisories_import
from assets.vuln import (
    AdvisoryIndex,
    Component,
    OtAsset,
    Status,
    import_path,
    match_asset,
    match_component,
    parse_kev,
    parse_purl,
)

pytestmark = pytest.mark.django_db

FOLDERS = ("osv", "csaf/cisa-ics", "csaf/oasis/examples", "csaf/redhat")
SCHEMA_FILES = {
    "osv/ossf-osv-schema/osv-schema-validation-schema.json",
    "kev/known_exploited_vulnerabilities_schema.json",
}


def corpus(external_data: Path) -> dict:
    """Engine advisories parsed straight from the files (the reference)."""
    out = {}
    for folder in FOLDERS:
        for outcome in import_path(external_data / folder):
            if outcome.advisory is not None:
                out[outcome.advisory.id] = outcome.advisory
    return out


@pytest.fixture
def imported(external_data: Path):
    return advisories_import(paths=[external_data / f for f in (*FOLDERS, "kev")])


def test_the_whole_corpus_imports_and_only_the_schema_files_are_refused(external_data, imported):
    assert (imported.imported, imported.updated, imported.skipped) == (67 + 12 + 19 + 2, 0, 0)
    refused = {str(Path(e["file"]).relative_to(external_data)) for e in imported.errors}
    assert refused == SCHEMA_FILES
    assert Advisory.objects.count() == 100 and AffectedEntry.objects.count() > 1000


def test_every_stored_advisory_rebuilds_exactly_what_the_engine_parsed(external_data, imported):
    reference = corpus(external_data)
    for row in Advisory.objects.prefetch_related("affected"):
        assert advisory_to_engine(row) == reference[row.source_id], row.source_id


def test_the_withdrawn_go_records_are_stored_as_withdrawn(imported):
    assert sorted(
        Advisory.objects.filter(withdrawn__isnull=False).values_list("source_id", flat=True)
    ) == ["GO-2025-3543", "GO-2026-4923"]


def test_kev_flags_exactly_the_advisories_whose_cve_is_in_the_catalogue(external_data, imported):
    catalogue = parse_kev(
        json.loads((external_data / "kev/known_exploited_vulnerabilities.json").read_text())
    )
    expected = {
        a.id
        for a in corpus(external_data).values()
        if any(i.upper() in catalogue for i in (a.id, *a.aliases))
    }
    assert expected  # the corpus does contain exploited CVEs
    assert set(Advisory.objects.filter(kev=True).values_list("source_id", flat=True)) == expected
    assert imported.kev == {"version": "2025.08.25", "entries": 1404, "flagged": len(expected)}


def test_a_second_import_of_the_corpus_skips_everything(external_data, imported):
    again = advisories_import(paths=[external_data / f for f in FOLDERS])
    assert (again.imported, again.updated, again.skipped) == (0, 0, 100)


def test_the_command_imports_the_corpus_and_reports_the_schema_files(external_data, capsys):
    with pytest.raises(CommandError):
        call_command("import_advisories", *(str(external_data / f) for f in FOLDERS), "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["imported"], len(data["errors"])) == (100, 1)
    assert data["errors"][0]["file"].endswith("osv-schema-validation-schema.json")


def test_the_command_imports_the_cisa_folder_with_exit_zero(external_data, capsys):
    call_command(
        "import_advisories", str(external_data / "csaf/cisa-ics"), "--format", "csaf", "--json"
    )
    assert json.loads(capsys.readouterr().out)["imported"] == 12


def test_a_csaf_test_document_breaking_rule_6_1_2_is_named_and_stores_nothing(external_data):
    path = (
        external_data
        / "csaf/oasis/validator-testdata/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-02-01.json"
    )
    report = advisories_import(paths=[path])
    [error] = report.errors
    assert error["file"] == str(path) and "CSAF 6.1.2" in error["error"]
    assert not Advisory.objects.exists()


def proton_bridge_purls(external_data: Path) -> list[str]:
    bom = json.loads(
        (
            external_data / "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
        ).read_text()
    )
    return [c["purl"] for c in bom["components"] if c.get("purl")]


def test_proton_bridge_gin_matches_go_2020_0001_through_stored_candidates(external_data, imported):
    gin = "pkg:golang/github.com/gin-gonic/gin@v1.4.0"
    assert gin in proton_bridge_purls(external_data)
    candidates = advisory_candidates(package_keys=[parse_purl(gin).key])
    found = {m.advisory_id: m for m in match_component(Component(purl=gin), candidates)}[
        "GO-2020-0001"
    ]
    assert found.status is Status.AFFECTED
    assert "fixed 1.6.0" in found.why


def test_the_whole_proton_bridge_sbom_matches_the_same_through_the_store_as_in_memory(
    external_data, imported
):
    purls = proton_bridge_purls(external_data)
    candidates = advisory_candidates(package_keys={parse_purl(p).key for p in purls})
    index = AdvisoryIndex()
    for advisory in corpus(external_data).values():
        index.add(advisory)
    from_store = {
        (p, m.advisory_id) for p in purls for m in match_component(Component(purl=p), candidates)
    }
    in_memory = {
        (p, m.advisory_id) for p in purls for m in index.match_component(Component(purl=p))
    }
    assert from_store == in_memory and len({(p.split("@")[0], a) for p, a in from_store}) == 29
    assert len(candidates) < Advisory.objects.count()


def test_a_cisa_siemens_advisory_matches_an_ot_asset_through_stored_candidates(imported):
    asset = OtAsset("Siemens AG", "TeleControl Server Basic", firmware="V3.1")
    candidates = advisory_candidates(ot_vendors=[asset.vendor])
    assert candidates and all(
        any(e.ot and e.ot.vendor_key == "siemens" for e in a.affected) for a in candidates
    )
    [found] = match_asset(asset, candidates)
    assert (found.advisory_id, found.status, found.vulnerabilities) == (
        "ICSA-19-099-03", Status.AFFECTED, ("CVE-2019-6575",),
    )  # fmt: skip
    at_fix = OtAsset("Siemens AG", "TeleControl Server Basic", firmware="V3.1.1")
    assert match_asset(at_fix, candidates) == []


def test_red_hat_matches_by_purl_and_platform_cpe_through_stored_candidates(imported):
    purl = "pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6.1?arch=x86_64"
    found = match_component(
        Component(purl=purl), advisory_candidates(package_keys=[parse_purl(purl).key])
    )
    assert {m.advisory_id for m in found} == {"RHSA-2024:4546"}
    cpe = "cpe:2.3:o:redhat:enterprise_linux:3:*:as:*:*:*:*:*"
    by_cpe = match_component(Component(cpe=cpe), advisory_candidates(cpes=[cpe]))
    assert {m.advisory_id for m in by_cpe} == {"RHSA-2003:315"}
