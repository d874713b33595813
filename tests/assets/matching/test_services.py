"""Matching service: full and incremental runs, staleness, VEX (manual, SBOM), findings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assets.advisories.models import Advisory
from assets.models import VexStatement, VulnerabilityMatch
from assets.services.matching import vulnerabilities_match
from assets.services.matching_findings import finding_severity
from assets.services.sbom import sbom_import
from assets.services.vex import vex_set
from bollwerk.checks.models import Finding
from tests.assets.factories import AssetFactory

from .conftest import cyclonedx, osv

pytestmark = pytest.mark.django_db
CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def test_full_match_finds_affected_versions_only_and_opens_findings(org, import_osv):
    import_osv(osv("GHSA-aaaa-0001", "lodash", "4.17.21", score=CRITICAL))
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20"), ("express", "4.0.0")]),
                file_name="bom.json", supplier="ACME")  # fmt: skip
    report = vulnerabilities_match(org=org)
    [match] = VulnerabilityMatch.objects.all()
    assert (report.components, report.created, report.matches) == (2, 1, 1)
    assert match.component.name == "lodash" and match.status == "affected"
    assert match.why.endswith("fixed 4.17.21")
    finding = Finding.objects.get(fingerprint=match.fingerprint)
    assert (finding.source, finding.severity, finding.status) == (
        "vulnerability",
        "critical",
        "open",
    )
    assert match.priority == 39.2 and match.priority_explanation[0]["factor"] == "cvss"


def test_new_advisory_is_matched_incrementally_and_an_update_makes_a_match_stale(org, import_osv):
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A")
    import_osv(osv("GHSA-aaaa-0002", "lodash", "4.17.21"))
    pk = Advisory.objects.get().pk
    assert vulnerabilities_match(org=org, advisories=[pk]).created == 1
    import_osv(osv("GHSA-aaaa-0002", "lodash", "4.17.0", modified="2024-02-01T00:00:00Z"))
    report = vulnerabilities_match(org=org, advisories=[pk])
    match = VulnerabilityMatch.objects.get()
    assert report.stale == 1 and match.stale and not match.is_open
    assert Finding.objects.get(fingerprint=match.fingerprint).status == "resolved"


def test_incremental_advisory_run_reaches_assets_by_normalised_vendor(org, import_osv):
    asset = AssetFactory(organization=org, vendor="Siemens AG", product_name="X")
    other = AssetFactory(organization=org, vendor="ABB")
    import_osv(osv("GHSA-aaaa-0003", "left-pad", "2.0.0"))
    report = vulnerabilities_match(
        org=org, advisories=list(Advisory.objects.values_list("pk", flat=True))
    )
    assert report.assets == 0 and asset.pk and other.pk  # no OT entries: no asset reached


def test_manual_vex_needs_a_justification_for_not_affected(org, officer, import_osv):
    import_osv(osv("GHSA-aaaa-0004", "lodash", "4.17.21"))
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A")
    vulnerabilities_match(org=org)
    match = VulnerabilityMatch.objects.get()
    with pytest.raises(ValidationError) as exc:
        vex_set(match=match, status="not_affected", user=officer)
    assert "justification" in exc.value.message_dict
    match.refresh_from_db()
    assert match.status == "affected" and not VexStatement.objects.exists()
    vex_set(match=match, status="fixed", user=officer, note="patched")
    vex_set(match=match, status="affected", user=officer, note="patch rolled back")
    assert Finding.objects.get(fingerprint=match.fingerprint).status == "open"
    assert list(match.statements.values_list("status", flat=True)) == ["affected", "fixed"]


def test_the_sboms_own_analysis_closes_the_match_unless_a_person_decided(org, import_osv):
    import_osv(osv("GHSA-aaaa-0005", "lodash", "4.17.21"))
    vex = {"id": "CVE-2024-0005", "analysis": {"state": "not_affected", "justification": "code_not_reachable",
           "detail": "not called"}, "affects": [{"ref": "lodash@4.17.20"}]}  # fmt: skip
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")], [vex]), file_name="b.json",
                supplier="A")  # fmt: skip
    vulnerabilities_match(org=org)
    match = VulnerabilityMatch.objects.get()
    assert (match.status, match.vex_source, match.justification) == (
        "not_affected",
        "sbom-vex",
        "code_not_reachable",
    )
    assert not Finding.objects.filter(fingerprint=match.fingerprint, status="open").exists()


def test_cross_org_matching_never_touches_the_other_organization(org, other_org, import_osv):
    import_osv(osv("GHSA-aaaa-0006", "lodash", "4.17.21"))
    sbom_import(
        org=other_org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A"
    )
    vulnerabilities_match(org=org)
    assert not VulnerabilityMatch.objects.exists()
    vulnerabilities_match(org=other_org)
    assert VulnerabilityMatch.objects.get().organization == other_org


@pytest.mark.parametrize(("label", "kev", "expected"), [
    ("HIGH", False, "high"), ("HIGH", True, "critical"), ("", False, "medium"),
    ("LOW", True, "medium"), ("CRITICAL", True, "critical"),
])  # fmt: skip
def test_finding_severity_from_cvss_label_bumped_for_kev(label, kev, expected):
    assert finding_severity(label=label, kev=kev) == expected


def _queries(org) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        vulnerabilities_match(org=org)
    return len(queries)


def test_a_run_issues_as_many_queries_for_one_match_as_for_many(org, other_org, import_osv):
    import_osv(*[osv(f"GHSA-many-{i:04d}", f"pkg{i}", "2.0.0") for i in range(40)])
    sbom_import(org=org, file=cyclonedx([("pkg0", "1.0.0")]), file_name="one.json",
                supplier="A")  # fmt: skip
    many = [(f"pkg{i}", "1.0.0") for i in range(40)] + [(f"other{i}", "1.0") for i in range(40)]
    sbom_import(org=other_org, file=cyclonedx(many), file_name="many.json", supplier="A")
    first_one, first_many = _queries(org), _queries(other_org)
    assert VulnerabilityMatch.objects.filter(organization=other_org).count() == 40
    assert first_one == first_many
    assert _queries(org) == _queries(other_org)  # nothing changed: the same again
