"""The supply-chain report's vendor-claims section, filled from procurement."""

from __future__ import annotations

import datetime as dt

import pytest

from assets.models import Asset
from assets.procurement.decision import decision_record
from assets.procurement.models import ClaimAnswer
from assets.procurement.services import offer_claims_verify, offer_create
from reports.sections import Facts, NoData, Table
from tests.assets.factories import AssetFactory, ProductFactory
from tests.assets.procurement.conftest import (  # noqa: F401 - fixtures
    import_sbom,
    kev_advisories,
    proton_sbom,
    vendor,
)
from tests.reports.providers.conftest import build, table

pytestmark = pytest.mark.django_db


def _section(org, audience: str = "internal"):
    return build(org, "supply_chain", audience)["vendor_claims"]


def _facts(section) -> dict:
    [facts] = [b for b in section.blocks if isinstance(b, Facts)]
    return {str(f.label): f.value for f in facts.items}


@pytest.fixture
def kev_offer(org, kev_advisories, vendor, proton_sbom):  # noqa: F811
    """Proton Bridge with the real SBOM whose golang.org/x/net matches a KEV-listed CVE."""
    supplier, product = vendor
    import_sbom(org, product, proton_sbom)
    offer = offer_create(
        org=org, supplier=supplier, product=product, offered_on=dt.date(2024, 6, 1)
    )
    offer_claims_verify(offer=offer)
    return offer


def test_without_offers_the_section_says_so(org):
    [block] = _section(org).blocks
    assert isinstance(block, NoData) and "No vendor offer" in block.message


def test_each_offer_shows_its_decision_and_claim_counts(org, kev_offer):
    other = ProductFactory(organization=org, name="SICAM A8000", version="V05.30")
    short = offer_create(
        org=org,
        supplier=other.supplier,
        product=other,
        offered_on=dt.date(2026, 11, 1),
        support_end=dt.date(2028, 1, 1),
    )
    decision_record(offer=short, outcome="reject", rationale="support too short")
    rows = {r.values["product"]: r.values for r in table(_section(org)).rows}
    assert set(rows) == {"Bridge", "SICAM A8000"}
    bridge = rows["Bridge"]
    states = list(kev_offer.answers.values_list("state", flat=True))
    assert (bridge["supplier"], bridge["version"], bridge["date"]) == (
        "Proton AG",
        "1.8.0",
        "2024-06-01",
    )
    assert bridge["decision"] == "open"
    assert bridge["contradicted"] == states.count(ClaimAnswer.State.CONTRADICTED) >= 1
    assert bridge["verified"] == states.count(ClaimAnswer.State.VERIFIED_DATA) >= 1
    assert bridge["unverifiable"] == states.count(ClaimAnswer.State.UNVERIFIABLE) >= 1
    assert rows["SICAM A8000"]["decision"] == "reject"
    facts = _facts(_section(org))
    assert (facts["Offers"], facts["Decided"]) == (2, 1)


def test_contradicted_claims_are_listed_with_their_evidence(org, kev_offer):
    section = _section(org)
    evidence = {r.values["claim"].split(":")[0]: r.values for r in table(section, 1).rows}
    kev = evidence["VULN-01"]
    assert kev["offer"] == "Proton AG – Bridge" and kev["date"] == "2024-06-01"
    assert kev["claim"].startswith("VULN-01: At delivery, the product contains no component")
    assert "GO-2023-2102" in kev["evidence"] and "CVE-2023-44487" in kev["evidence"]
    assert "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4" in kev["evidence"]
    contradicted = kev_offer.answers.filter(state=ClaimAnswer.State.CONTRADICTED)
    assert set(evidence) == set(contradicted.values_list("claim_id", flat=True))
    assert _facts(section)["Contradicted claims"] == contradicted.count()


def test_the_claim_texts_follow_the_report_language(org, kev_offer):
    section = build(org, "supply_chain", "internal", language="de")["vendor_claims"]
    kev = next(r.values for r in table(section, 1).rows if r.values["claim"].startswith("VULN"))
    assert kev["claim"].startswith("VULN-01: Bei Lieferung enthält das Produkt keine Komponente")


def test_auditors_see_no_ot_firmware_version_and_the_public_only_the_counts(org):
    product = ProductFactory(organization=org, name="SICAM A8000", version="V05.30")
    AssetFactory(organization=org, product=product, version="V05.30")
    offer_create(org=org, supplier=product.supplier, product=product)
    auditor = table(_section(org, "auditor")).rows[0].values
    assert auditor["version"].startswith("FW-")
    public = _section(org, "public")
    assert not any(isinstance(b, Table) for b in public.blocks)
    assert _facts(public)["Offers"] == 1


def test_an_it_product_keeps_its_version_for_auditors(org):
    product = ProductFactory(organization=org, name="FortiGate 200F", version="7.4.4")
    AssetFactory(organization=org, product=product, asset_class=Asset.AssetClass.IT)
    offer_create(org=org, supplier=product.supplier, product=product)
    assert table(_section(org, "auditor")).rows[0].values["version"] == "7.4.4"


def test_the_section_needs_the_same_queries_for_one_and_many_offers(org, django_assert_num_queries):
    from reports.providers.procurement import vendor_claims_section
    from reports.sections import SectionContext

    def offer():
        product = ProductFactory(organization=org)
        AssetFactory(organization=org, product=product)
        made = offer_create(
            org=org, supplier=product.supplier, product=product, support_end=dt.date(2027, 1, 1)
        )
        decision_record(offer=made, outcome="reject")

    ctx = SectionContext(org, "supply_chain", "internal", "en", dt.datetime.now(dt.UTC))
    offer()
    with django_assert_num_queries(3):
        vendor_claims_section(ctx)
    for _ in range(3):
        offer()
    with django_assert_num_queries(3):
        section = vendor_claims_section(ctx)
    assert len(table(section).rows) == 4 and len(table(section, 1).rows) >= 4
