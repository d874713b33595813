"""Check pages: schedules (with "run now"), runs, findings and notification settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk.checks import findings, notifications, schedules, selectors, services
from bollwerk.checks.forms import (
    FindingActionForm,
    FindingFilterForm,
    NotificationSettingsForm,
    RunFilterForm,
    ScheduleForm,
)
from bollwerk.checks.models import CheckRun, CheckSchedule, Finding
from bollwerk.permissions import CHANGE, RUN
from bollwerk.views.decorators import requires
from bollwerk.views.lookup import LookupView


def _get(selector, **kwargs):
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@requires("check")
def schedule_list(request):
    """Every visible check with its schedule, last run and the "run now" button."""
    org = request.organization
    schedules.schedules_sync(organization=org)
    rows = []
    for schedule in selectors.schedule_list(org=org):
        check = schedules.schedule_check(schedule)
        if check is None or check.hidden:
            continue
        task = schedule.periodic_task
        rows.append(
            {
                "schedule": schedule,
                "check": check,
                "describe": schedules.schedule_describe(schedule),
                "next_run": schedules.schedule_next_run(schedule),
                "form": ScheduleForm(
                    prefix=f"s{schedule.pk}",
                    initial={
                        "enabled": bool(task and task.enabled),
                        "kind": "crontab" if task and task.crontab_id else "interval",
                        "interval_minutes": _minutes(task),
                        "crontab": schedules.schedule_crontab(schedule),
                    },
                ),
            }
        )
    return render(request, "bollwerk/checks/schedule_list.html", {"rows": rows})


def _minutes(task) -> int | None:
    if task is None or not task.interval_id:
        return None
    factor = {"seconds": 1 / 60, "minutes": 1, "hours": 60, "days": 1440}.get(
        task.interval.period, 1
    )
    return max(1, int(task.interval.every * factor))


@require_POST
@requires("check", CHANGE, model=CheckSchedule)
def schedule_change(request, pk: int):
    schedule = _get(selectors.schedule_get, org=request.organization, pk=pk)
    form = ScheduleForm(request.POST, prefix=f"s{schedule.pk}")
    if not form.is_valid():
        messages.error(
            request, _("The schedule was not changed: %(e)s") % {"e": form.errors.as_text()}
        )
        return redirect("checks:schedule-list")
    try:
        schedules.schedule_update(schedule=schedule, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(
            request,
            _("The schedule was not changed: %(e)s") % {"e": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request, _("The schedule of %(c)s was saved.") % {"c": schedule.check_name}
        )
    return redirect("checks:schedule-list")


@require_POST
@requires("check", RUN, model=CheckSchedule)
def schedule_run(request, pk: int):
    """Queue a run now; an unreachable queue is a clear message, never a 500."""
    schedule = _get(selectors.schedule_get, org=request.organization, pk=pk)
    try:
        result = services.check_run_request(
            organization=request.organization,
            check_name=schedule.check_name,
            trigger=CheckRun.Trigger.MANUAL,
            user=request.user,
        )
    except services.QueueUnavailable:
        messages.error(
            request,
            _(
                "The queue is unreachable, so the check could not be started. "
                "The run was recorded as failed; try again when the queue is back."
            ),
        )
        return redirect("checks:schedule-list")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("checks:schedule-list")
    if result.created:
        messages.success(request, _("The check was queued."))
    else:
        messages.info(request, _("This check is already queued or running."))
    return redirect("checks:run-detail", pk=result.run.pk)


@requires("check")
def run_list(request):
    form = RunFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.run_list(org=request.organization, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "bollwerk/checks/run_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@requires("check", model=CheckRun)
def run_detail(request, pk: int):
    run = _get(selectors.run_get, org=request.organization, pk=pk)
    return render(
        request,
        "bollwerk/checks/run_detail.html",
        {"run": run, "findings": selectors.run_findings(run=run)},
    )


@requires("check")
def finding_list(request):
    org = request.organization
    form = FindingFilterForm(request.GET or None, sources=selectors.finding_sources(org=org))
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.finding_list(org=org, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "bollwerk/checks/finding_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@requires("check", model=Finding)
def finding_detail(request, pk: int):
    finding = _get(selectors.finding_get, org=request.organization, pk=pk)
    return render(
        request,
        "bollwerk/checks/finding_detail.html",
        {
            "finding": finding,
            "actions": findings.finding_actions(finding),
            "form": FindingActionForm(initial={"action": "accept_risk"}),
        },
    )


@require_POST
@requires("check", CHANGE, model=Finding)
def finding_action(request, pk: int):
    """Acknowledge, accept the risk of, or reopen a finding."""
    finding = _get(selectors.finding_get, org=request.organization, pk=pk)
    form = FindingActionForm(request.POST)
    if form.is_valid():
        try:
            findings.finding_status_change(finding=finding, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The finding is now %(s)s.") % {"s": finding.get_status_display()}
            )
            return redirect("checks:finding-detail", pk=finding.pk)
    finding = _get(selectors.finding_get, org=request.organization, pk=pk)
    return render(
        request,
        "bollwerk/checks/finding_detail.html",
        {"finding": finding, "actions": findings.finding_actions(finding), "form": form},
        status=400,
    )


@requires("check", CHANGE)
def notification_settings(request):
    config = notifications.notification_settings_get(organization=request.organization)
    form = NotificationSettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        notifications.notification_settings_update(
            organization=request.organization, data=form.cleaned_data
        )
        messages.success(request, _("The notification settings were saved."))
        return redirect("checks:notification-settings")
    return render(
        request,
        "bollwerk/checks/notification_settings.html",
        {"form": form, "secret": config.webhook_secret},
    )


class FindingLookupView(LookupView):
    """Findings for the pickers (an incident's related findings): newest first, by title."""

    model = Finding
    search_fields = ("title", "kind", "source")
    order_by = ("-last_seen_at", "pk")
    only = ("id", "title", "last_seen_at")
