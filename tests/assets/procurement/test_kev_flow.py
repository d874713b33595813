"""The KEV claim turns "contradicted" with the evidence when a vendor's SBOM matches KEV."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.files.storage import default_storage

from assets.procurement.decision import decision_record
from assets.procurement.models import ClaimAnswer
from assets.procurement.services import claim_answer_update, offer_create
from reports.models import Report
from reports.services.archive import report_verify
from tests.assets.procurement.conftest import import_sbom

pytestmark = pytest.mark.django_db


def _answer(offer, claim_id):
    return ClaimAnswer.objects.get(offer=offer, claim_id=claim_id)


def test_kev_claim_contradicted_by_real_sbom_and_advisories(
    org, kev_advisories, vendor, proton_sbom, django_capture_on_commit_callbacks
):
    supplier, product = vendor
    offer = offer_create(
        org=org, supplier=supplier, product=product, offered_on=dt.date(2024, 6, 1)
    )
    claim_answer_update(claim_answer=_answer(offer, "VULN-01"), answer="yes", text="No KEV.")
    kev = _answer(offer, "VULN-01")
    assert kev.state == ClaimAnswer.State.UNVERIFIABLE
    assert "no SBOM" in kev.summary

    import_sbom(org, product, proton_sbom)
    from assets.procurement.services import offer_claims_verify

    offer_claims_verify(offer=offer)
    kev.refresh_from_db()
    assert kev.state == ClaimAnswer.State.CONTRADICTED
    assert kev.summary.startswith("claims no known exploited vulnerabilities; 1 component(s)")
    assert "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4" in kev.summary
    assert "GO-2023-2102" in kev.summary and "CVE-2023-44487" in kev.summary
    [match] = kev.evidence["matches"]
    assert match == {
        "purl": "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4",
        "advisory": "GO-2023-2102",
        "cves": ["CVE-2023-44487"],
        "severity": match["severity"],
        "published": None,  # the record says 0001-01-01: unknown
    }
    assert kev.evidence["components_checked"] > 100
    # the disclosure claim is verified from the supplier record
    assert _answer(offer, "PSIRT-01").state == ClaimAnswer.State.VERIFIED_DATA
    assert _answer(offer, "PSIRT-02").state == ClaimAnswer.State.UNVERIFIABLE

    decision = decision_record(offer=offer, outcome="reject", rationale="KEV at delivery")
    report = Report.objects.get(public_id=decision.report_public_id)
    assert report.status == "done" and report.report_type == "supply_chain"
    assert (report.audience, report.sha256) == ("internal", decision.report_sha256)
    with default_storage.open(report.file.name, "rb") as handle:
        pdf = handle.read()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # the record is written in the organization's working language, German
    assert "Proton AG" in text and "ablehnen" in text and "KEV at delivery" in text
    assert "GO-2023-2102" in text and "CVE-2023-44487" in text
    assert report_verify(data=pdf).valid
    assert not report_verify(data=pdf + b"%tamper").valid


def test_sbom_import_hook_rechecks_offers(
    org, kev_advisories, vendor, proton_sbom, settings, eager, django_capture_on_commit_callbacks
):
    supplier, product = vendor
    offer = offer_create(org=org, supplier=supplier, product=product)
    assert _answer(offer, "VULN-01").state == ClaimAnswer.State.UNVERIFIABLE
    with django_capture_on_commit_callbacks(execute=True):
        import_sbom(org, product, proton_sbom)
    assert _answer(offer, "VULN-01").state == ClaimAnswer.State.CONTRADICTED


def test_kev_claim_verified_without_kev_and_rechecked_after_advisory_import(
    org,
    vendor,
    proton_sbom,
    external_data,
    tmp_path,
    settings,
    eager,
    django_capture_on_commit_callbacks,
):
    supplier, product = vendor
    import_sbom(org, product, proton_sbom)
    offer = offer_create(org=org, supplier=supplier, product=product)
    kev = _answer(offer, "VULN-01")
    assert kev.state == ClaimAnswer.State.VERIFIED_DATA
    assert "none matches a KEV-listed advisory" in kev.summary

    import json

    from assets.advisories.services import advisories_import

    record = json.loads((external_data / "osv/golang-vulndb/GO-2023-2102.json").read_text())
    record["aliases"].append("CVE-2023-44487")
    (tmp_path / "GO-2023-2102.json").write_text(json.dumps(record))
    with django_capture_on_commit_callbacks(execute=True):
        advisories_import(
            paths=[
                external_data / "kev/known_exploited_vulnerabilities.json",
                tmp_path / "GO-2023-2102.json",
            ]
        )
    kev.refresh_from_db()
    assert kev.state == ClaimAnswer.State.CONTRADICTED
