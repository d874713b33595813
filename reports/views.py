"""Report archive pages: list, request, status (htmx), download, release, verify."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk.models import Role
from bollwerk.permissions import role_can
from bollwerk.views.decorators import requires
from reports import selectors
from reports.forms import ReportRequestForm, ReportVerifyForm
from reports.models import Report
from reports.services.archive import report_download, report_release, report_verify
from reports.services.generation import report_request


def _get(request, pk: int) -> Report:
    try:
        return selectors.report_get(org=request.organization, pk=pk, membership=request.membership)
    except Report.DoesNotExist:
        raise Http404("no such report") from None


@requires("report", "view")
def report_list(request):
    reports = selectors.report_list(org=request.organization, membership=request.membership)
    role = request.membership.role
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "form": ReportRequestForm(initial={"language": request.LANGUAGE_CODE}),
            "may_generate": role_can(role, "report", "add"),
            "may_release": role_can(role, "report", "change"),
            "is_auditor": role == Role.AUDITOR,
        },
    )


@requires("report", "add")
def report_create(request):
    form = ReportRequestForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        report = report_request(
            organization=request.organization,
            report_type=form.cleaned_data["report_type"],
            audience=form.cleaned_data["audience"],
            language=form.cleaned_data["language"],
            user=request.user,
        )
        return redirect("reports:report-detail", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form})


@requires("report", "view", model=Report)
def report_detail(request, pk: int):
    report = _get(request, pk)
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "may_release": role_can(request.membership.role, "report", "change")},
    )


@requires("report", "view", model=Report)
def report_status(request, pk: int):
    """The htmx-polled status fragment (polling stops once the report is done or failed)."""
    return render(request, "reports/partials/_status.html", {"report": _get(request, pk)})


def _download(request, pk: int, bundle: bool):
    report = _get(request, pk)
    try:
        data, name, media_type = report_download(report=report, bundle=bundle)
    except ValidationError:
        raise Http404("no file") from None
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires("report", "view", model=Report)
def report_download_pdf(request, pk: int):
    return _download(request, pk, bundle=False)


@requires("report", "view", model=Report)
def report_download_bundle(request, pk: int):
    return _download(request, pk, bundle=True)


@requires("report", "change", model=Report)
@require_POST
def report_release_view(request, pk: int):
    report = _get(request, pk)
    try:
        report_release(report=report, released=request.POST.get("released") != "0")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Release updated."))
    return redirect("reports:report-detail", pk=report.pk)


@requires("report", "view")
def report_verify_view(request):
    """Check an uploaded copy; another organization's report reads as "not yours", nothing more."""
    form = ReportVerifyForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        result = report_verify(data=form.cleaned_data["file"].read())
        ours = (
            result.report is not None and result.report.organization_id == request.organization.pk
        )
        outcome = {
            "ours": ours,
            "valid": ours and result.valid,
            "report": result.report if ours else None,
            "sha256": result.sha256,
        }
    return render(request, "reports/verify.html", {"form": form, "outcome": outcome})
