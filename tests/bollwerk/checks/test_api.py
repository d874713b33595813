"""The REST API of checks, runs and findings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from bollwerk.checks.models import CheckRun, Finding
from bollwerk.models import Role
from tests.bollwerk.factories import CheckRunFactory, FindingFactory

pytestmark = pytest.mark.django_db


def _stale(rows):
    """The stale_accounts row among every registered check's schedule."""
    return next(row for row in rows if row["check"] == "stale_accounts")


def test_the_checks_endpoint_lists_the_schedules_with_controls(officer, api_client_for):
    data = api_client_for(officer).get("/api/v1/checks/").json()
    row = _stale(data["results"])
    assert row["check"] == "stale_accounts" and row["controls"] == [
        "NIS2-21-2-i.3",
        "NIS2-21-2-i.4",
    ]
    assert (row["enabled"], row["kind"], row["crontab"]) == (True, "crontab", "30 5 * * *")


def test_an_officer_patches_a_schedule(officer, api_client_for):
    api = api_client_for(officer)
    row = _stale(api.get("/api/v1/checks/").json()["results"])
    response = api.patch(
        f"/api/v1/checks/{row['id']}/",
        {"enabled": False, "kind": "interval", "interval_minutes": 20},
        format="json",
    )
    assert response.status_code == 200, response.json()
    task = PeriodicTask.objects.get(name__startswith="check stale_accounts")
    assert (task.enabled, task.interval.every) == (False, 1200)


def test_a_bad_crontab_over_the_api_names_the_field(officer, api_client_for):
    api = api_client_for(officer)
    row = _stale(api.get("/api/v1/checks/").json()["results"])
    response = api.patch(
        f"/api/v1/checks/{row['id']}/", {"kind": "crontab", "crontab": "x"}, format="json"
    )
    assert response.status_code == 400 and "crontab" in response.json()


def test_an_officer_starts_a_run_over_the_api_and_a_viewer_may_not(
    org, officer, member, api_client_for, settings
):
    from bollwerk.celery import app

    api = api_client_for(officer)
    row = _stale(api.get("/api/v1/checks/").json()["results"])
    denied = api_client_for(member(Role.VIEWER)).post(f"/api/v1/checks/{row['id']}/runs/")
    assert denied.status_code == 403
    app.conf.task_always_eager = True
    try:
        started = api.post(f"/api/v1/checks/{row['id']}/runs/")
    finally:
        app.conf.task_always_eager = False
    assert started.status_code == 201
    assert CheckRun.objects.get(pk=started.json()["id"]).check_name == "stale_accounts"
    listed = api.get(f"/api/v1/checks/{row['id']}/runs/").json()
    assert [r["id"] for r in listed["results"]] == [started.json()["id"]]


@pytest.mark.django_db(transaction=True)
def test_starting_a_run_with_the_queue_down_answers_503(officer, api_client_for, dead_broker):
    api = api_client_for(officer)
    row = _stale(api.get("/api/v1/checks/").json()["results"])
    response = api.post(f"/api/v1/checks/{row['id']}/runs/")
    assert response.status_code == 503 and "queue is unreachable" in response.json()["detail"]


def test_findings_filter_and_search(org, officer, api_client_for):
    FindingFactory(organization=org, title="Telnet open", severity="critical")
    FindingFactory(organization=org, title="Old token", severity="low")
    api = api_client_for(officer)
    assert [
        f["title"] for f in api.get("/api/v1/findings/?severity=critical").json()["results"]
    ] == ["Telnet open"]
    assert [f["title"] for f in api.get("/api/v1/findings/?search=token").json()["results"]] == [
        "Old token"
    ]


def test_the_findings_endpoint_issues_the_same_queries_for_one_and_many(
    org, officer, api_client_for, django_assert_num_queries
):
    api = api_client_for(officer)
    FindingFactory(organization=org)
    api.get("/api/v1/findings/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/findings/")
    FindingFactory.create_batch(10, organization=org)
    with django_assert_num_queries(len(one)):
        api.get("/api/v1/findings/")


def test_the_runs_endpoint_issues_the_same_queries_for_one_and_many(
    org, officer, api_client_for, django_assert_num_queries
):
    api = api_client_for(officer)
    CheckRunFactory(organization=org)
    api.get("/api/v1/check-runs/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/check-runs/")
    CheckRunFactory.create_batch(10, organization=org)
    with django_assert_num_queries(len(one)):
        api.get("/api/v1/check-runs/")


def test_finding_status_actions_over_the_api(org, officer, api_client_for):
    finding = FindingFactory(organization=org)
    api = api_client_for(officer)
    assert api.get(f"/api/v1/findings/{finding.pk}/status/").json()["actions"] == [
        "acknowledge",
        "accept_risk",
    ]
    bad = api.post(
        f"/api/v1/findings/{finding.pk}/status/", {"action": "accept_risk"}, format="json"
    )
    assert bad.status_code == 400 and {"reason", "expires_on"} <= set(bad.json())
    until = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    ok = api.post(
        f"/api/v1/findings/{finding.pk}/status/",
        {"action": "accept_risk", "reason": "vendor patch pending", "expires_on": until},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "risk_accepted"


def test_an_auditor_may_read_but_not_change_a_findings_status(org, member, api_client_for):
    finding = FindingFactory(organization=org)
    api = api_client_for(member(Role.AUDITOR))
    assert api.get(f"/api/v1/findings/{finding.pk}/status/").status_code == 200
    denied = api.post(
        f"/api/v1/findings/{finding.pk}/status/", {"action": "acknowledge"}, format="json"
    )
    assert denied.status_code == 403
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
