"""Read side of incidents: list and detail shapes, obligations, the open clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assets.models import Asset, EssentialService, Site
from bollwerk.models import Membership, Organization
from compliance.clocks import Obligation

from .models import FollowUpAction, Incident, IncidentEvent, ReportSubmission, SignificanceDecision
from .obligations import OPEN_STATES, current_decisions, incident_clocks, org_reporting_profile
from .people import PeopleProposal, affected_people_propose


def incident_list(
    *, org: Organization, status: str = "", category: str = "", open_clocks: bool = False
) -> QuerySet[Incident]:
    """The organization's incidents, newest first, narrowed by status, category, open clocks.

    "Open clocks" means a required report is unsubmitted (cached ``next_due_at``).
    """
    queryset = Incident.objects.for_org(org)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if open_clocks:
        queryset = queryset.filter(next_due_at__isnull=False).order_by("next_due_at", "pk")
    return queryset.prefetch_related(
        Prefetch("services", queryset=EssentialService.objects.only("id", "name")),
        "sites", "assets", "findings", "risks", "controls",
    )  # fmt: skip


def incident_get(*, org: Organization, pk: int) -> Incident:
    """One incident with everything the detail page shows, in a fixed number of queries.

    Raises Incident.DoesNotExist for another organization's id.
    """
    return (
        Incident.objects.for_org(org)
        .select_related("organization")
        .prefetch_related(
            Prefetch("services", queryset=EssentialService.objects.order_by("name")),
            Prefetch("sites", queryset=Site.objects.only("id", "name").order_by("name")),
            Prefetch("assets", queryset=Asset.objects.only("id", "name", "asset_tag")),
            Prefetch("events", queryset=IncidentEvent.objects.select_related("author")),
            Prefetch("decisions", queryset=SignificanceDecision.objects.select_related("decided_by")),
            Prefetch("submissions", queryset=ReportSubmission.objects.select_related("submitted_by")),
            Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner__user")),
        )
        .get(pk=pk)
    )  # fmt: skip


@dataclass(frozen=True)
class IncidentStatus:
    """What the detail page, the API and the drafts read about one incident's reporting."""

    obligations: tuple[Obligation, ...]
    decisions: dict[str, SignificanceDecision]
    profile_error: str
    nis2_basis: str
    kritis_operator: bool


def incident_reporting(*, incident: Incident, now: dt.datetime | None = None) -> IncidentStatus:
    """Obligations and current decisions of an incident loaded by :func:`incident_get`."""
    result = org_reporting_profile(
        org=incident.organization,
        affected_sectors=[s.sector for s in incident.services.all()],
    )
    decisions = list(incident.decisions.all())
    obligations = incident_clocks(
        incident=incident,
        profile=result.profile,
        decisions=decisions,
        submissions=incident.submissions.all(),
        now=now,
    )
    return IncidentStatus(
        obligations=obligations,
        decisions=current_decisions(decisions),
        profile_error=result.error,
        nis2_basis=result.profile.nis2_basis.value,
        kritis_operator=result.profile.kritis_operator,
    )


def incident_people_proposal(*, incident: Incident) -> PeopleProposal:
    """The proposed number of people affected (see :mod:`compliance.incidents.people`)."""
    return affected_people_propose(
        services=list(incident.services.all()),
        asset_ids={a.pk for a in incident.assets.all()},
    )


@dataclass(frozen=True)
class OpenClock:
    """One running clock: the incident and the obligation (due or overdue)."""

    incident: Incident
    obligation: Obligation

    @property
    def remaining(self) -> dt.timedelta:
        return self.obligation.due_at - timezone.now()


def open_clocks(*, org: Organization, now: dt.datetime | None = None) -> list[OpenClock]:
    """Every due or overdue report of the organization, most urgent first.

    Reads only incidents with a cached open clock (``next_due_at``), each with
    decisions, submissions and services prefetched: a fixed number of queries.
    """
    now = now or timezone.now()
    incidents = (
        Incident.objects.for_org(org)
        .filter(next_due_at__isnull=False)
        .select_related("organization")
        .prefetch_related("decisions", "submissions", "services")
    )
    clocks = [
        OpenClock(incident, obligation)
        for incident in incidents
        for obligation in incident_reporting(incident=incident, now=now).obligations
        if obligation.required and obligation.state in OPEN_STATES and obligation.due_at
    ]
    return sorted(clocks, key=lambda c: (c.obligation.due_at, c.incident.pk))


def member_choices(*, org: Organization) -> QuerySet[Membership]:
    """Members who can own a follow-up action."""
    return (
        Membership.objects.filter(organization=org).select_related("user").order_by("user__email")
    )
