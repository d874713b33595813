"""Browser test: an officer records an incident, sets awareness, marks it significant, sees the
clocks and records the early warning submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.clocks import BERLIN
from compliance.incidents.models import Incident, ReportSubmission, SignificanceDecision
from tests.assets.factories import ServiceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def local(moment: dt.datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_records_an_incident_and_its_early_warning(login_as, officer, org):
    org.sectors, org.employees, org.legal_form = ["drinking_water"], 240, "gmbh"
    org.turnover_eur = org.balance_sheet_eur = Decimal("90000000")
    org.save()
    ServiceFactory(organization=org, name="Trinkwasser", population_served=80_000)
    page = login_as(officer)
    now = timezone.now().replace(second=0, microsecond=0)

    # Record the incident without an awareness time: no clock runs yet.
    page.goto("/compliance/incidents/new/")
    page.fill("#id_title", "Fernzugriff Wasserwerk")
    page.select_option("#id_category", "cyber")
    page.fill("#id_detected_at", local(now - dt.timedelta(hours=3)))
    page.get_by_label("Trinkwasser").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#awareness-missing")).to_be_visible()

    # Set the awareness time two hours ago.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.fill("#id_aware_at", local(now - dt.timedelta(hours=2)))
    page.get_by_role("button", name="Save").click()
    assert page.locator("#clocks .clock").count() >= 2  # early warning and notification

    # Mark it significant under NIS2.
    decision_box = page.locator("#significance details").filter(has=page.locator("form"))
    if decision_box.get_attribute("open") is None:  # open by default while nothing is decided
        decision_box.locator("summary").click()
    page.select_option("#id_regime", "nis2")
    page.get_by_label("NIS2: severe operational disruption of the services").check()
    page.get_by_label("yes, reportable").check()
    page.fill("#significance-form #id_reasons", "Steuerung der Pumpen nicht möglich.")
    page.get_by_role("button", name="Record decision").click()
    assert "reportable" in page.locator("#decision-nis2").inner_text()

    # The clocks count down in the browser.
    warning = page.locator('#clocks .clock[data-stage="early_warning"] .remaining')
    first = warning.inner_text()
    page.wait_for_timeout(1500)
    assert warning.inner_text() != first
    assert first.startswith("21:5") or first.startswith("22:00")

    # Record the early warning submission.
    page.locator("#obligations summary").filter(has_text="Record a report submission").click()
    page.select_option("#submission-form #id_stage", "early_warning")
    page.fill("#submission-form #id_submitted_at", local(now))
    page.fill("#submission-form #id_reference", "BSI-2026-0001")
    page.get_by_role("button", name="Record submission").click()
    row = page.locator("#obligation-early_warning")
    assert "submitted on time" in row.inner_text() and "BSI-2026-0001" in row.inner_text()
    assert page.locator('#clocks .clock[data-stage="early_warning"]').count() == 0

    incident = Incident.objects.get()
    assert incident.aware_at == now - dt.timedelta(hours=2)
    assert SignificanceDecision.objects.get().significant
    assert ReportSubmission.objects.get().reference == "BSI-2026-0001"
