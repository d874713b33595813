"""A security officer schedules and runs stale_accounts, works a finding and sees it resolved."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from bollwerk.celery import app
from bollwerk.checks.models import Finding
from bollwerk.services.tokens import token_issue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks():
    """No worker in this test: "run now" executes the task in the server thread."""
    app.set_current()  # a real-worker test may have made its client app current
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_an_officer_schedules_runs_acknowledges_and_sees_a_finding_resolved(
    page, login_as, officer, org, eager_tasks
):
    officer.last_login = timezone.now()
    officer.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=120)):
        token_issue(user=officer, organization=org, name="old script", expires_days=None)
    login_as(officer)

    page.goto("/checks/")
    row = page.locator("tr", has_text="Stale accounts and API tokens")
    expect(row.get_by_text("crontab 30 5 * * *")).to_be_visible()
    row.get_by_text("Change schedule").click()
    row.get_by_label("Schedule").select_option("interval")
    row.get_by_label("Minutes").fill("60")
    row.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_text("The schedule of stale_accounts was saved.")).to_be_visible()
    expect(
        page.locator("tr", has_text="Stale accounts").get_by_text("every 60 minutes")
    ).to_be_visible()

    page.get_by_role("button", name="Run stale_accounts now").click()
    page.wait_for_url(re.compile(r"/checks/runs/\d+/"))
    assert page.get_by_test_id("run-status").inner_text().strip() == "Succeeded"
    page.get_by_role("link", name="API token without expiry").click()
    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_test_id("finding-status").inner_text().strip() == "Acknowledged"
    expect(page.get_by_role("cell", name="Acknowledged")).to_be_visible()

    page.goto("/account/tokens/")
    page.get_by_role("button", name="Revoke").click()
    page.goto("/checks/")
    page.get_by_role("button", name="Run stale_accounts now").click()
    page.wait_for_url(re.compile(r"/checks/runs/\d+/"))
    assert page.get_by_test_id("run-status").inner_text().strip() == "Succeeded"
    expect(page.get_by_text("findings_resolved: 2")).to_be_visible()
    page.get_by_role("link", name="API token without expiry").click()
    assert page.get_by_test_id("finding-status").inner_text().strip() == "Resolved"
    expect(page.get_by_role("cell", name="Resolved", exact=True)).to_be_visible()

    page.goto("/checks/findings/?status=resolved")
    assert page.locator("tbody tr").count() == 2
    assert set(Finding.objects.values_list("status", flat=True)) == {Finding.Status.RESOLVED}
