"""Procurement decisions and their PDF decision record, archived in the report archive.

The record is asked for through the platform's document interface (``bollwerk.documents``,
implemented by the reports app: sections → Redactor → HTML → PDF/A with the report id
embedded, stored in the report archive, so ``verify_report`` recognises it byte for byte).
The decision keeps a plain reference: the record's public id and SHA-256.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from assets.procurement.models import Decision, DecisionCondition, Offer
from assets.procurement.services import offer_claims_verify
from bollwerk import documents

#: The record kind the document backend renders for a decision (``object_id`` = decision pk).
RECORD_KIND = "procurement_decision"


def decision_record(
    *,
    offer: Offer,
    outcome: str,
    user=None,
    rationale: str = "",
    conditions: list[dict] | None = None,
    language: str = "de",
) -> Decision:
    """Decide on ``offer`` (approve / conditions / reject), re-check it and archive the PDF.

    ``conditions`` (``[{"text", "due_date"}]``) are required for ``conditions`` and refused
    otherwise. ValidationError naming the field; nothing is stored then.
    """
    conditions = conditions or []
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": f"{outcome!r}: use approve, conditions or reject"})
    if outcome == Decision.Outcome.CONDITIONS and not conditions:
        raise ValidationError({"conditions": "approval with conditions needs a condition"})
    if outcome != Decision.Outcome.CONDITIONS and conditions:
        raise ValidationError({"conditions": "only an approval with conditions has conditions"})
    for index, item in enumerate(conditions, start=1):
        if not str(item.get("text", "")).strip() or not isinstance(item.get("due_date"), dt.date):
            raise ValidationError({"conditions": f"condition {index}: text and due date needed"})
    if Decision.objects.filter(offer=offer).exists():
        raise ValidationError({"offer": "this offer has been decided already"})
    offer_claims_verify(offer=offer)
    org = offer.organization
    with transaction.atomic():
        decision = Decision.objects.create(
            organization=org, offer=offer, outcome=outcome, rationale=rationale, decided_by=user
        )
        for item in conditions:
            DecisionCondition.objects.create(
                organization=org,
                decision=decision,
                text=item["text"].strip(),
                due_date=item["due_date"],
            )
        Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DECIDED)
        offer.status = Offer.Status.DECIDED
        record = documents.document_archive(
            organization=org, kind=RECORD_KIND, object_id=decision.pk, language=language, user=user
        )
        decision.report_public_id, decision.report_sha256 = record.public_id, record.sha256
        decision.save(update_fields=["report_public_id", "report_sha256"])
    return decision


def decision_record_pdf(*, decision: Decision) -> bytes | None:
    """The archived decision record's PDF (an audited download), or None when there is none."""
    if decision.report_public_id is None:
        return None
    try:
        return documents.document_read(
            organization=decision.organization_id, public_id=decision.report_public_id
        )
    except LookupError:
        return None


def condition_mark_done(*, condition: DecisionCondition, done_on: dt.date | None = None):
    """Mark a decision condition fulfilled on ``done_on`` (default today)."""
    condition.done_on = done_on or dt.date.today()
    condition.save(update_fields=["done_on"])
    return condition
