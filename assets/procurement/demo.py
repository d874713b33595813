"""Demo seeder: three vendor offers with answered claims, checked against the demo data.

Runs after the SBOM seeder, so the offers for products with a demo SBOM are checked against
it (quality, signature, advisories); the support period and the supplier records decide
their claims; the procurement user records what a person verified from the vendor's
documents. One offer is decided (approval with conditions) and its decision record is
archived. Fixed dates and texts: the same for every seed.
"""

from __future__ import annotations

import datetime as dt

from assets.models import Product
from assets.procurement.decision import decision_record
from assets.procurement.models import ClaimAnswer, Offer
from assets.procurement.services import (
    claim_answer_update,
    claim_verify_manually,
    offer_claims_verify,
    offer_create,
)
from bollwerk.models import Membership, Role

YES, PARTLY, NO = "yes", "partly", "no"

#: Vendor answers shared by the offers (claim id: answer, statement); offers override some.
ANSWERS = {
    "SBOM-01": (YES, "CycloneDX-SBOM (JSON) zu jedem Release im Kundenportal."),
    "SBOM-02": (YES, "SBOMs werden signiert ausgeliefert."),
    "VULN-01": (YES, "Keine Komponente mit bekannt ausgenutzter Schwachstelle."),
    "VULN-02": (YES, "Kritische Schwachstellen werden binnen 30 Tagen behoben."),
    "PSIRT-01": (YES, "PSIRT mit security.txt und Meldeformular."),
    "PSIRT-02": (YES, "Advisories als CSAF 2.0."),
    "SUPPORT-01": (YES, "Sicherheitsupdates über den gesamten Lebenszyklus."),
    "UPD-01": (YES, "Firmware und Updates sind signiert; das Gerät prüft die Signatur."),
    "AUTH-01": (YES, "Keine Standardpasswörter; Erstinbetriebnahme erzwingt neue Zugangsdaten."),
    "REMOTE-01": (PARTLY, "Fernwartung über VPN, Freischaltung durch den Kunden."),
    "IEC-62443-4-1": (YES, "Entwicklungsprozess nach IEC 62443-4-1 zertifiziert."),
    "IEC-62443-4-2": (PARTLY, "Security Level 2 für die Kernkomponenten."),
    "ISO-27001": (NO, "Entfällt: Produktlieferung ohne Betriebsleistung."),
    "NOTIFY-01": (YES, "Meldung an den Kunden binnen 72 Stunden."),
}

#: (product name, offer date, reference, declared support end, answers overriding ANSWERS
#:  (None: not answered yet), a person's checks {claim: (verified?, document)}, decision)
OFFERS = [
    (
        "Spectrum Power 7",
        dt.date(2026, 9, 14),
        "AN-2026-041",
        dt.date(2034, 12, 31),
        {"SUPPORT-01": (YES, "Sicherheitsupdates bis 31.12.2034.")},
        {
            "UPD-01": (True, "Herstellererklärung Update-Signatur, Rev. 3"),
            "IEC-62443-4-1": (True, "Zertifikat TÜV SÜD IEC 62443-4-1, gültig bis 2028-05"),
            "AUTH-01": (True, "Abnahmeprotokoll Testsystem 2026-10"),
        },
        {
            "outcome": "conditions",
            "rationale": "Freigabe für die Leitsystem-Erneuerung; signierte SBOMs nachzuliefern.",
            "conditions": [
                ("Signierte SBOMs (JSF) zu jedem Release liefern", dt.date(2027, 3, 31)),
                (
                    "Fernwartungskonzept mit Freischaltung durch die Leitwarte",
                    dt.date(2026, 11, 15),
                ),
            ],
        },
    ),
    (
        "EcoStruxure Geo SCADA Expert",
        dt.date(2026, 10, 5),
        "AN-2026-047",
        dt.date(2028, 6, 30),
        {"SUPPORT-01": (YES, "Support bis 30.06.2028, danach Folgeversion.")},
        {
            "AUTH-01": (False, "Pentest-Bericht 2026-10: Standardpasswort im Wartungszugang"),
            "UPD-01": (True, "Herstellererklärung Update-Signatur 2026"),
        },
        None,
    ),
    (
        "FortiGate 200F",
        dt.date(2026, 11, 2),
        "AN-2026-052",
        None,
        {"SUPPORT-01": None, "IEC-62443-4-1": None, "IEC-62443-4-2": None, "NOTIFY-01": None},
        {},
        None,
    ),
]


def seed_procurement(ctx) -> None:
    """Offers for demo products with answers, automatic and personal checks, one decision.

    Sets ``ctx.counts["offers"]`` and ``ctx.counts["decisions"]``; skips offers whose product
    the inventory seeder did not create.
    """
    org = ctx.organization
    products = {
        p.name: p for p in Product.objects.for_org(org).select_related("supplier").order_by("pk")
    }
    buyer = (
        Membership.objects.filter(organization=org, role=Role.PROCUREMENT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    user = buyer.user if buyer else None
    offers = decisions = 0
    for name, offered_on, reference, support_end, overrides, checks, decision in OFFERS:
        product = products.get(name)
        if product is None:
            continue
        offer = _offer(org, product, offered_on, reference, support_end, overrides, checks, user)
        offers += 1
        if decision:
            decision_record(
                offer=offer,
                outcome=decision["outcome"],
                rationale=decision["rationale"],
                conditions=[{"text": t, "due_date": d} for t, d in decision["conditions"]],
                user=user,
                language="de",
            )
            decisions += 1
    ctx.counts["offers"] = offers
    ctx.counts["decisions"] = decisions


def _offer(org, product, offered_on, reference, support_end, overrides, checks, user) -> Offer:
    offer = offer_create(
        org=org,
        supplier=product.supplier,
        product=product,
        offered_on=offered_on,
        reference=reference,
        support_end=support_end,
        verify=False,
    )
    answers = {a.claim_id: a for a in ClaimAnswer.objects.filter(offer=offer)}
    for claim_id, given in {**ANSWERS, **overrides}.items():
        if given is not None:
            claim_answer_update(claim_answer=answers[claim_id], answer=given[0], text=given[1])
    for claim_id, (verified, document) in checks.items():
        claim_verify_manually(
            claim_answer=answers[claim_id], user=user, document=document, verified=verified
        )
    offer_claims_verify(offer=offer)
    return offer
