"""A procurement user records a vendor's offer, uploads its SBOM, sees the KEV claim contradicted
and records a decision whose archived PDF shows the contradiction."""

import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from assets.advisories.services import advisories_import
from assets.models import Supplier
from bollwerk.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PURL = "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4"


def test_procurement_user_sees_kev_claim_contradicted_and_decides(
    page, login_as, member, org, external_data, tmp_path
):
    # The real KEV catalogue and the real GO-2023-2102 with its related KEV CVE as an alias
    # (see tests/assets/procurement/conftest.py for why the variant is made at run time).
    record = json.loads((external_data / "osv/golang-vulndb/GO-2023-2102.json").read_text())
    record["aliases"].append("CVE-2023-44487")
    variant = tmp_path / "GO-2023-2102.json"
    variant.write_text(json.dumps(record))
    advisories_import(paths=[external_data / "kev/known_exploited_vulnerabilities.json", variant])
    Supplier.objects.create(organization=org, name="Proton AG")

    login_as(member(Role.PROCUREMENT))
    page.goto("/assets/procurement/")
    page.get_by_role("link", name="Record offer").click()
    page.get_by_label("Supplier").select_option(label="Proton AG")
    page.get_by_label("Product").fill("Bridge")
    page.get_by_label("Version").fill("1.8.0")
    page.get_by_label("Offer date").fill("2026-11-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("Proton AG – Bridge 1.8.0"))).to_be_visible()

    page.get_by_label("answer VULN-01").select_option("yes")
    page.get_by_label("statement VULN-01").fill("No known exploited vulnerabilities")
    page.get_by_role("button", name="Save answers").click()
    row = page.locator("#claim-VULN-01")
    assert "unverifiable" in row.inner_text()

    page.locator("#sbom-upload input[type=file]").set_input_files(
        str(external_data / "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json")
    )
    page.get_by_role("button", name="Upload vendor SBOM").click()
    row = page.locator("#claim-VULN-01")
    text = row.inner_text()
    assert "contradicted" in text
    assert PURL in text and "GO-2023-2102" in text and "CVE-2023-44487" in text
    expect(page.locator("#sbom-quality")).to_be_visible()

    page.get_by_label("Decision").select_option("reject")
    page.get_by_label("Rationale").fill("Known exploited vulnerability at delivery")
    page.get_by_role("button", name="Record decision").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Decision record (PDF)").click()
    pdf = tmp_path / "decision.pdf"
    info.value.save_as(pdf)
    pdftext = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "GO-2023-2102" in pdftext and "CVE-2023-44487" in pdftext
    assert "golang.org/x/net" in pdftext
