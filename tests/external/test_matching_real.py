"""Real corpora through the services: OSV/CSAF/KEV advisories, real CycloneDX SBOMs, matching,
VEX, findings and the command."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from assets.advisories.services import advisories_import
from assets.models import VulnerabilityMatch
from assets.services.matching import vulnerabilities_match
from assets.services.sbom import sbom_import
from assets.services.vex import vex_export, vex_set
from bollwerk.checks.models import Finding
from tests.assets.factories import AssetFactory

pytestmark = pytest.mark.django_db

FOLDERS = ("osv", "csaf/cisa-ics", "csaf/oasis/examples", "csaf/redhat", "kev")
BRIDGE = "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
JUICE = "sboms/cyclonedx/cyclonedx-node-npm_juice-shop-14.1.1_bare.cdx-1.6.json"


@pytest.fixture
def world(external_data, org):
    advisories_import(paths=[external_data / f for f in FOLDERS])
    bridge = sbom_import(org=org, file=external_data / BRIDGE, supplier="Proton")
    juice = sbom_import(org=org, file=external_data / JUICE, supplier="OWASP")
    below = AssetFactory(organization=org, vendor="Siemens AG", product_name="TeleControl Server Basic",
                         version="V3.1", name="TCSB old")  # fmt: skip
    above = AssetFactory(organization=org, vendor="Siemens AG", product_name="TeleControl Server Basic",
                         version="V3.1.1", name="TCSB fixed")  # fmt: skip
    report = vulnerabilities_match(org=org)
    return {"bridge": bridge, "juice": juice, "below": below, "above": above, "report": report}


def test_go_module_matches_with_purl_identifier_and_range(world):
    match = VulnerabilityMatch.objects.get(
        advisory__source_id="GO-2020-0001", component__sbom=world["bridge"]
    )
    assert match.component.purl.startswith("pkg:golang/github.com/gin-gonic/gin@v1.4.0")
    assert match.identifier == "purl" and match.status == "affected" and match.decided
    assert match.why == "SEMVER range (golang ordering): introduced 0, fixed 1.6.0"
    assert Finding.objects.filter(fingerprint=match.fingerprint, status="open").exists()


def test_siemens_asset_below_the_fix_is_matched_and_above_is_not(world):
    [match] = VulnerabilityMatch.objects.filter(asset=world["below"])
    assert match.advisory.source_id == "ICSA-19-099-03" and match.identifier.startswith("ot-")
    assert not VulnerabilityMatch.objects.filter(asset=world["above"]).exists()


def test_juice_shop_npm_matches_exist_and_a_rerun_changes_nothing(world, org):
    assert VulnerabilityMatch.objects.filter(component__sbom=world["juice"]).exists()
    again = vulnerabilities_match(org=org)
    assert (again.created, again.updated, again.stale) == (0, 0, 0)
    assert again.matches == world["report"].matches


def test_manual_not_affected_closes_the_match_and_resolves_its_finding(world, officer):
    match = VulnerabilityMatch.objects.get(advisory__source_id="GO-2020-0001")
    vex_set(match=match, status="not_affected", justification="code_not_reachable",
            note="gin's router is not used", user=officer)  # fmt: skip
    match.refresh_from_db()
    assert not match.is_open and match.vex_source == "manual"
    assert Finding.objects.get(fingerprint=match.fingerprint).status == "resolved"
    assert match.statements.count() == 1
    vulnerabilities_match(org=match.organization)  # a rematch keeps the decision
    match.refresh_from_db()
    assert match.status == "not_affected"
    vex = json.loads(vex_export(org=match.organization, spec="1.6"))
    closed = [v for v in vex["vulnerabilities"] if v["id"] == "GO-2020-0001"]
    assert closed[0]["analysis"]["state"] == "not_affected"
    assert closed[0]["analysis"]["justification"] == "code_not_reachable"


def test_command_json_lists_every_match(world, org, capsys):
    call_command("match_vulnerabilities", "--org", org.slug, "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["components"] > 100
    assert len(data["matches"]) == VulnerabilityMatch.objects.filter(stale=False).count()
    assert all(("purl" in m) != ("asset" in m) and m["advisory"] for m in data["matches"])
    tcsb = next(m for m in data["matches"] if m.get("asset") == "TCSB old")
    assert tcsb == {
        "asset": "TCSB old",
        "asset_id": tcsb["asset_id"],
        "advisory": "ICSA-19-099-03",
        "status": "affected",
    }
    assert VulnerabilityMatch.objects.filter(asset_id=tcsb["asset_id"]).exists()
    for row in (m for m in data["matches"] if "purl" in m):
        assert row["product"] and isinstance(row["sbom"], int), row
