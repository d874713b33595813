"""The risk register: list with heat maps, create, edit, matrix settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bollwerk.views.decorators import requires
from compliance import svg
from compliance.forms import ASSET_SEARCH, RiskForm, RiskMatrixForm
from compliance.models import Risk
from compliance.selectors import (
    asset_search,
    catalogue_current,
    risk_cells,
    risk_list,
    risk_matrix_get,
)
from compliance.services.risks import LINKS, risk_matrix_save, risk_save


def heat_maps(org) -> tuple:
    """The inherent and residual heat maps of an organization (SVG)."""
    matrix = risk_matrix_get(org=org)
    cells = risk_cells(org=org)
    common = {
        "likelihood_labels": matrix.likelihood_labels,
        "impact_labels": matrix.impact_labels,
        "threshold": matrix.acceptance_threshold,
    }
    return (
        svg.heat_map(cells=cells["inherent"], title=_("Inherent risk"), **common),
        svg.heat_map(cells=cells["residual"], title=_("Residual risk"), **common),
    )


@requires("compliance")
def risks(request):
    """Every risk with its ratings, plus the inherent and residual heat maps."""
    org = request.organization
    inherent, residual = heat_maps(org)
    filters = {
        "status": request.GET.get("status", ""),
        "treatment": request.GET.get("treatment", ""),
    }
    return render(
        request,
        "compliance/risks.html",
        {
            "risks": risk_list(org=org, filters=filters),
            "matrix": risk_matrix_get(org=org),
            "inherent_svg": inherent,
            "residual_svg": residual,
            "filters": filters,
            "statuses": Risk.Status.choices,
            "treatments": Risk.Treatment.choices,
        },
    )


def _edit(request, risk: Risk | None):
    org = request.organization
    controls = catalogue_current().controls.order_by("position")
    form = RiskForm(request.POST or None, instance=risk, organization=org, controls=controls)
    if request.method == "POST" and form.is_valid():
        links = {name: form.cleaned_data[name] for name in ("controls", *LINKS)}
        data = {k: v for k, v in form.cleaned_data.items() if k not in links}
        try:
            saved = risk_save(org=org, data=data, risk=risk, **links)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("compliance:risk-edit", pk=saved.pk)
    if request.GET.get(ASSET_SEARCH):
        form.show_asset_search(request.GET[ASSET_SEARCH])
    return render(request, "compliance/risk_form.html", {"form": form, "risk": risk})


@requires("compliance", "add")
def risk_create(request):
    """A new risk."""
    return _edit(request, None)


@requires("compliance", model=Risk)
def risk_edit(request, pk: int):
    """Change a risk (GET shows it to every reader)."""
    risk = get_object_or_404(Risk.objects.for_org(request.organization), pk=pk)
    return _edit(request, risk)


@requires("inventory")
def risk_asset_search(request):
    """The asset picker's matches for ``?asset_q=`` (an htmx partial of checkboxes)."""
    results, more = asset_search(org=request.organization, query=request.GET.get(ASSET_SEARCH, ""))
    return render(
        request,
        "compliance/partials/_picker_results.html",
        {
            "results": results,
            "more": more,
            "name": "affected_assets",
            "searched": request.GET.get(ASSET_SEARCH, ""),
        },
    )


@requires("compliance")
def risk_matrix(request):
    """The 5×5 matrix: level labels and the acceptance threshold."""
    org = request.organization
    matrix = risk_matrix_get(org=org)
    form = RiskMatrixForm(
        request.POST or None,
        initial={
            "likelihood_labels": "\n".join(matrix.likelihood_labels),
            "impact_labels": "\n".join(matrix.impact_labels),
            "acceptance_threshold": matrix.acceptance_threshold,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            risk_matrix_save(org=org, data=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The risk matrix was saved."))
            return redirect("compliance:risks")
    return render(request, "compliance/risk_matrix.html", {"form": form})
