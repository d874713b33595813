"""Read side of procurement: offer lists, offer detail data, the supplier overview, the signal."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from assets.models import Sbom, Supplier
from assets.procurement.catalogue import claims_by_id
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer

ASSESSMENT_MAX_AGE_DAYS = 365
ASSESSMENT_THRESHOLD = 0.9


def offer_list(*, org) -> QuerySet[Offer]:
    """The organization's offers with supplier, product, decision and per-state claim counts."""
    states = ClaimAnswer.State
    return (
        Offer.objects.for_org(org)
        .select_related("supplier", "product", "decision")
        .annotate(
            contradicted=Count("answers", filter=Q(answers__state=states.CONTRADICTED)),
            verified=Count(
                "answers",
                filter=Q(answers__state__in=[states.VERIFIED_DATA, states.VERIFIED_PERSON]),
            ),
            unverifiable=Count("answers", filter=Q(answers__state=states.UNVERIFIABLE)),
            claims=Count("answers"),
        )
        .order_by("-offered_on", "-id")
    )


def offer_get(*, org, pk: int) -> Offer:
    """One offer of ``org`` (Offer.DoesNotExist otherwise)."""
    return Offer.objects.for_org(org).select_related("supplier", "product").get(pk=pk)


def offer_claim_rows(*, offer: Offer, language: str | None = None) -> list[dict]:
    """Catalogue claims with the vendor's answer and verification, in catalogue order."""
    answers = {
        a.claim_id: a for a in ClaimAnswer.objects.filter(offer=offer).select_related("verified_by")
    }
    return [
        {"claim": claim, "text": claim.text_in(language), "answer": answers.get(claim.id)}
        for claim in claims_by_id(offer.catalogue_version).values()
    ]


def claim_texts(*, catalogue_version: str, language: str | None = None) -> dict[str, str]:
    """The catalogue's claim texts by claim id, in ``language``."""
    return {cid: c.text_in(language) for cid, c in claims_by_id(catalogue_version).items()}


def offer_current_sbom(*, offer: Offer) -> Sbom | None:
    """The current SBOM of the offer's product."""
    return (
        Sbom.objects.filter(product=offer.product, superseded_by__isnull=True)
        .defer("quality_report", "validation_errors")
        .order_by("-imported_at", "-id")
        .first()
    )


def decision_of(*, offer: Offer) -> Decision | None:
    """The offer's decision with its conditions, or None."""
    return (
        Decision.objects.filter(offer=offer)
        .select_related("decided_by")
        .prefetch_related(Prefetch("conditions", DecisionCondition.objects.order_by("due_date")))
        .first()
    )


def decision_get(*, org, pk: int) -> Decision:
    """One decision of ``org`` with its offer (supplier, product) and its conditions by due date.

    Decision.DoesNotExist otherwise.
    """
    return (
        Decision.objects.for_org(org)
        .select_related("offer__supplier", "offer__product", "decided_by")
        .prefetch_related(Prefetch("conditions", DecisionCondition.objects.order_by("due_date")))
        .get(pk=pk)
    )


def offer_claims_overview(*, org) -> QuerySet[Offer]:
    """Offers with claim counts (``offer_list``) and ``contradictions``: their contradicted answers.

    Two queries whatever the number of offers.
    """
    contradicted = ClaimAnswer.objects.filter(state=ClaimAnswer.State.CONTRADICTED).order_by("id")
    return offer_list(org=org).prefetch_related(
        Prefetch("answers", contradicted, to_attr="contradictions")
    )


def supplier_overview(*, org) -> QuerySet[Supplier]:
    """Suppliers with their offers (claim counts, decision) and last assessment date."""
    return (
        Supplier.objects.for_org(org)
        .annotate(
            last_assessment=Max("offers__decision__decided_at"),
            offer_count=Count("offers", distinct=True),
            kev_contradictions=Count(
                "offers__answers",
                filter=Q(
                    offers__answers__claim_id="VULN-01",
                    offers__answers__state=ClaimAnswer.State.CONTRADICTED,
                ),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("offers", offer_list(org=org).select_related(None).select_related("product"))
        )
        .order_by("name")
    )


def supplier_last_assessments(*, org) -> list:
    """Suppliers that have products, each annotated with ``last`` (its newest decision time)."""
    return list(
        Supplier.objects.for_org(org)
        .filter(products__isnull=False)
        .distinct()
        .annotate(last=Max("offers__decision__decided_at"))
        .order_by("name")
    )
