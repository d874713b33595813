"""Procurement in the reports: the supply-chain report's vendor claims, the decision record.

Both read procurement through its selectors. The vendor-claims section replaces the "no data
yet" placeholder of ``base`` (key ``vendor_claims``). The decision record is a record kind
(see ``reports.records``) that ``assets.procurement.decision`` asks for through
``bollwerk.documents`` with the decision's id; it is written with bilingual labels
("English / Deutsch") so either reader finds their way.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from assets.models import Asset
from assets.procurement import selectors
from reports.records import Record, RecordContext, record_kind
from reports.sections import (
    Column,
    Fact,
    Facts,
    NoData,
    Paragraph,
    Row,
    Section,
    SectionContext,
    SourceRef,
    Table,
    register,
)


@register("supply_chain", key="vendor_claims", order=50)
def vendor_claims_section(ctx: SectionContext) -> Section:
    """Per offer: supplier, product, date, decision, claim counts; the contradicted claims."""
    org = ctx.organization
    offers = list(selectors.offer_claims_overview(org=org))
    title = _("Vendor security claims")
    if not offers:
        return Section(title, [NoData(_("No vendor offer recorded yet."))])
    # A product version run on OT assets is OT firmware (as in the products section).
    on_ot = set(
        Asset.objects.for_org(org)
        .filter(product_id__in={o.product_id for o in offers}, asset_class=Asset.AssetClass.OT)
        .values_list("product_id", flat=True)
    )
    texts: dict[str, dict[str, str]] = {}
    rows, contradictions = [], []
    for offer in offers:
        decision = getattr(offer, "decision", None)
        rows.append(
            Row(
                {
                    "supplier": offer.supplier.name,
                    "product": offer.product.name,
                    "version": offer.product.version,
                    "date": offer.offered_on.isoformat(),
                    "decision": decision.get_outcome_display()
                    if decision
                    else offer.get_status_display(),
                    "verified": offer.verified,
                    "contradicted": offer.contradicted,
                    "unverifiable": offer.unverifiable,
                },
                ot=offer.product_id in on_ot,
            )
        )
        if offer.contradictions and offer.catalogue_version not in texts:
            texts[offer.catalogue_version] = selectors.claim_texts(
                catalogue_version=offer.catalogue_version, language=ctx.language
            )
        for answer in offer.contradictions:
            text = texts[offer.catalogue_version].get(answer.claim_id, "")
            contradictions.append(
                Row(
                    {
                        "offer": f"{offer.supplier.name} – {offer.product.name}",
                        "date": offer.offered_on.isoformat(),
                        "claim": f"{answer.claim_id}: {text}",
                        "evidence": answer.summary,
                    }
                )
            )
    summary = Facts(
        [
            Fact(_("Offers"), len(offers)),
            Fact(_("Decided"), sum(1 for o in offers if getattr(o, "decision", None))),
            Fact(_("Offers with contradicted claims"), sum(1 for o in offers if o.contradicted)),
            Fact(_("Contradicted claims"), len(contradictions)),
        ]
    )
    offer_table = Table(
        columns=[
            Column("supplier", _("Supplier")),
            Column("product", _("Product")),
            Column("version", _("Version"), SourceRef("assets.asset", "version")),
            Column("date", _("Offer date")),
            Column("decision", _("Decision")),
            Column("verified", _("Verified")),
            Column("contradicted", _("Contradicted")),
            Column("unverifiable", _("Unverifiable")),
        ],
        rows=rows,
    )
    blocks = [summary, offer_table]
    if contradictions:
        blocks.append(
            Table(
                columns=[
                    Column("offer", _("Offer")),
                    Column("date", _("Offer date")),
                    Column("claim", _("Claim")),
                    Column("evidence", _("Evidence")),
                ],
                rows=contradictions,
                caption=_("Contradicted claims and the evidence against them"),
            )
        )
    return Section(title=title, blocks=blocks)


@record_kind("procurement_decision")
def decision_record(ctx: RecordContext) -> Record:
    """Offer facts, the decision, every claim with its evidence, contradictions, conditions."""
    decision = selectors.decision_get(org=ctx.organization, pk=ctx.object_id)
    offer = decision.offer
    return Record(
        title=f"Procurement decision record / Beschaffungsentscheidung – {offer}",
        type_label="Decision record / Entscheidungsprotokoll",
        sections=decision_sections(decision, ctx.language),
        subject=f"decision record {offer}",
        report_type="supply_chain",
        manifest={"offer": offer.pk, "decision": decision.pk, "outcome": decision.outcome},
    )


def decision_sections(decision, language: str) -> list[Section]:
    """The record's sections (called within the record's language)."""
    offer = decision.offer
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
    for item in selectors.offer_claim_rows(offer=offer, language=language):
        claim, answer = item["claim"], item["answer"]
        rows.append(
            Row(
                {
                    "id": claim.id,
                    "claim": item["text"],
                    "answer": answer.get_answer_display() if answer and answer.answer else "–",
                    "state": answer.get_state_display() if answer else "–",
                    "evidence": answer.summary if answer else "",
                }
            )
        )
        if answer and answer.state == answer.State.CONTRADICTED:
            contradictions.append(Paragraph(f"{claim.id}: {answer.summary}"))
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
    sections = [
        head,
        Section(title="Claims / Anforderungen", key="claims", blocks=[table]),
        Section(
            title="Contradictions / Widersprüche",
            key="contradictions",
            blocks=contradictions or [Paragraph("–")],
        ),
    ]
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
                            Row({"text": c.text, "due": c.due_date.isoformat()}) for c in conditions
                        ],
                    )
                ],
            )
        )
    return sections
