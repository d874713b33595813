"""factory_boy factories for the platform's check models (the scoping helper looks them up here)."""

import factory
from django.utils import timezone

from bollwerk.checks.models import CheckRun, CheckSchedule, Finding, Severity
from tests.factories import OrganizationFactory


class CheckScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckSchedule
        django_get_or_create = ("organization", "check_name")

    organization = factory.SubFactory(OrganizationFactory)
    check_name = "stale_accounts"


class CheckRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckRun

    organization = factory.SubFactory(OrganizationFactory)
    check_name = "stale_accounts"
    trigger = CheckRun.Trigger.MANUAL
    status = CheckRun.Status.SUCCEEDED


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    organization = factory.SubFactory(OrganizationFactory)
    source = "test_check"
    kind = "test"
    severity = Severity.HIGH
    title = factory.Sequence(lambda n: f"Finding {n}")
    description = "Something is not right."
    fingerprint = factory.Sequence(lambda n: f"test_check:{n}")
    first_seen_at = factory.LazyFunction(timezone.now)
    last_seen_at = factory.LazyFunction(timezone.now)
