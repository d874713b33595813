"""Advisory pages: list, detail, raw document and upload (thin: forms, selectors, services).

Advisories are instance-wide, so the URL keys are advisory keys, not organization objects;
every page still needs login, a membership (``request.membership``) and the role map's
permission on the ``vulnerability`` group (view for every role, upload = add).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from assets.advisories import selectors
from assets.advisories.forms import AdvisoryFilterForm, AdvisoryUploadForm
from assets.advisories.models import Advisory
from assets.advisories.services import advisories_import
from bollwerk.views.decorators import requires

PAGE_SIZE = 50


@requires("vulnerability", "view")
def advisory_list(request):
    form = AdvisoryFilterForm(request.GET or None)
    advisories = selectors.advisory_list(filters=form.filters())
    page = Paginator(advisories, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assets/advisories/advisory_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@requires("vulnerability", "view")
def advisory_detail(request, pk: int):
    try:
        advisory = selectors.advisory_get(pk=pk)
    except Advisory.DoesNotExist:
        raise Http404 from None
    from assets.selectors_matching import matches_for_advisory

    org_matches = matches_for_advisory(org=request.organization, advisory_pk=advisory.pk)
    return render(
        request,
        "assets/advisories/advisory_detail.html",
        {"advisory": advisory, "org_matches": org_matches},
    )


@requires("vulnerability", "view")
def advisory_raw(request, pk: int):
    try:
        source_id, raw = selectors.advisory_raw(pk=pk)
    except Advisory.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(raw, content_type="application/json; charset=utf-8")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in source_id)
    response["Content-Disposition"] = f'attachment; filename="{safe}.json"'
    return response


@requires("vulnerability", "add")
def advisory_upload(request):
    report = None
    if request.method == "POST":
        form = AdvisoryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = advisories_import(
                    files=form.cleaned_data["files"], format=form.cleaned_data["format"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
    else:
        form = AdvisoryUploadForm()
    return render(
        request, "assets/advisories/advisory_upload.html", {"form": form, "report": report}
    )
