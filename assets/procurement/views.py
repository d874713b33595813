"""Procurement pages: offers, their claims and evidence, questionnaire, decision, suppliers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets.models import Product, Supplier
from assets.procurement import selectors
from assets.procurement.decision import condition_mark_done, decision_record, decision_record_pdf
from assets.procurement.forms import (
    DecisionForm,
    ManualVerificationForm,
    OfferForm,
    QuestionnaireImportForm,
    SbomUploadForm,
)
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer
from assets.procurement.questionnaire import (
    questionnaire_import,
    questionnaire_pdf,
    questionnaire_xlsx,
)
from assets.procurement.services import (
    claim_answer_update,
    claim_verify_manually,
    offer_claims_verify,
    offer_create,
)
from assets.sbom import SbomError
from assets.services.sbom import sbom_import
from bollwerk.permissions import ADD, CHANGE, role_can
from bollwerk.views.decorators import requires

GROUP = "supply_chain"


def _offer(request, pk) -> Offer:
    return get_object_or_404(selectors.offer_list(org=request.organization), pk=pk)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@requires(GROUP)
def offer_list(request):
    """All offers with claim counts."""
    offers = selectors.offer_list(org=request.organization)
    may_add = role_can(request.membership.role, GROUP, ADD)
    return render(
        request, "assets/procurement/offer_list.html", {"offers": offers, "may_add": may_add}
    )


@requires(GROUP, write_action=ADD)
def offer_new(request):
    """Record a new offer; the product is created under the supplier when new."""
    form = OfferForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = request.organization
        try:
            with transaction.atomic():
                product, _created = Product.objects.get_or_create(
                    organization=org,
                    supplier=data["supplier"],
                    name=data["product_name"].strip(),
                    version=data["product_version"].strip(),
                )
                offer = offer_create(
                    org=org,
                    supplier=data["supplier"],
                    product=product,
                    offered_on=data["offered_on"],
                    reference=data["reference"],
                    support_end=data["support_end"],
                    min_support_years=data["min_support_years"],
                    sbom_quality_threshold=data["sbom_quality_threshold"],
                )
        except (ValidationError, IntegrityError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Offer recorded."))
            return redirect("assets:procurement-offer-detail", offer.pk)
    return render(request, "assets/procurement/offer_form.html", {"form": form})


@requires(GROUP, model=Offer)
def offer_detail(request, pk):
    """The offer: claims with answers and verification, SBOM quality, decision."""
    offer = _offer(request, pk)
    may_change = role_can(request.membership.role, GROUP, CHANGE)
    sbom = selectors.offer_current_sbom(offer=offer)
    context = {
        "offer": offer,
        "rows": selectors.offer_claim_rows(offer=offer, language=get_language()),
        "answers": ClaimAnswer.Answer.choices,
        "sbom": sbom,
        "decision": selectors.decision_of(offer=offer),
        "may_change": may_change,
        "sbom_form": SbomUploadForm(),
        "import_form": QuestionnaireImportForm(),
        "verify_form": ManualVerificationForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "assets/procurement/offer_detail.html", context)


@require_POST
@requires(GROUP, model=Offer)
def offer_answers(request, pk):
    """Save the vendor's answers entered on the page (all or nothing)."""
    offer = _offer(request, pk)
    try:
        with transaction.atomic():
            for answer in ClaimAnswer.objects.filter(offer=offer):
                prefix = f"c-{answer.claim_id}-"
                if prefix + "answer" not in request.POST:
                    continue
                claim_answer_update(
                    claim_answer=answer,
                    answer=request.POST.get(prefix + "answer", ""),
                    text=request.POST.get(prefix + "text", ""),
                    document_reference=request.POST.get(prefix + "doc", "")[:255],
                )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        offer_claims_verify(offer=offer)
        messages.success(request, _("Answers saved."))
    return redirect("assets:procurement-offer-detail", offer.pk)


@require_POST
@requires(GROUP, model=Offer)
def offer_sbom(request, pk):
    """Upload the vendor's SBOM for the offered product and re-check the claims."""
    offer = _offer(request, pk)
    form = SbomUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an SBOM file."))
    else:
        upload = form.cleaned_data["file"]
        try:
            sbom_import(
                org=request.organization, file=upload, file_name=upload.name, product=offer.product
            )
        except (SbomError, ValidationError) as exc:
            messages.error(request, str(exc))
        else:
            offer_claims_verify(offer=offer)
            messages.success(request, _("SBOM imported; claims re-checked."))
    return redirect("assets:procurement-offer-detail", offer.pk)


@require_POST
@requires(GROUP, "run", model=Offer)
def offer_verify(request, pk):
    """Re-check the offer's automatic claims now."""
    offer = _offer(request, pk)
    offer_claims_verify(offer=offer)
    messages.success(request, _("Claims re-checked."))
    return redirect("assets:procurement-offer-detail", offer.pk)


@requires(GROUP, model=Offer)
def questionnaire_download(request, pk, fmt):
    """The vendor questionnaire as XLSX or PDF."""
    offer = _offer(request, pk)
    if fmt == "pdf":
        data = questionnaire_pdf(offer=offer, language=(get_language() or "de")[:2])
        content_type = "application/pdf"
    else:
        data = questionnaire_xlsx(offer=offer)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{offer.pk}.{fmt}"'
    return response


@require_POST
@requires(GROUP, model=Offer)
def questionnaire_upload(request, pk):
    """Import a filled questionnaire; every problem is listed, nothing stored on error."""
    offer = _offer(request, pk)
    form = QuestionnaireImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the filled XLSX file."))
    else:
        try:
            count = questionnaire_import(offer=offer, data=form.cleaned_data["file"].read())
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("%(n)d answers imported.") % {"n": count})
    return redirect("assets:procurement-offer-detail", offer.pk)


@require_POST
@requires(GROUP, model=ClaimAnswer)
def claim_verify(request, pk):
    """A person records the verification of a claim with the document checked."""
    answer = get_object_or_404(ClaimAnswer.objects.for_org(request.organization), pk=pk)
    form = ManualVerificationForm(request.POST)
    if form.is_valid():
        try:
            claim_verify_manually(
                claim_answer=answer,
                user=request.user,
                document=form.cleaned_data["document"],
                verified=form.cleaned_data["verified"],
            )
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Name the document checked."))
    return redirect("assets:procurement-offer-detail", answer.offer_id)


@require_POST
@requires(GROUP, model=Offer)
def offer_decide(request, pk):
    """Decide on the offer and archive the PDF decision record."""
    offer = _offer(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision_record(
                offer=offer,
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data["rationale"],
                conditions=form.conditions(),
                user=request.user,
                language=(get_language() or "de")[:2],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Decision recorded; the decision record is archived."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("assets:procurement-offer-detail", offer.pk)


@requires(GROUP, model=Decision)
def decision_pdf(request, pk):
    """The archived decision record PDF.

    Readable by every role that reads the supply chain (auditors and viewers
    included): the record holds the supplier, the claims, their evidence
    summaries and the decision, no topology, the same as the offer page.
    """
    decision = get_object_or_404(Decision.objects.for_org(request.organization), pk=pk)
    data = decision_record_pdf(decision=decision)
    if data is None:
        raise Http404("no decision record")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{decision.offer_id}.pdf"'
    return response


@require_POST
@requires(GROUP, model=DecisionCondition)
def condition_done(request, pk):
    """Mark a condition of an approval fulfilled today."""
    condition = get_object_or_404(
        DecisionCondition.objects.for_org(request.organization).select_related("decision"), pk=pk
    )
    condition_mark_done(condition=condition)
    return redirect("assets:procurement-offer-detail", condition.decision.offer_id)


@requires(GROUP)
def supplier_list(request):
    """Suppliers: offers, claim states, open KEV contradictions, last assessment."""
    suppliers = selectors.supplier_overview(org=request.organization)
    return render(request, "assets/procurement/supplier_list.html", {"suppliers": suppliers})


@requires(GROUP, model=Supplier)
def supplier_detail(request, pk):
    """One supplier: its offers and their claim states and SBOM quality."""
    supplier = get_object_or_404(selectors.supplier_overview(org=request.organization), pk=pk)
    return render(request, "assets/procurement/supplier_detail.html", {"supplier": supplier})
