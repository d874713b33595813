"""Check pages: schedules, run now (also with the queue down), runs, findings and their actions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from bollwerk.checks.models import CheckRun, CheckSchedule, Finding
from bollwerk.models import Role
from tests.bollwerk.factories import CheckRunFactory, FindingFactory

pytestmark = pytest.mark.django_db


def test_the_schedules_page_creates_and_shows_the_organizations_schedules(org, officer, client_for):
    response = client_for(officer).get(reverse("checks:schedule-list"))
    assert response.status_code == 200
    assert b"stale_accounts" in response.content and b"selftest" not in response.content
    assert CheckSchedule.objects.for_org(org).get(check_name="stale_accounts").periodic_task.enabled


def test_an_officer_changes_a_schedule_to_an_interval(org, officer, client_for):
    client = client_for(officer)
    client.get(reverse("checks:schedule-list"))
    schedule = CheckSchedule.objects.for_org(org).get(check_name="stale_accounts")
    p = f"s{schedule.pk}"
    response = client.post(
        reverse("checks:schedule-change", args=[schedule.pk]),
        {f"{p}-enabled": "on", f"{p}-kind": "interval", f"{p}-interval_minutes": "15"},
    )
    assert response.status_code == 302
    task = PeriodicTask.objects.get(pk=schedule.periodic_task_id)
    assert (task.enabled, task.interval.every) == (True, 900)


def test_a_bad_crontab_is_reported_and_nothing_changes(org, officer, client_for):
    client = client_for(officer)
    client.get(reverse("checks:schedule-list"))
    schedule = CheckSchedule.objects.for_org(org).get(check_name="stale_accounts")
    p = f"s{schedule.pk}"
    response = client.post(
        reverse("checks:schedule-change", args=[schedule.pk]),
        {f"{p}-kind": "crontab", f"{p}-crontab": "daily please"},
        follow=True,
    )
    assert b"not a crontab expression" in response.content
    assert PeriodicTask.objects.get(pk=schedule.periodic_task_id).enabled


def test_a_viewer_may_not_run_a_check(org, member, client_for):
    client = client_for(member(Role.VIEWER))
    client.get(reverse("checks:schedule-list"))
    schedule = CheckSchedule.objects.for_org(org).get(check_name="stale_accounts")
    assert client.post(reverse("checks:schedule-run", args=[schedule.pk])).status_code == 403
    assert not CheckRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_run_now_with_the_queue_down_says_so_instead_of_failing(
    org, officer, client_for, dead_broker
):
    client = client_for(officer)
    client.get(reverse("checks:schedule-list"))
    schedule = CheckSchedule.objects.for_org(org).get(check_name="stale_accounts")
    response = client.post(reverse("checks:schedule-run", args=[schedule.pk]), follow=True)
    assert response.status_code == 200
    assert b"The queue is unreachable" in response.content
    run = CheckRun.objects.get()
    assert run.status == CheckRun.Status.FAILED and run.error.startswith("queue unreachable")
    health = client.get(reverse("healthz"))
    assert health.status_code == 503 and health.json()["broker"]["ok"] is False
    assert client.get(reverse("checks:finding-list")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_run_now_runs_the_check_and_shows_the_run(org, officer, client_for, settings):
    from bollwerk.celery import app

    app.conf.task_always_eager = True
    try:
        client = client_for(officer)
        client.get(reverse("checks:schedule-list"))
        schedule = CheckSchedule.objects.for_org(org).get(check_name="stale_accounts")
        response = client.post(reverse("checks:schedule-run", args=[schedule.pk]), follow=True)
    finally:
        app.conf.task_always_eager = False
    run = CheckRun.objects.get()
    assert run.status == CheckRun.Status.SUCCEEDED and run.requested_by == officer
    assert response.redirect_chain[-1][0] == reverse("checks:run-detail", args=[run.pk])
    assert b"Succeeded" in response.content


def test_findings_are_filtered_by_severity_status_source_and_search(org, officer, client_for):
    FindingFactory(organization=org, title="Open port 502", severity="critical")
    FindingFactory(organization=org, title="Old token", severity="low", source="stale_accounts")
    client = client_for(officer)
    body = client.get(reverse("checks:finding-list"), {"severity": "critical"}).content
    assert b"Open port 502" in body and b"Old token" not in body
    body = client.get(reverse("checks:finding-list"), {"source": "stale_accounts"}).content
    assert b"Old token" in body and b"Open port 502" not in body
    body = client.get(reverse("checks:finding-list"), {"q": "port"}).content
    assert b"Open port 502" in body and b"Old token" not in body


def test_the_findings_list_issues_the_same_queries_for_one_and_many(
    org, officer, client_for, django_assert_num_queries
):
    client = client_for(officer)
    FindingFactory(organization=org)
    client.get(reverse("checks:finding-list"))

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("checks:finding-list"))
    FindingFactory.create_batch(12, organization=org)
    with django_assert_num_queries(len(one)):
        client.get(reverse("checks:finding-list"))


def test_the_runs_list_issues_the_same_queries_for_one_and_many(
    org, officer, client_for, django_assert_num_queries
):
    client = client_for(officer)
    CheckRunFactory(organization=org, requested_by=officer)
    client.get(reverse("checks:run-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("checks:run-list"))
    CheckRunFactory.create_batch(12, organization=org, requested_by=officer)
    with django_assert_num_queries(len(one)):
        client.get(reverse("checks:run-list"))


def test_an_officer_acknowledges_a_finding_and_the_history_shows_it(org, officer, client_for):
    finding = FindingFactory(organization=org)
    client = client_for(officer)
    response = client.post(
        reverse("checks:finding-action", args=[finding.pk]), {"action": "acknowledge"}, follow=True
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.ACKNOWLEDGED
    assert officer.email.encode() in response.content


def test_accepting_a_risk_without_reason_and_expiry_shows_both_errors(org, officer, client_for):
    finding = FindingFactory(organization=org)
    response = client_for(officer).post(
        reverse("checks:finding-action", args=[finding.pk]), {"action": "accept_risk"}
    )
    assert response.status_code == 400
    assert b"Give a reason" in response.content and b"Give the date" in response.content
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_accepting_a_risk_with_reason_and_expiry(org, officer, client_for):
    finding = FindingFactory(organization=org)
    until = dt.date.today() + dt.timedelta(days=60)
    client_for(officer).post(
        reverse("checks:finding-action", args=[finding.pk]),
        {"action": "accept_risk", "reason": "segmented network", "expires_on": until.isoformat()},
    )
    finding.refresh_from_db()
    assert (finding.status, finding.risk_reason, finding.risk_expires_on) == (
        "risk_accepted",
        "segmented network",
        until,
    )


def test_an_auditor_sees_findings_but_cannot_change_them(org, member, client_for):
    finding = FindingFactory(organization=org)
    client = client_for(member(Role.AUDITOR))
    page = client.get(reverse("checks:finding-detail", args=[finding.pk]))
    assert page.status_code == 200 and b"Acknowledge" not in page.content
    denied = client.post(
        reverse("checks:finding-action", args=[finding.pk]), {"action": "acknowledge"}
    )
    assert denied.status_code == 403


def test_notification_settings_reject_a_non_http_webhook(org, officer, client_for):
    response = client_for(officer).post(
        reverse("checks:notification-settings"),
        {"min_severity": "high", "email_enabled": "on", "webhook_url": "ftp://x.example/"},
    )
    assert response.status_code == 200 and b"Enter a valid URL" in response.content
