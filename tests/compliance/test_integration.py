"""Compliance plugged into the platform: checks, machine evidence, dashboard panels."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from bollwerk.checks.services import check_run_now
from bollwerk.models import Finding
from compliance.models import Evidence
from tests.compliance.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def test_the_compliance_checks_are_registered():
    from bollwerk.checks.registry import check_get

    assert check_get("incident_deadlines").controls
    assert check_get("evidence_expiry")


def test_evidence_expiry_finds_expired_evidence_and_resolves_it_when_renewed(org):
    item = EvidenceFactory(
        organization=org, valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    run = check_run_now(organization=org, check_name="evidence_expiry", trigger="manual")
    finding = Finding.objects.for_org(org).get(source="evidence_expiry")
    assert run.status == "succeeded" and finding.status == "open" and finding.severity == "medium"
    Evidence.objects.filter(pk=item.pk).update(
        valid_until=timezone.localdate() + dt.timedelta(days=400)
    )
    check_run_now(organization=org, check_name="evidence_expiry", trigger="manual")
    finding.refresh_from_db()
    assert finding.status == "resolved"


def test_a_check_with_controls_attaches_machine_evidence(org, django_capture_on_commit_callbacks):
    call_command("load_catalogue")
    with django_capture_on_commit_callbacks(execute=True):
        check_run_now(organization=org, check_name="incident_deadlines", trigger="manual")
    evidence = Evidence.objects.for_org(org).filter(source="check:incident_deadlines")
    assert {e.assessment.control.control_id for e in evidence} == {
        "NIS2-23.1",
        "NIS2-23.2",
        "NIS2-23.3",
    }
    assert all(len(e.sha256) == 64 for e in evidence)


def test_the_dashboard_shows_open_findings_and_the_incident_clocks(org, officer, client_for):
    from tests.compliance.incidents.factories import IncidentFactory

    IncidentFactory(organization=org)
    EvidenceFactory(organization=org, valid_until=timezone.localdate() - dt.timedelta(days=3))
    check_run_now(organization=org, check_name="evidence_expiry", trigger="manual")
    page = client_for(officer).get("/")
    assert page.status_code == 200
    assert b"Open reporting clocks" in page.content
    assert b"No findings source yet" not in page.content
