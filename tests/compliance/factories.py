"""factory_boy factories for the compliance models (used by the scoping test too)."""

from __future__ import annotations

import datetime as dt

import factory

from compliance.models import (
    AssessmentHistory,
    ClassificationRecord,
    ControlAssessment,
    Evidence,
    LegalEntity,
    Risk,
    ScoreSnapshot,
)
from compliance.selectors import catalogue_current
from tests.factories import OrganizationFactory


def _free_control(assessment):
    """A current-catalogue control the organization has not assessed yet."""
    taken = ControlAssessment.objects.filter(organization=assessment.organization).values(
        "control_id"
    )
    return catalogue_current().controls.exclude(pk__in=taken).order_by("position").first()


class LegalEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEntity

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Netzgesellschaft {n} GmbH")
    legal_form = "gmbh"
    sectors = factory.LazyFunction(lambda: ["electricity"])


class ControlAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlAssessment

    organization = factory.SubFactory(OrganizationFactory)
    control = factory.LazyAttribute(_free_control)


def _assessment_of(org):
    """An existing assessment of ``org``, or a new one when it has none."""
    existing = ControlAssessment.objects.filter(organization=org, archived=False).first()
    return existing or ControlAssessmentFactory(organization=org)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    organization = factory.SubFactory(OrganizationFactory)
    assessment = factory.LazyAttribute(lambda o: _assessment_of(o.organization))
    kind = Evidence.Kind.LINK
    title = factory.Sequence(lambda n: f"Policy {n}")
    url = "https://dms.example/doc"
    valid_from = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    review_months = 12


class AssessmentHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentHistory

    organization = factory.SubFactory(OrganizationFactory)
    assessment = factory.LazyAttribute(lambda o: _assessment_of(o.organization))
    actor_label = "test"
    action = "update"


class ClassificationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassificationRecord

    organization = factory.SubFactory(OrganizationFactory)
    legal_entity = factory.SubFactory(
        LegalEntityFactory, organization=factory.SelfAttribute("..organization")
    )
    category = "important"
    route = "bsig"
    catalogue_version = "2026.1"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    inherent_likelihood = 3
    inherent_impact = 4
    residual_likelihood = 2
    residual_impact = 3


class ScoreSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSnapshot

    organization = factory.SubFactory(OrganizationFactory)
    date = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))
    overall = 50.0


# The incident factories, so tests/scoping.py finds them as tests.compliance.factories.<Model>Factory.
from tests.compliance.incidents.factories import (  # noqa: E402, F401
    FollowUpActionFactory,
    IncidentEventFactory,
    IncidentFactory,
    ReportSubmissionFactory,
    SignificanceDecisionFactory,
)
