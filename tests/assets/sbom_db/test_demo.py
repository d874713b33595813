"""The seed_demo part for SBOMs: deterministic synthetic SBOMs, linked to the demo assets."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from assets.models import Asset, Sbom, SbomComponent
from assets.services.sbom_demo import demo_sbom
from assets.services.sbom_diff import sbom_diff
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
