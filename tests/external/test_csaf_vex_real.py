"""CSAF VEX on the OASIS examples (csaf/oasis/examples/csaf_vex): a ``known_not_affected``
statement marks the match as not affected with the document's justification, and a newer
revision of an advisory closes a match an older one had opened."""

from __future__ import annotations

import json

import pytest

from assets.advisories.models import Advisory
from assets.advisories.services import advisories_import
from assets.models import VulnerabilityMatch
from assets.services.matching import vulnerabilities_match
from assets.services.vex import vex_export
from assets.vuln import Status, parse_csaf
from bollwerk.checks.models import Finding
from tests.assets.factories import AssetFactory

pytestmark = pytest.mark.django_db

VEX = "csaf/oasis/examples/csaf_vex"


def test_a_flagged_known_not_affected_statement_marks_the_match_with_flag_and_impact(
    external_data, org
):
    path = external_data / VEX / "sec-vex-2022-0001.json"
    document = json.loads(path.read_text())
    assert document["document"]["category"] == "csaf_vex"
    advisories_import(paths=[path])
    asset = AssetFactory(organization=org, vendor="Secvisogram", product_name="Secvisogram",
                         version="1.14.0", name="CSAF editor")  # fmt: skip
    vulnerabilities_match(org=org)
    match = VulnerabilityMatch.objects.get(asset=asset)
    assert match.advisory.source_id == "SEC-VEX-2022-0001"
    assert (match.status, match.engine_status, match.vex_source) == (
        "not_affected",
        "not_affected",
        "csaf-vex",
    )
    assert match.justification == "component_not_present"
    assert match.note == "Secvisogram is written in JavaScript. No Java is included."
    assert not match.is_open and not Finding.objects.filter(fingerprint=match.fingerprint).exists()
    [statement] = match.statements.all()
    assert (statement.status, statement.justification, statement.source) == (
        "not_affected",
        "component_not_present",
        "csaf-vex",
    )
    [vuln] = json.loads(vex_export(org=org))["vulnerabilities"]
    assert vuln["analysis"]["state"] == "not_affected"
    assert vuln["analysis"]["justification"] == "code_not_present"
    assert vuln["analysis"]["detail"].startswith("Secvisogram is written in JavaScript")
    assert vulnerabilities_match(org=org).updated == 0  # a rerun records nothing new
    assert match.statements.count() == 1


def test_a_version_outside_the_not_affected_range_is_not_matched(external_data, org):
    advisories_import(paths=[external_data / VEX / "sec-vex-2022-0001.json"])
    AssetFactory(organization=org, vendor="Secvisogram", product_name="Secvisogram",
                 version="1.15.0")  # fmt: skip
    assert vulnerabilities_match(org=org).matches == 0


def test_a_newer_revision_saying_not_affected_closes_the_open_match(external_data, org, tmp_path):
    original = json.loads((external_data / VEX / "2022-evd-uc-01-na-001.json").read_text())
    earlier = json.loads(json.dumps(original))  # the same advisory, an earlier revision
    earlier["document"]["tracking"]["current_release_date"] = "2022-03-01T11:00:00.000Z"
    [vulnerability] = earlier["vulnerabilities"]
    vulnerability["product_status"] = {"known_affected": ["CSAFPID-0001"]}
    del vulnerability["threats"]
    vulnerability["remediations"] = [{"category": "none_available", "details": "Under review.",
                                      "product_ids": ["CSAFPID-0001"]}]  # fmt: skip
    (tmp_path / "earlier.json").write_text(json.dumps(earlier))
    advisories_import(paths=[tmp_path / "earlier.json"])
    asset = AssetFactory(organization=org, vendor="Example Company", product_name="ABC",
                         version="4.2", name="ABC box")  # fmt: skip
    vulnerabilities_match(org=org)
    match = VulnerabilityMatch.objects.get(asset=asset)
    assert match.is_open and match.vex_source == ""
    assert Finding.objects.get(fingerprint=match.fingerprint).status == "open"

    report = advisories_import(paths=[external_data / VEX / "2022-evd-uc-01-na-001.json"])
    assert report.updated == 1
    pk = Advisory.objects.get(source_id="2022-EVD-UC-01-NA-001").pk
    run = vulnerabilities_match(org=org, advisories=[pk])
    match.refresh_from_db()
    assert (run.updated, run.findings_resolved) == (1, 1)
    assert (match.status, match.vex_source) == ("not_affected", "csaf-vex")
    assert match.note == "Class with vulnerable code was removed before shipping."
    assert match.justification == ""  # this document gives an impact statement, no flag
    assert Finding.objects.get(fingerprint=match.fingerprint).status == "resolved"


def test_every_not_affected_product_of_the_vex_examples_carries_its_statement(external_data):
    checked = 0
    for path in sorted((external_data / VEX).glob("*.json")):
        advisory = parse_csaf(json.loads(path.read_text()), file=str(path))
        for entry in advisory.affected:
            if entry.status is Status.NOT_AFFECTED:
                assert entry.impact or entry.justification, (path.name, entry.product_id)
                checked += 1
            else:
                assert entry.impact is entry.justification is None, (path.name, entry.product_id)
    assert checked == 19  # the not-affected products of the 13 examples


def test_a_flag_given_for_one_vulnerability_is_not_claimed_for_another(external_data):
    """The real document flags all three CVEs; drop the flag of one and the merged entry of the
    product may no longer claim it (it would be exported as VEX for the unflagged CVE too)."""
    document = json.loads((external_data / VEX / "sec-vex-2022-0001.json").read_text())
    [entry] = [e for e in parse_csaf(document).affected if e.status is Status.NOT_AFFECTED]
    assert entry.justification == "component_not_present" and len(entry.vulnerabilities) == 3

    document["vulnerabilities"][1].pop("flags")
    [entry] = [e for e in parse_csaf(document).affected if e.status is Status.NOT_AFFECTED]
    assert entry.justification is None and len(entry.vulnerabilities) == 3


def test_differing_impact_statements_are_kept_each_under_its_cve(external_data):
    path = external_data / VEX / "2022-evd-uc-03-ms-001.json"
    entries = parse_csaf(json.loads(path.read_text())).affected
    [entry] = [e for e in entries if e.status is Status.NOT_AFFECTED]
    lines = entry.impact.splitlines()
    assert [line.split(":")[0] for line in lines] == list(entry.vulnerabilities)
    assert len(lines) == 6
