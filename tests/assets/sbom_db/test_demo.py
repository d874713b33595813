"""The seed_demo parts for SBOMs (deterministic synthetic SBOMs, linked to the demo assets)
and vulnerabilities (real or synthetic advisories, matched)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from assets.advisories.models import Advisory, KevEntry
from assets.models import Asset, Sbom, SbomComponent, VulnerabilityMatch
from assets.services.matching_demo import demo_package_keys, real_advisory_files
from assets.services.sbom_demo import PACKAGES, demo_sbom
from assets.services.sbom_diff import sbom_diff
from assets.vuln import parse_osv
from bollwerk.checks.models import Finding
from bollwerk.models import Organization


def test_the_synthetic_sbom_is_deterministic_and_carries_known_vulnerable_versions():
    one = demo_sbom(product="Leitsystem", version="1", count=60, seed=3)
    assert one == demo_sbom(product="Leitsystem", version="1", count=60, seed=3)
    assert one != demo_sbom(product="Leitsystem", version="1", count=60, seed=4)
    purls = {c["purl"] for c in json.loads(one)["components"]}
    assert len(purls) == 60
    assert {"pkg:npm/lodash@4.17.15", "pkg:golang/github.com/gin-gonic/gin@v1.4.0",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"} <= purls  # fmt: skip
    assert {p.split(":")[1].split("/")[0] for p in purls} == {"npm", "pypi", "maven", "golang"}


@pytest.mark.django_db
def test_seed_demo_imports_sboms_links_them_and_gives_the_diff_content(capsys):
    call_command("seed_demo", "--org", "demo-s", "--assets", "120", "--components", "400",
                 "--seed", "5", "--json")  # fmt: skip
    counts = json.loads(capsys.readouterr().out)
    org = Organization.objects.get(slug="demo-s")
    sboms = Sbom.objects.for_org(org)
    assert counts["sboms"] == sboms.count() >= 4
    stored = SbomComponent.objects.for_org(org).count()
    assert counts["components"] == stored and 350 <= stored <= 450
    for sbom in sboms.filter(superseded_by__isnull=True).exclude(product__version="22.3"):
        assert Asset.objects.for_org(org).filter(product=sbom.product).exists()
    spectrum = list(sboms.filter(product__name="Spectrum Power 7").order_by("product__version"))
    assert [s.product.version for s in spectrum] == ["22.3", "23.1"]
    diff = sbom_diff(base=spectrum[0], other=spectrum[1])
    assert diff.added and diff.removed and diff.changed


def _seed(capsys, slug: str) -> dict:
    call_command("seed_demo", "--org", slug, "--assets", "60", "--components", "200",
                 "--seed", "5", "--json")  # fmt: skip
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_seed_demo_imports_the_real_advisories_of_the_demo_packages_and_matches_them(
    capsys, external_data, client_for
):
    counts = _seed(capsys, "demo-v")
    org = Organization.objects.get(slug="demo-v")
    matches = VulnerabilityMatch.objects.for_org(org)
    assert counts["vulnerability_matches"] == matches.count() > 0
    assert counts["advisories"] == Advisory.objects.count()
    assert not Advisory.objects.filter(source_id__startswith="DEMO-").exists()
    assert KevEntry.objects.count() == 1404  # the real catalogue came along
    lodash = matches.get(advisory__source_id="GHSA-35jh-r3h4-6jhm", component__name="lodash",
                         component__sbom__superseded_by__isnull=True,
                         component__sbom__product__name="EcoStruxure Geo SCADA Expert")  # fmt: skip
    assert (lodash.component.version, lodash.status, lodash.identifier) == (
        "4.17.15",
        "affected",
        "purl",
    )
    assert matches.filter(advisory__source_id="GO-2020-0001", component__name="gin").exists()
    assert (
        Finding.objects.for_org(org).filter(source="vulnerability").count()
        == matches.filter(status="affected", stale=False).count()
    )
    officer = org.memberships.get(role="security_officer").user
    page = client_for(officer).get(reverse("assets:vulnerability-list")).content.decode()
    assert "GHSA-35jh-r3h4-6jhm" in page


@pytest.mark.django_db
def test_without_the_shared_data_seed_demo_matches_synthetic_advisories(capsys, settings, tmp_path):
    settings.BOLLWERK_EXTERNAL_DATA = tmp_path / "absent"
    counts = _seed(capsys, "demo-w")
    org = Organization.objects.get(slug="demo-w")
    assert counts["advisories"] == Advisory.objects.count() == len(PACKAGES)
    assert set(Advisory.objects.values_list("source_id", flat=True)) == {
        f"DEMO-2026-{n:04d}" for n in range(1, len(PACKAGES) + 1)
    }
    current = VulnerabilityMatch.objects.for_org(org).filter(
        component__sbom__superseded_by__isnull=True
    )
    # the first release ships the affected version of every package, the second the fixed one
    second = {"component__sbom__product__name": "Spectrum Power 7",
              "component__sbom__product__version": "23.1"}  # fmt: skip
    first = current.exclude(**second)
    assert set(first.values_list("component__name", flat=True)) == {p[2] for p in PACKAGES}
    assert not current.filter(**second).exists()
    assert counts["vulnerability_matches"] == VulnerabilityMatch.objects.for_org(org).count()
    again = _seed(capsys, "demo-x")  # deterministic, and the catalogue is not imported twice
    assert again["advisories"] == 0
    assert again["vulnerability_matches"] == counts["vulnerability_matches"]


def test_the_real_files_chosen_are_exactly_those_naming_a_demo_package(external_data):
    chosen = {p.name for p in real_advisory_files(external_data)}
    assert {"GHSA-35jh-r3h4-6jhm.json", "GO-2020-0001.json", "PYSEC-2023-74.json"} <= chosen
    assert "GHSA-25mq-v84q-4j7r.json" not in chosen  # guzzle: not in the demo SBOMs
    keys = demo_package_keys()
    for name in chosen:
        [path] = external_data.glob(f"osv/*/{name}")
        advisory = parse_osv(json.loads(path.read_text()))
        assert any(e.package in keys for e in advisory.affected), name


@pytest.mark.django_db
def test_seed_demo_without_components_imports_no_advisories(capsys):
    call_command("seed_demo", "--org", "demo-0", "--assets", "20", "--components", "0", "--json")
    counts = json.loads(capsys.readouterr().out)
    assert (counts["advisories"], counts["vulnerability_matches"]) == (0, 0)
    assert not Advisory.objects.exists()
