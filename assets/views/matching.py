"""Vulnerability pages: the organization's matches, one match (why, priority, VEX), VEX export."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from assets import selectors_matching as selectors
from assets.models import Product, VulnerabilityMatch
from assets.models.matching import Justification, VexStatus
from assets.services.vex import vex_export, vex_set
from bollwerk.views.decorators import requires


class VexForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=VexStatus.choices)
    justification = forms.ChoiceField(
        label=_("justification"), choices=[("", "—"), *Justification.choices], required=False
    )
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def _filters(request) -> dict:
    kev = request.GET.get("kev")
    return {
        "status": request.GET.get("status") or "open",
        "severity": request.GET.get("severity", ""),
        "kev": {"1": True, "0": False}.get(kev),
        "criticality": request.GET.get("criticality", "")
        if (request.GET.get("criticality") or "").isdecimal()
        else "",
        "supplier": request.GET.get("supplier", ""),
    }


@requires("vulnerability", "view")
def vulnerability_list(request):
    filters = _filters(request)
    matches = selectors.match_list(org=request.organization, filters=filters)
    page = Paginator(matches, 50).get_page(request.GET.get("page"))
    return render(request, "assets/vulnerabilities/list.html", {
        "page": page, "filters": filters, "statuses": VexStatus.choices,
    })  # fmt: skip


def _match(request, pk):
    try:
        return selectors.match_get(org=request.organization, pk=pk)
    except VulnerabilityMatch.DoesNotExist:
        raise Http404 from None


@requires("vulnerability", model=VulnerabilityMatch)
def vulnerability_detail(request, pk: int):
    match = _match(request, pk)
    form = VexForm(request.POST or None, initial={"status": match.status,
                                                  "justification": match.justification})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            vex_set(match=match, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("assets:vulnerability-detail", pk=match.pk)
    return render(request, "assets/vulnerabilities/detail.html", {"match": match, "form": form})


@requires("vulnerability", "view")
def vulnerability_vex(request):
    spec = request.GET.get("spec", "1.6")
    product = None
    if request.GET.get("product"):
        product = (
            Product.objects.for_org(request.organization).filter(pk=request.GET["product"]).first()
        )
        if product is None:
            raise Http404
    try:
        body = vex_export(org=request.organization, product=product, spec=spec)
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=400)
    name = request.organization.slug + (f"-product-{product.pk}" if product else "")
    response = HttpResponse(body, content_type="application/vnd.cyclonedx+json")
    response["Content-Disposition"] = f'attachment; filename="vex-{name}.cdx.json"'

    return response
