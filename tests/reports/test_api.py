"""The reports API: archive list/detail per role, report requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bollwerk.models import Role
from reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


def test_an_officer_queues_a_report_through_the_api(org, officer, api_client_for):
    response = api_client_for(officer).post(
        URL, {"report_type": "compliance", "audience": "public", "language": "en"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Report.objects.get().status == Report.Status.QUEUED


def test_an_unknown_audience_is_a_400_naming_the_field(org, officer, api_client_for):
    response = api_client_for(officer).post(
        URL, {"report_type": "risk", "audience": "press"}, format="json"
    )
    assert response.status_code == 400 and "audience" in response.json()


def test_an_auditor_lists_only_released_auditor_reports(org, member, api_client_for):
    released = ReportFactory(organization=org)
    ReportFactory(organization=org, released_to_auditors=False)
    rows = api_client_for(member(Role.AUDITOR)).get(URL).json()["results"]
    assert [r["id"] for r in rows] == [released.pk]


def test_the_list_issues_the_same_number_of_queries_for_1_and_n_reports(
    org, officer, api_client_for
):
    api = api_client_for(officer)
    api.get(URL)  # the token's first use is recorded once
    counts = []
    for n in (1, 6):
        while Report.objects.count() < n:
            ReportFactory(organization=org)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(URL).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
