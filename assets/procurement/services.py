"""Write side of procurement: offers, vendor answers, verification (automatic and by a person)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assets.models import Product, Supplier
from assets.procurement.catalogue import CURRENT_VERSION, catalogue, claims_by_id
from assets.procurement.claims import CHECKERS, evidence_gather
from assets.procurement.models import ClaimAnswer, Offer
from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record

ANSWER_FIELDS = ("answer", "text", "document_reference")


def offer_create(
    *,
    org,
    supplier: Supplier,
    product: Product,
    offered_on: dt.date | None = None,
    verify: bool = True,
    **fields,
) -> Offer:
    """Record an offer with one (empty) answer per catalogue claim, then check it.

    ``fields`` are further Offer fields (reference, support_end, thresholds, notes).
    ValidationError (naming the field) for a supplier/product of another organization.
    """
    offer = Offer(
        organization=org,
        supplier=supplier,
        product=product,
        offered_on=offered_on or dt.date.today(),
        catalogue_version=fields.pop("catalogue_version", CURRENT_VERSION),
        **fields,
    )
    offer.full_clean()
    with transaction.atomic():
        offer.save()
        ClaimAnswer.objects.bulk_create(
            ClaimAnswer(organization=org, offer=offer, claim_id=c.id)
            for c in catalogue(offer.catalogue_version)
        )
        audit_record(
            action=AuditEvent.Action.CREATE,
            organization=org,
            object_type="assets.claimanswer",
            object_repr=f"{len(catalogue(offer.catalogue_version))} claims of {offer}",
            changes={"offer": offer.pk},
        )
    if verify:
        offer_claims_verify(offer=offer)
    return offer


def claim_answer_update(*, claim_answer: ClaimAnswer, **values) -> ClaimAnswer:
    """Store the vendor's answer (answer / text / document_reference / document)."""
    answer = claim_answer
    unknown = set(values) - {*ANSWER_FIELDS, "document"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "not an answer field"})
    if values.get("answer") not in (None, "", *ClaimAnswer.Answer.values):
        raise ValidationError(
            {"answer": f"{values['answer']!r} is not one of yes, partly, no ({answer.claim_id})"}
        )
    for key, value in values.items():
        setattr(answer, key, value)
    answer.full_clean(exclude=["offer", "organization"])
    answer.save()
    return answer


def claim_verify_manually(
    *, claim_answer: ClaimAnswer, user, document: str, verified: bool = True, note: str = ""
) -> ClaimAnswer:
    """A person verified (or found contradicted) a claim with ``document``; records who/when."""
    answer = claim_answer
    if not document.strip():
        raise ValidationError({"document": "name the document the verification rests on"})
    claim = claims_by_id(answer.offer.catalogue_version).get(answer.claim_id)
    if claim is not None and claim.automatic:
        raise ValidationError({"claim_id": f"{answer.claim_id} is checked automatically from data"})
    answer.state = ClaimAnswer.State.VERIFIED_PERSON if verified else ClaimAnswer.State.CONTRADICTED
    answer.verified_by = user
    answer.verified_document = document.strip()[:255]
    answer.checked_at = timezone.now()
    who = getattr(user, "email", "") or str(user)
    answer.summary = note or (
        f"{'verified' if verified else 'contradicted'} by {who} with {answer.verified_document}"
    )
    answer.evidence = {"document": answer.verified_document, "by": who}
    answer.save()
    return answer


def offer_claims_verify(*, offer: Offer, today: dt.date | None = None) -> dict[str, str]:
    """(Re)check every automatic claim of ``offer``; returns the new state by claim id.

    Claims a person verifies keep their state (still unverified ones become ``unverifiable``
    once an answer exists); automatic claims are recomputed from the current data each time.
    """
    evidence = evidence_gather(offer, today=today)
    claims = claims_by_id(offer.catalogue_version)
    now = timezone.now()
    states = {}
    changed = []
    for answer in ClaimAnswer.objects.filter(offer=offer):
        claim = claims.get(answer.claim_id)
        if claim is None:
            continue
        if claim.automatic:
            verdict = CHECKERS[claim.method](evidence)
            answer.state, answer.summary, answer.evidence = (
                verdict.state,
                verdict.summary,
                verdict.evidence,
            )
            answer.checked_at = now
            changed.append(answer)
        elif answer.state == ClaimAnswer.State.PENDING and answer.answer:
            answer.state = ClaimAnswer.State.UNVERIFIABLE
            answer.summary = "waiting for a person to check the vendor's documents"
            changed.append(answer)
        states[answer.claim_id] = answer.state
    with transaction.atomic():
        ClaimAnswer.objects.bulk_update(changed, ["state", "summary", "evidence", "checked_at"])
        Offer.objects.filter(pk=offer.pk).update(last_verified_at=now)
        audit_record(
            action=AuditEvent.Action.UPDATE,
            organization=offer.organization,
            object_type="assets.offer",
            object_id=offer.pk,
            object_repr=str(offer),
            changes={"verification": states},
        )
    offer.last_verified_at = now
    return states


def offers_verify_for_product(*, product_id: int) -> int:
    """Re-check the open offers of one product (after an SBOM import); returns how many."""
    offers = Offer.objects.filter(product_id=product_id).exclude(status=Offer.Status.WITHDRAWN)
    count = 0
    for offer in offers.select_related("supplier", "product", "organization"):
        offer_claims_verify(offer=offer)
        count += 1
    return count


def offers_verify_all() -> int:
    """Re-check every offer that is not withdrawn (after an advisory import); returns how many."""
    count = 0
    offers = Offer.objects.exclude(status=Offer.Status.WITHDRAWN).select_related(
        "supplier", "product", "organization"
    )
    for offer in offers:
        offer_claims_verify(offer=offer)
        count += 1
    return count
