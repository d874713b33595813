"""The seed_demo part for procurement: offers checked against the demo data, one decision."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from assets.procurement.models import ClaimAnswer, Decision, Offer
from bollwerk.models import Membership, Organization, Role
from reports.models import Report
from reports.services.archive import report_verify

pytestmark = pytest.mark.django_db

S = ClaimAnswer.State


def _states(offer: Offer) -> dict[str, str]:
    return dict(offer.answers.values_list("claim_id", "state"))


@pytest.fixture
def demo(capsys):
    call_command("seed_demo", "--org", "demo-p", "--assets", "60", "--components", "200",
                 "--seed", "3", "--json")  # fmt: skip
    counts = json.loads(capsys.readouterr().out)
    return Organization.objects.get(slug="demo-p"), counts


def test_seed_demo_records_three_offers_checked_against_the_demo_sboms(demo):
    org, counts = demo
    offers = Offer.objects.for_org(org)
    assert counts["offers"] == offers.count() == 3
    spectrum = offers.get(product__name="Spectrum Power 7")
    states = _states(spectrum)
    kev = spectrum.answers.get(claim_id="VULN-01")
    # the demo has an SBOM for the product but no advisories: checked, nothing KEV-listed
    assert kev.state == S.VERIFIED_DATA and kev.evidence["components_checked"] > 0
    assert states["SBOM-02"] == S.UNVERIFIABLE  # the demo SBOMs are not signed
    assert (states["SUPPORT-01"], states["UPD-01"]) == (S.VERIFIED_DATA, S.VERIFIED_PERSON)
    assert states["REMOTE-01"] == S.UNVERIFIABLE  # answered, nobody has checked it yet
    buyer = Membership.objects.get(organization=org, role=Role.PROCUREMENT).user
    assert spectrum.answers.get(claim_id="UPD-01").verified_by == buyer


def test_seed_demo_offers_show_contradictions_and_open_answers(demo):
    org, _ = demo
    eco = Offer.objects.for_org(org).get(product__name="EcoStruxure Geo SCADA Expert")
    support = eco.answers.get(claim_id="SUPPORT-01")
    assert support.state == S.CONTRADICTED and "2028-06-30 < 2031-10-05" in support.summary
    auth = eco.answers.get(claim_id="AUTH-01")
    assert auth.state == S.CONTRADICTED and "Standardpasswort" in auth.verified_document
    forti = _states(Offer.objects.for_org(org).get(product__name="FortiGate 200F"))
    assert forti["SUPPORT-01"] == S.UNVERIFIABLE  # no support end declared
    assert forti["IEC-62443-4-1"] == S.PENDING  # not answered yet


def test_seed_demo_decides_one_offer_and_archives_a_valid_record(demo):
    org, counts = demo
    decision = Decision.objects.for_org(org).select_related("offer__product").get()
    assert counts["decisions"] == 1
    assert (decision.outcome, decision.offer.product.name) == ("conditions", "Spectrum Power 7")
    conditions = decision.conditions.order_by("due_date")
    assert [c.status(today=dt.date(2026, 12, 1)) for c in conditions] == ["overdue", "open"]
    assert decision.offer.status == Offer.Status.DECIDED
    report = Report.objects.for_org(org).get(public_id=decision.report_public_id)
    with default_storage.open(report.file.name, "rb") as handle:
        result = report_verify(data=handle.read())
    assert result.valid and result.sha256 == decision.report_sha256


def test_the_demo_procurement_pages_are_populated(demo, client_for):
    org, _ = demo
    buyer = Membership.objects.get(organization=org, role=Role.PROCUREMENT).user
    client = client_for(buyer)
    page = client.get(reverse("assets:procurement-offer-list")).content.decode()
    assert "Spectrum Power 7" in page
    assert "FortiGate 200F" in page and "EcoStruxure Geo SCADA Expert" in page
    suppliers = client.get(reverse("assets:procurement-supplier-list")).content.decode()
    assert "Schneider Electric SE" in suppliers and "Fortinet Inc." in suppliers
