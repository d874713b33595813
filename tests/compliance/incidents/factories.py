"""factory_boy factories for incidents (read by tests/scoping.py through tests/compliance/factories.py)."""

import datetime as dt

import factory

from compliance.clocks import BERLIN
from compliance.incidents.models import (
    FollowUpAction,
    Incident,
    IncidentEvent,
    ReportSubmission,
    SignificanceDecision,
)
from tests.factories import OrganizationFactory

AWARE = dt.datetime(2026, 6, 10, 9, 0, tzinfo=BERLIN)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Incident {n}")
    category = Incident.Category.CYBER
    detected_at = AWARE - dt.timedelta(hours=1)
    aware_at = AWARE


class _Child(factory.django.DjangoModelFactory):
    organization = factory.SubFactory(OrganizationFactory)
    incident = factory.SubFactory(
        IncidentFactory, organization=factory.SelfAttribute("..organization")
    )


class IncidentEventFactory(_Child):
    class Meta:
        model = IncidentEvent

    occurred_at = AWARE
    text = "Something happened."


class SignificanceDecisionFactory(_Child):
    class Meta:
        model = SignificanceDecision

    regime = SignificanceDecision.Regime.NIS2
    significant = True
    reasons = "Severe disruption."
    decided_at = AWARE + dt.timedelta(hours=1)


class ReportSubmissionFactory(_Child):
    class Meta:
        model = ReportSubmission

    stage = "early_warning"
    submitted_at = AWARE + dt.timedelta(hours=2)
    reference = factory.Sequence(lambda n: f"REF-{n}")


class FollowUpActionFactory(_Child):
    class Meta:
        model = FollowUpAction

    title = factory.Sequence(lambda n: f"Action {n}")
