"""The incident API: CRUD through the services, computed obligations and drafts, append-only decisions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.incidents.models import Incident, SignificanceDecision
from tests.assets.factories import AssetFactory, DependencyFactory, ServiceFactory
from tests.compliance.incidents.factories import IncidentFactory, SignificanceDecisionFactory

from .conftest import berlin, new_incident

pytestmark = pytest.mark.django_db
NOW = berlin(2026, 6, 10, 15, 0)


@pytest.fixture
def api(officer, api_client_for, utility):
    utility(["drinking_water"])
    return api_client_for(officer)


@time_machine.travel(NOW, tick=False)
def test_an_incident_created_through_the_api_gets_its_clocks(api, org):
    service = ServiceFactory(organization=org)
    response = api.post("/api/v1/incidents/", {
        "title": "Leitsystem", "category": "cyber", "detected_at": "2026-06-10T08:00:00+02:00",
        "aware_at": "2026-06-10T09:00:00+02:00", "services": [service.pk],
        "indicators": [{"type": "domain", "value": "evil.example", "note": ""}],
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["next_due_at"] is not None
    obligations = api.get(f"/api/v1/incidents/{response.json()['id']}/obligations/").json()
    assert [o["stage"] for o in obligations][:2] == ["early_warning", "notification"]
    assert obligations[0]["provisional"] is True  # significance not decided yet


def test_another_organizations_service_is_answered_like_an_unknown_id(api, other_org):
    foreign = ServiceFactory(organization=other_org)
    response = api.post("/api/v1/incidents/", {
        "title": "x", "category": "cyber", "detected_at": "2026-06-10T08:00:00+02:00",
        "services": [foreign.pk],
    }, format="json")  # fmt: skip
    assert response.status_code == 400 and "services" in response.json()
    assert not Incident.objects.exists()


def test_the_incident_list_issues_the_same_number_of_queries_for_one_and_many(api, org):
    IncidentFactory(organization=org)
    api.get("/api/v1/incidents/")  # warm caches (token last use)
    with CaptureQueriesContext(connection) as one:
        assert api.get("/api/v1/incidents/").status_code == 200
    for _ in range(6):
        IncidentFactory(organization=org)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/api/v1/incidents/").json()["results"]) == 7
    assert len(many.captured_queries) == len(one.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_decisions_can_be_added_but_never_changed_or_deleted(api, org, officer):
    incident = new_incident(org, NOW - dt.timedelta(hours=3))
    created = api.post("/api/v1/significance-decisions/", {
        "incident": incident.pk, "regime": "nis2", "significant": True, "reasons": "Outage",
    }, format="json")  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["decided_by"] == officer.pk
    assert api.patch(f"/api/v1/significance-decisions/{pk}/", {"significant": False},
                     format="json").status_code == 405  # fmt: skip
    assert api.delete(f"/api/v1/significance-decisions/{pk}/").status_code == 405
    assert SignificanceDecision.objects.get().significant is True


@time_machine.travel(NOW, tick=False)
def test_recording_and_removing_a_submission_moves_the_next_deadline(api, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=3))
    SignificanceDecisionFactory(organization=org, incident=incident)
    created = api.post("/api/v1/report-submissions/", {
        "incident": incident.pk, "stage": "early_warning",
        "submitted_at": "2026-06-10T14:00:00+02:00", "reference": "BSI-1",
    }, format="json")  # fmt: skip
    assert created.status_code == 201, created.content
    incident.refresh_from_db()
    assert incident.next_due_at == NOW - dt.timedelta(hours=3) + dt.timedelta(hours=72)
    api.delete(f"/api/v1/report-submissions/{created.json()['id']}/")
    incident.refresh_from_db()
    assert incident.next_due_at == NOW - dt.timedelta(hours=3) + dt.timedelta(hours=24)


@time_machine.travel(NOW, tick=False)
def test_the_draft_and_people_proposal_endpoints(api, org):
    service = ServiceFactory(organization=org, population_served=9_000)
    hit, other = AssetFactory(organization=org), AssetFactory(organization=org)
    DependencyFactory(organization=org, service=service, asset=hit)
    DependencyFactory(organization=org, service=service, asset=other)
    incident = new_incident(org, NOW - dt.timedelta(hours=3), services=[service], assets=[hit])
    proposal = api.get(f"/api/v1/incidents/{incident.pk}/people-proposal/").json()
    assert proposal["people"] == 4_500 and proposal["share_percent"] == "50.00"
    draft = api.get(f"/api/v1/incidents/{incident.pk}/draft/", {"stage": "notification"}).json()
    assert draft["obligation"]["due_at"] == "2026-06-13T12:00:00+02:00"
    assert "indicators" in {f["key"] for f in draft["fields"]}
    bad = api.get(f"/api/v1/incidents/{incident.pk}/draft/", {"stage": "x"})
    assert bad.status_code == 400


def test_related_findings_risks_and_controls_are_stored_through_the_api(api, org, other_org):
    from compliance.models import Control
    from tests.bollwerk.factories import FindingFactory
    from tests.compliance.factories import RiskFactory

    finding, risk = FindingFactory(organization=org), RiskFactory(organization=org)
    control = Control.objects.filter(version__is_current=True).first()
    body = {
        "title": "Leitsystem", "category": "cyber", "detected_at": "2026-06-10T08:00:00+02:00",
        "findings": [finding.pk], "risks": [risk.pk], "controls": [control.pk] if control else [],
    }  # fmt: skip
    foreign = FindingFactory(organization=other_org)
    refused = api.post("/api/v1/incidents/", {**body, "findings": [foreign.pk]}, format="json")
    assert refused.status_code == 400 and "findings" in refused.json()
    assert not Incident.objects.exists()

    response = api.post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert list(incident.findings.all()) == [finding] and list(incident.risks.all()) == [risk]
    assert response.json()["findings"] == [finding.pk]
