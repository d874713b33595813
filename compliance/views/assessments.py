"""Assessment list, one assessment with its evidence and history, evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk.views.decorators import requires
from compliance.forms import AssessmentForm, EvidenceForm
from compliance.models import ControlAssessment, Evidence
from compliance.selectors import (
    assessment_list,
    evidence_expires,
    evidence_list,
    history_list,
)
from compliance.services.assessment import (
    assessment_update,
    assessments_ensure,
    evidence_add_file,
    evidence_add_link,
)


def _lang() -> str:
    return "de" if (get_language() or "en").startswith("de") else "en"


@requires("compliance")
def assessments(request):
    """Every applicable control with its assessment (missing rows are created first)."""
    org = request.organization
    assessments_ensure(org=org)
    filters = {"status": request.GET.get("status", ""), "duty": request.GET.get("duty", "")}
    return render(
        request,
        "compliance/assessments.html",
        {
            "assessments": assessment_list(org=org, filters=filters),
            "statuses": ControlAssessment.Status.choices,
            "filters": filters,
            "lang": _lang(),
        },
    )


@requires("compliance", model=ControlAssessment)
def assessment_detail(request, pk: int):
    """One assessment: the control, the form, evidence (valid or not) and history."""
    org = request.organization
    assessment = get_object_or_404(assessment_list(org=org), pk=pk)
    form = AssessmentForm(request.POST or None, instance=assessment, organization=org)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.changed_data}
        fresh = get_object_or_404(ControlAssessment.objects.for_org(org), pk=pk)
        try:
            assessment_update(assessment=fresh, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("compliance:assessment-detail", pk=pk)
    today = timezone.localdate()
    items = [
        (e, evidence_expires(e), e.valid_from <= today <= evidence_expires(e))
        for e in evidence_list(org=org, assessment=assessment)
    ]
    return render(
        request,
        "compliance/assessment_detail.html",
        {
            "assessment": assessment,
            "control": assessment.control,
            "form": form,
            "evidence_form": EvidenceForm(),
            "evidence": items,
            "history": history_list(org=org, assessment=assessment)[:50],
            "lang": _lang(),
        },
    )


@require_POST
@requires("compliance", model=ControlAssessment)
def evidence_add(request, pk: int):
    """Add an evidence file or link to an assessment."""
    org = request.organization
    assessment = get_object_or_404(
        ControlAssessment.objects.for_org(org).select_related("control"), pk=pk
    )
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        common = {
            "assessment": assessment,
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "review_months": data["review_months"],
            "user": request.user,
        }
        try:
            if data["file"]:
                evidence_add_file(upload=data["file"], title=data["title"], **common)
            else:
                evidence_add_link(url=data["url"], title=data["title"], **common)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("The evidence was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("compliance:assessment-detail", pk=pk)


@requires("compliance", model=Evidence)
def evidence_download(request, pk: int):
    """The stored file of an evidence item (as an attachment)."""
    evidence = get_object_or_404(Evidence.objects.for_org(request.organization), pk=pk)
    if not evidence.file:
        raise Http404("no file")
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.filename or "evidence"
    )
