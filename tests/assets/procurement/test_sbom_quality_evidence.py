"""SBOM quality as evidence: the stored report's missing-element counts match the real files."""

from __future__ import annotations

import json

import pytest

from assets.models import Product, Supplier
from assets.procurement.models import ClaimAnswer
from assets.procurement.services import offer_claims_verify, offer_create
from assets.services.sbom import sbom_import

pytestmark = pytest.mark.django_db

FILES = [
    "bom-examples_dropwizard-1.3.15.cdx-1.2.json",
    "bom-examples_laravel-7.12.0.cdx-1.4.json",
    "bom-examples_proton-bridge-v1.8.0.cdx-1.2.json",
    "cyclonedx-node-npm_juice-shop-14.1.1_bare.cdx-1.6.json",
]


def _walk(components):
    for component in components or []:
        yield component
        yield from _walk(component.get("components"))


def _expected_missing(document: dict) -> dict[str, int]:
    """Counts straight from the JSON, independent of the parser."""
    components = list(_walk(document.get("components")))
    refs = {d.get("ref") for d in document.get("dependencies", [])}

    def licensed(c):
        return any(
            (e.get("license") or {}).get("id")
            or (e.get("license") or {}).get("name")
            or e.get("expression")
            for e in c.get("licenses", [])
        )

    return {
        "version": sum(1 for c in components if not c.get("version")),
        "unique_identifier": sum(1 for c in components if not (c.get("purl") or c.get("cpe"))),
        "hashes": sum(1 for c in components if not c.get("hashes")),
        "sha512": sum(
            1
            for c in components
            if not any(h.get("alg") == "SHA-512" and h.get("content") for h in c.get("hashes", []))
        ),
        "licence": sum(1 for c in components if not licensed(c)),
        "dependency_graph": sum(
            1 for c in components if not c.get("bom-ref") or c["bom-ref"] not in refs
        ),
        "total": len(components),
    }


@pytest.mark.parametrize("name", FILES)
def test_stored_quality_report_matches_file(org, external_data, name):
    path = external_data / "sboms/cyclonedx" / name
    expected = _expected_missing(json.loads(path.read_text()))
    sbom = sbom_import(org=org, file=path, supplier="Vendor", product_name=name)
    criteria = sbom.quality_report["criteria"]
    assert sbom.component_count == expected["total"]
    for key in ("version", "unique_identifier", "hashes", "sha512", "licence", "dependency_graph"):
        assert criteria[key]["missing_count"] == expected[key], key
        assert criteria[key]["total"] == expected["total"]


def test_sbom_claim_from_quality_with_threshold(org, external_data):
    supplier = Supplier.objects.create(organization=org, name="OWASP")
    product = Product.objects.create(
        organization=org, supplier=supplier, name="juice-shop", version="14.1.1"
    )
    sbom = sbom_import(org=org, file=external_data / "sboms/cyclonedx" / FILES[3], product=product)
    offer = offer_create(
        org=org, supplier=supplier, product=product, sbom_quality_threshold=sbom.quality_score
    )
    answer = ClaimAnswer.objects.get(offer=offer, claim_id="SBOM-01")
    assert answer.state == ClaimAnswer.State.VERIFIED_DATA
    assert answer.evidence["score"] == sbom.quality_score

    offer.sbom_quality_threshold = sbom.quality_score + 1
    offer.save()
    offer_claims_verify(offer=offer)
    answer.refresh_from_db()
    assert answer.state == ClaimAnswer.State.CONTRADICTED
    missing = sbom.quality_report["criteria"]
    for key, item in answer.evidence["missing"].items():
        assert item["missing_count"] == missing[key]["missing_count"]
        assert f"{key} ({item['missing_count']} missing)" in answer.summary
