"""Incident pages: list, detail, create/edit/delete, drafts, notice, the clocks panel.

The forms that act on one incident (timeline, significance, submissions,
review, follow-ups) live in :mod:`compliance.incidents.views_actions`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bollwerk.permissions import ADD, CHANGE, DELETE, role_can
from bollwerk.views.decorators import requires

from . import selectors
from .drafts import STAGE_FIELDS, incident_report_data, recipients_notice
from .forms import EventForm, FollowUpForm, IncidentForm, SignificanceForm, SubmissionForm
from .models import Incident, SignificanceDecision
from .presenters import STAGE_LABELS, clocks_panel_rows, obligation_rows
from .services import M2M_FIELDS, incident_delete, incident_save

PAGE_SIZE = 50
GROUP = "incident"


def _may(request) -> set[str]:
    role = request.membership.role
    return {a for a in (ADD, CHANGE, DELETE) if role_can(role, GROUP, a)}


def load_incident(request, pk: int) -> Incident:
    """The incident with everything the pages show; another organization's is 404."""
    try:
        return selectors.incident_get(org=request.organization, pk=pk)
    except Incident.DoesNotExist:
        raise Http404("no such incident") from None


@requires(GROUP)
def incident_list(request):
    """Incidents filtered by status, category and open clocks, 50 per page."""
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    open_only = request.GET.get("open_clocks") == "1"
    queryset = selectors.incident_list(
        org=request.organization,
        status=status if status in Incident.Status.values else "",
        category=category if category in Incident.Category.values else "",
        open_clocks=open_only,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "compliance/incidents/incident_list.html", {
        "page": page, "status": status, "category": category, "open_clocks": open_only,
        "statuses": Incident.Status.choices, "categories": Incident.Category.choices,
        "query": query.urlencode(), "may": _may(request), "now": timezone.now(),
    })  # fmt: skip


@requires(GROUP, model=Incident)
def incident_detail(request, pk: int):
    """Clocks, significance, obligations, submissions, drafts, timeline and review."""
    incident = load_incident(request, pk)
    now = timezone.now()
    reporting = selectors.incident_reporting(incident=incident, now=now)
    rows = obligation_rows(reporting.obligations, now)
    stages = [(r.stage, r.label) for r in rows] or [
        (s.value, STAGE_LABELS[s.value]) for s in STAGE_FIELDS
    ]
    submitted = {s.stage: s for s in incident.submissions.all()}
    members = selectors.member_choices(org=request.organization)
    return render(request, "compliance/incidents/incident_detail.html", {
        "incident": incident, "reporting": reporting, "now": now,
        "rows": [(row, submitted.get(row.stage)) for row in rows],
        "running": [r for r in rows if r.running],
        "proposal": selectors.incident_people_proposal(incident=incident),
        "decisions": list(incident.decisions.all()),
        "current": reporting.decisions,
        "regimes": [(value, label, reporting.decisions.get(value))
                    for value, label in SignificanceDecision.Regime.choices],
        "stages": stages,
        "event_form": EventForm(initial={"occurred_at": now}),
        "submission_form": SubmissionForm(
            stages=[s for s in stages if s[0] not in submitted] or stages,
            initial={"submitted_at": now},
        ),
        "significance_form": SignificanceForm(initial=_significance_initial(incident)),
        "followup_form": FollowUpForm(members=members),
        "may": _may(request),
    })  # fmt: skip


def _significance_initial(incident: Incident) -> dict:
    return {
        "users_affected": incident.affected_people,
        "duration_hours": incident.duration_hours,
        "geographic_area": incident.geographic_area,
        "risk_to_persons": incident.personal_data_involved,
    }


def _incident_form(request, instance: Incident | None):
    editing = instance is not None
    instance = instance or Incident(organization=request.organization)
    form = IncidentForm(request.POST or None, instance=instance, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            saved = incident_save(
                org=request.organization,
                instance=form.save(commit=False),
                **{name: form.cleaned_data[name] for name in M2M_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(obj)s was saved.") % {"obj": saved})
            return redirect("compliance:incident-detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "compliance/incidents/incident_form.html",
                  {"form": form, "editing": editing, "incident": instance}, status=status)  # fmt: skip


@requires(GROUP, ADD)
def incident_create(request):
    """Record a new incident (awareness may be set now or later, never by default)."""
    return _incident_form(request, None)


@requires(GROUP, CHANGE, model=Incident)
def incident_update(request, pk: int):
    """Edit an incident's facts, affected objects and status."""
    incident = get_object_or_404(Incident.objects.for_org(request.organization), pk=pk)
    return _incident_form(request, incident)


@requires(GROUP, DELETE, model=Incident)
def incident_delete_view(request, pk: int):
    """Confirm (GET) and delete (POST) an incident."""
    incident = get_object_or_404(Incident.objects.for_org(request.organization), pk=pk)
    if request.method == "POST":
        label = str(incident)
        incident_delete(incident=incident)
        messages.success(request, _("%(obj)s was deleted.") % {"obj": label})
        return redirect("compliance:incident-list")
    return render(request, "compliance/incidents/incident_confirm_delete.html",
                  {"incident": incident})  # fmt: skip


def _stage(request) -> str:
    stage = request.GET.get("stage", "")
    if stage not in {s.value for s in STAGE_FIELDS}:
        raise Http404("unknown report stage")
    return stage


@requires(GROUP, model=Incident)
def incident_draft(request, pk: int):
    """The draft of one report as a printable page (``?stage=``)."""
    incident = load_incident(request, pk)
    data = incident_report_data(incident=incident, stage=_stage(request))
    fields = [{**field, "kind": _kind(field["value"])} for field in data["fields"]]
    return render(request, "compliance/incidents/draft.html",
                  {"incident": incident, "draft": data, "fields": fields})  # fmt: skip


def _kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if value is None or value == "":
        return "none"
    return "list" if isinstance(value, list) else "text"


@requires(GROUP, model=Incident)
def incident_draft_json(request, pk: int):
    """The draft of one report as a JSON download (``?stage=``)."""
    incident = load_incident(request, pk)
    stage = _stage(request)
    data = incident_report_data(incident=incident, stage=stage)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="incident-{pk}-{stage}.json"'
    return response


@requires(GROUP, model=Incident)
def incident_notice(request, pk: int):
    """The notice to service recipients (NIS2 Art. 23(1)) in German and English."""
    incident = load_incident(request, pk)
    texts = {lang: recipients_notice(incident=incident, language=lang) for lang in ("de", "en")}
    return render(request, "compliance/incidents/notice.html",
                  {"incident": incident, "texts": texts})  # fmt: skip


@requires(GROUP)
def clocks_panel(request):
    """The open clocks as an HTML fragment (the dashboard includes the same partial)."""
    now = timezone.now()
    return render(request, "compliance/incidents/partials/_clocks_panel.html",
                  {"clocks": clocks_panel_rows(org=request.organization, now=now), "now": now})  # fmt: skip
