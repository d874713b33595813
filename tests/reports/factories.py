"""factory_boy factories for the reports app."""

import factory
from django.utils import timezone

from reports.models import Report
from tests.factories import OrganizationFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """A finished auditor report row (no file unless the test renders one)."""

    class Meta:
        model = Report

    organization = factory.SubFactory(OrganizationFactory)
    report_type = Report.Type.COMPLIANCE
    audience = Report.Audience.AUDITOR
    language = "en"
    status = Report.Status.DONE
    progress = 100
    generated_at = factory.LazyFunction(timezone.now)
    data_as_of = factory.LazyFunction(timezone.now)
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    released_to_auditors = True
