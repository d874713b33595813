"""Report pages: who sees what, downloads are audited, verification answers only for one's own org."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bollwerk.models import AuditEvent, Role
from reports.models import Report
from reports.services.generation import report_generate_now
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_an_auditor_sees_only_reports_released_to_auditors(org, member, client_for):
    released = ReportFactory(organization=org)
    ReportFactory(organization=org, released_to_auditors=False)
    ReportFactory(organization=org, audience=Report.Audience.INTERNAL, released_to_auditors=True)
    response = client_for(member(Role.AUDITOR)).get(reverse("reports:report-list"))
    assert list(response.context["reports"]) == [released]


def test_an_auditor_gets_404_for_an_unreleased_report(org, member, client_for):
    hidden = ReportFactory(organization=org, released_to_auditors=False)
    client = client_for(member(Role.AUDITOR))
    assert client.get(reverse("reports:report-detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("reports:report-download", args=[hidden.pk])).status_code == 404


def test_the_archive_issues_the_same_number_of_queries_for_1_and_n_reports(
    org, officer, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer)
    url = reverse("reports:report-list")
    counts = []
    for n in (1, 6):
        while Report.objects.count() < n:
            ReportFactory(organization=org)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_an_officer_requests_a_report_and_the_status_page_polls(org, officer, client_for):
    client = client_for(officer)
    response = client.post(
        reverse("reports:report-create"),
        {"report_type": "risk", "audience": "auditor", "language": "en"},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and report.status == Report.Status.QUEUED
    status = client.get(reverse("reports:report-status", args=[report.pk]))
    assert b'hx-trigger="every 2s"' in status.content


def test_a_download_sends_the_pdf_and_is_audited(org, officer, client_for, inventory):
    report = report_generate_now(organization=org, report_type="risk", audience="auditor")
    response = client_for(officer).get(reverse("reports:report-download", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert report.download_name in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.actor_id == officer.pk


def test_the_officer_releases_an_auditor_report(org, officer, client_for):
    report = ReportFactory(organization=org, released_to_auditors=False)
    client_for(officer).post(reverse("reports:report-release", args=[report.pk]))
    report.refresh_from_db()
    assert report.released_to_auditors and report.released_at


def _upload(report):
    with report.file.open("rb") as handle:
        return SimpleUploadedFile("copy.pdf", handle.read(), content_type="application/pdf")


def test_verify_confirms_a_report_of_ones_own_organization(org, member, client_for, inventory):
    report = report_generate_now(organization=org, report_type="risk", audience="auditor")
    response = client_for(member(Role.AUDITOR)).post(
        reverse("reports:report-verify"), {"file": _upload(report)}
    )
    assert response.context["outcome"]["valid"]
    assert str(report.public_id).encode() in response.content


def test_verify_tells_another_organization_nothing_but_not_yours(
    org, other_org, outsider, client_for, inventory
):
    report = report_generate_now(organization=org, report_type="risk", audience="auditor")
    response = client_for(outsider).post(
        reverse("reports:report-verify"), {"file": _upload(report)}
    )
    outcome = response.context["outcome"]
    assert outcome == {"ours": False, "valid": False, "report": None, "sha256": report.sha256}
    assert str(report.public_id).encode() not in response.content
    assert org.name.encode() not in response.content
