"""Procurement decisions and their PDF decision record, archived in the report archive.

The record goes through the reports app's own pipeline (sections → Redactor → HTML →
PDF/A with the report id embedded) and is stored as a ``supply_chain`` / internal
:class:`reports.models.Report`, so ``verify_report`` recognises it byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from assets.procurement.catalogue import claims_by_id
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer
from assets.procurement.services import offer_claims_verify
from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record
from reports.models import Report
from reports.redaction import Redactor
from reports.rendering import PDF_A2B, html_to_pdf
from reports.sections import Column, Fact, Facts, Paragraph, Row, Section, Table
from reports.services.document import (
    ReportContent,
    Timings,
    marking,
    pdf_terms,
    report_html_build,
)


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
        decision.report = decision_pdf_archive(decision=decision, user=user, language=language)
        decision.save(update_fields=["report"])
    return decision


def decision_sections(decision: Decision, language: str) -> list[Section]:
    """The record's content: offer facts, the decision, conditions, every claim with evidence."""
    offer = decision.offer
    claims = claims_by_id(offer.catalogue_version)
    answers = {a.claim_id: a for a in ClaimAnswer.objects.filter(offer=offer)}
    with translation.override(language):
        head = Section(
            title=f"{offer.supplier} – {offer.product}",
            key="offer",
            blocks=[
                Facts(
                    [
                        Fact("Offer date / Angebotsdatum", offer.offered_on.isoformat()),
                        Fact("Reference / Referenz", offer.reference or "–"),
                        Fact("Decision / Entscheidung", decision.get_outcome_display()),
                        Fact("Decided / Entschieden", decision.decided_at.strftime("%Y-%m-%d")),
                        Fact("Claims catalogue / Katalog", offer.catalogue_version),
                    ]
                ),
                Paragraph(decision.rationale or "–"),
            ],
        )
        rows = []
        contradictions = []
        for claim_id, claim in claims.items():
            answer = answers.get(claim_id)
            state = answer.get_state_display() if answer else "–"
            rows.append(
                Row(
                    {
                        "id": claim_id,
                        "claim": claim.text_in(language),
                        "answer": (
                            answer.get_answer_display() if answer and answer.answer else "–"
                        ),
                        "state": state,
                        "evidence": answer.summary if answer else "",
                    }
                )
            )
            if answer and answer.state == ClaimAnswer.State.CONTRADICTED:
                contradictions.append(Paragraph(f"{claim_id}: {answer.summary}"))
        table = Table(
            columns=[
                Column("id", "ID"),
                Column("claim", "Claim / Anforderung"),
                Column("answer", "Answer / Antwort"),
                Column("state", "Verification / Prüfung"),
                Column("evidence", "Evidence / Nachweis"),
            ],
            rows=rows,
        )
        sections = [head, Section(title="Claims / Anforderungen", key="claims", blocks=[table])]
        sections.append(
            Section(
                title="Contradictions / Widersprüche",
                key="contradictions",
                blocks=contradictions or [Paragraph("–")],
            )
        )
        conditions = list(decision.conditions.all())
        if conditions:
            sections.append(
                Section(
                    title="Conditions / Auflagen",
                    key="conditions",
                    blocks=[
                        Table(
                            columns=[Column("text", "Condition"), Column("due", "Due")],
                            rows=[
                                Row({"text": c.text, "due": c.due_date.isoformat()})
                                for c in conditions
                            ],
                        )
                    ],
                )
            )
    return sections


def decision_pdf_archive(*, decision: Decision, user=None, language: str = "de") -> Report:
    """Render the decision record to PDF/A and store it as a done report in the archive."""
    org = decision.organization
    now = timezone.now()
    report = Report.objects.create(
        organization=org,
        report_type=Report.Type.SUPPLY_CHAIN,
        audience=Report.Audience.INTERNAL,
        language=language,
        requested_by=user,
        requested_by_label=getattr(user, "email", "") or "Bollwerk",
        status=Report.Status.RUNNING,
    )
    with translation.override(language):
        title = f"Procurement decision record / Beschaffungsentscheidung – {decision.offer}"
        cover = {
            "title": title,
            "type_label": "Decision record / Entscheidungsprotokoll",
            "report_type": report.report_type,
            "audience": report.audience,
            "audience_label": str(Report.Audience(report.audience).label),
            "marking": marking(report.audience, language),
            "terms": pdf_terms(language),
            "org_name": org.name,
            "generated_at": now,
            "data_as_of": now,
            "generated_by": report.requested_by_label,
            "report_id": str(report.public_id),
        }
    redactor = Redactor(secret=org.pseudonym_secret, audience=report.audience)
    content = ReportContent(
        redactor.sections(decision_sections(decision, language)), redactor, cover, Timings()
    )
    html = report_html_build(content=content, language=language)
    rendered = html_to_pdf(html, variant=PDF_A2B, identifier=report.public_id.bytes)
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    name = default_storage.save(
        f"reports/{org.pk}/{report.public_id}.pdf", ContentFile(rendered.pdf)
    )
    manifest = {
        "report_id": str(report.public_id),
        "type": "procurement_decision",
        "offer": decision.offer_id,
        "decision": decision.pk,
        "outcome": decision.outcome,
        "sha256": digest,
        "pages": rendered.pages,
    }
    Report.objects.filter(pk=report.pk).update(
        file=name,
        sha256=digest,
        pages=rendered.pages,
        generated_at=now,
        data_as_of=now,
        manifest=manifest,
        status=Report.Status.DONE,
        progress=100,
    )
    audit_record(
        action=AuditEvent.Action.REPORT_GENERATED,
        organization=org,
        object_type="reports.report",
        object_id=report.pk,
        object_repr=f"decision record {decision.offer}",
        changes={"sha256": digest, "decision": decision.pk},
    )
    report.refresh_from_db()
    return report


def condition_mark_done(*, condition: DecisionCondition, done_on: dt.date | None = None):
    """Mark a decision condition fulfilled on ``done_on`` (default today)."""
    condition.done_on = done_on or dt.date.today()
    condition.save(update_fields=["done_on"])
    return condition
