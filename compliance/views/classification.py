"""The classification result page and the multi-step wizard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bollwerk.views.decorators import requires
from compliance import forms
from compliance.selectors import classification_records_latest
from compliance.services.classification import (
    classification_compute_all,
    classification_is_current,
)
from compliance.services.wizard import STEPS, wizard_initial, wizard_step_save

STEP_FORMS = {
    "legal": (forms.LegalFormStep, gettext_lazy("Legal form")),
    "activities": (forms.ActivitiesStep, gettext_lazy("Activities")),
    "size": (forms.SizeStep, gettext_lazy("Size")),
    "related": (forms.RelatedFormSet, gettext_lazy("Linked and partner enterprises")),
    "it": (forms.ItStep, gettext_lazy("IT independence")),
    "kritis": (forms.KritisStep, gettext_lazy("KRITIS designation")),
}


def _lang() -> str:
    return "de" if (get_language() or "en").startswith("de") else "en"


@requires("compliance", write_action="run")
def classification(request):
    """The current classification of every legal entity; POST recomputes it."""
    org = request.organization
    if request.method == "POST":
        try:
            classification_compute_all(org=org, trigger="request")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("The classification was recomputed."))
        return redirect("compliance:classification")
    records = classification_records_latest(org=org)
    for record in records:
        record.facts_changed = not classification_is_current(record=record)
    return render(request, "compliance/classification.html", {"records": records, "lang": _lang()})


@requires("compliance")
def classification_wizard(request):
    """One step of the wizard (``?step=``); POST stores it and moves on."""
    org = request.organization
    step = request.GET.get("step", STEPS[0])
    if step not in STEPS:
        step = STEPS[0]
    form_class, title = STEP_FORMS[step]
    initial = wizard_initial(org=org, step=step)
    if request.method == "POST":
        form = (
            form_class(request.POST, initial=initial)
            if step != "related"
            else form_class(request.POST, prefix="related")
        )
        if form.is_valid():
            data = forms.related_rows(form) if step == "related" else form.cleaned_data
            try:
                records = wizard_step_save(org=org, step=step, data=data)
            except ValidationError as exc:
                target = form if step != "related" else None
                if target is not None:
                    target.add_error(None, exc)
                else:
                    messages.error(request, "; ".join(exc.messages))
            else:
                if records is not None:
                    messages.success(request, _("The organization was classified."))
                    return redirect("compliance:classification")
                following = STEPS[STEPS.index(step) + 1]
                return redirect(f"{reverse('compliance:classification-wizard')}?step={following}")
    elif step == "related":
        form = form_class(initial=initial, prefix="related")
    else:
        form = form_class(initial=initial)
    index = STEPS.index(step)
    return render(
        request,
        "compliance/wizard.html",
        {
            "form": form,
            "step": step,
            "title": title,
            "number": index + 1,
            "total": len(STEPS),
            "steps": [(s, STEP_FORMS[s][1]) for s in STEPS],
            "previous": STEPS[index - 1] if index else None,
            "is_formset": step == "related",
        },
    )
