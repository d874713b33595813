"""Fixtures for procurement tests: the real KEV catalogue and a real OSV record whose CVE is KEV-listed."""

from __future__ import annotations

import json

import pytest

from assets.advisories.services import advisories_import
from assets.models import Product, Supplier
from assets.services.sbom import sbom_import
from bollwerk.models import Role

PROTON = "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
KEV = "kev/known_exploited_vulnerabilities.json"
OSV_RAPID_RESET = "osv/golang-vulndb/GO-2023-2102.json"


@pytest.fixture
def kev_advisories(external_data, tmp_path):
    """The real KEV catalogue + the real GO-2023-2102 (golang.org/x/net HTTP/2 rapid reset).

    The corpus holds no OSV record that lists a KEV CVE among its *aliases*: GO-2023-2102
    names CVE-2023-44487 (KEV-listed, "HTTP/2 Rapid Reset") under ``related``. The test makes
    its variant at run time (README of the data: never edit the originals): the same record
    with CVE-2023-44487 added to ``aliases``, which is how e.g. GHSA-qppj-fm5r-hxr3 lists it.
    """
    record = json.loads((external_data / OSV_RAPID_RESET).read_text())
    assert "CVE-2023-44487" in record["related"]
    record["aliases"] = [*record["aliases"], "CVE-2023-44487"]
    variant = tmp_path / "GO-2023-2102.json"
    variant.write_text(json.dumps(record))
    report = advisories_import(paths=[external_data / KEV, variant])
    assert not report.errors, report.errors
    return report


@pytest.fixture
def procurement_user(member):
    return member(Role.PROCUREMENT)


@pytest.fixture
def vendor(org):
    supplier = Supplier.objects.create(
        organization=org,
        name="Proton AG",
        security_contact="security@proton.example",
        disclosure_url="https://proton.example/.well-known/security.txt",
    )
    product = Product.objects.create(
        organization=org, supplier=supplier, name="Bridge", version="1.8.0"
    )
    return supplier, product


@pytest.fixture
def proton_sbom(external_data):
    return external_data / PROTON


def import_sbom(org, product, path):
    return sbom_import(org=org, file=path, product=product)
