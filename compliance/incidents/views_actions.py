"""Forms that act on one incident: timeline, significance, submissions, review, follow-ups.

Each POST calls one service; bad input re-renders the form with the message
and stores nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk.permissions import CHANGE
from bollwerk.views.decorators import requires

from . import selectors, services
from .forms import EventForm, FollowUpForm, ReviewForm, SignificanceForm, SubmissionForm
from .models import FollowUpAction, Incident
from .presenters import STAGE_LABELS
from .views import GROUP, _significance_initial, load_incident


def _back(incident: Incident, anchor: str = ""):
    response = redirect("compliance:incident-detail", pk=incident.pk)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _form_page(request, incident, form, title: str, action: str):
    return render(request, "compliance/incidents/action_form.html",
                  {"incident": incident, "form": form, "title": title, "action": action},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _apply(form, call):
    """Run ``call`` if the form is valid; a ValidationError lands on the form. Returns success."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


@requires(GROUP, CHANGE, model=Incident)
@require_POST
def event_add(request, pk: int):
    """Append a timeline entry."""
    incident = load_incident(request, pk)
    form = EventForm(request.POST)
    ok = _apply(form, lambda: services.incident_event_add(
        incident=incident, occurred_at=form.cleaned_data["occurred_at"],
        text=form.cleaned_data["text"], author=request.user,
    ))  # fmt: skip
    if ok:
        return _back(incident, "timeline")
    return _form_page(request, incident, form, _("Timeline entry"), "compliance:incident-event-add")


@requires(GROUP, CHANGE, model=Incident)
def significance(request, pk: int):
    """Record a significance decision for one regime (the history stays)."""
    incident = load_incident(request, pk)
    form = SignificanceForm(request.POST or None, initial=_significance_initial(incident))
    if request.method == "POST":
        ok = _apply(form, lambda: services.significance_decide(
            incident=incident, regime=form.cleaned_data["regime"],
            significant=form.cleaned_data["significant"] == "yes",
            reasons=form.cleaned_data["reasons"], criteria=form.criteria(), user=request.user,
        ))  # fmt: skip
        if ok:
            messages.success(request, _("The decision was recorded."))
            return _back(incident, "significance")
    return _form_page(
        request, incident, form, _("Significance decision"), "compliance:incident-significance"
    )


def _stage_choices(incident) -> list[tuple[str, str]]:
    rows = selectors.incident_reporting(incident=incident).obligations
    return [(o.stage.value, STAGE_LABELS[o.stage.value]) for o in rows]


@requires(GROUP, CHANGE, model=Incident)
def submission_add(request, pk: int):
    """Record that a report was sent: stage, time, reference, channel."""
    incident = load_incident(request, pk)
    form = SubmissionForm(
        request.POST or None,
        stages=_stage_choices(incident),
        initial={"submitted_at": timezone.now()},
    )
    if request.method == "POST":
        ok = _apply(form, lambda: services.submission_record(
            incident=incident, user=request.user, **form.cleaned_data,
        ))  # fmt: skip
        if ok:
            messages.success(request, _("The submission was recorded."))
            return _back(incident, "obligations")
    return _form_page(
        request,
        incident,
        form,
        _("Record a report submission"),
        "compliance:incident-submission-add",
    )


@requires(GROUP, CHANGE, model=Incident)
def review(request, pk: int):
    """The post-incident review: root cause, lessons learned, mitigation."""
    incident = get_object_or_404(Incident.objects.for_org(request.organization), pk=pk)
    form = ReviewForm(request.POST or None, instance=incident)
    if request.method == "POST":
        ok = _apply(form, lambda: services.incident_save(
            org=request.organization, instance=form.save(commit=False)
        ))  # fmt: skip
        if ok:
            messages.success(request, _("The review was saved."))
            return _back(incident, "review")
    return _form_page(
        request, incident, form, _("Post-incident review"), "compliance:incident-review"
    )


@requires(GROUP, CHANGE, model=Incident)
@require_POST
def people_accept(request, pk: int):
    """Take over the proposed number and share of people affected."""
    incident = load_incident(request, pk)
    proposal = selectors.incident_people_proposal(incident=incident)
    incident.affected_people = proposal.people
    incident.affected_share = proposal.share_percent
    try:
        services.incident_save(org=request.organization, instance=incident)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposed figures were taken over."))
    return _back(incident, "impact")


@requires(GROUP, CHANGE, model=Incident)
@require_POST
def followup_add(request, pk: int):
    """Add a follow-up action to the review."""
    incident = load_incident(request, pk)
    members = selectors.member_choices(org=request.organization)
    form = FollowUpForm(request.POST, members=members)
    ok = _apply(form, lambda: services.followup_save(
        incident=incident, instance=form.save(commit=False)
    ))  # fmt: skip
    if ok:
        return _back(incident, "review")
    return _form_page(
        request, incident, form, _("Follow-up action"), "compliance:incident-action-add"
    )


@requires(GROUP, CHANGE, model=FollowUpAction)
@require_POST
def followup_toggle(request, pk: int):
    """Mark a follow-up action done (or open again)."""
    action = get_object_or_404(
        FollowUpAction.objects.for_org(request.organization).select_related("incident"), pk=pk
    )
    services.followup_toggle(action=action)
    return _back(action.incident, "review")
