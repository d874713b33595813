"""Incident pages: list, detail with clocks, forms, drafts, notice and the clocks panel."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bollwerk.models import Role
from compliance.incidents.models import Incident, ReportSubmission, SignificanceDecision
from tests.assets.factories import ServiceFactory
from tests.compliance.incidents.factories import IncidentFactory, SignificanceDecisionFactory

from .conftest import berlin, new_incident

pytestmark = pytest.mark.django_db
NOW = berlin(2026, 6, 10, 15, 0)
LIST = reverse("compliance:incident-list")


@pytest.fixture
def officer_client(officer, client_for, utility):
    utility(["drinking_water"])
    return client_for(officer)


def detail(incident) -> str:
    return reverse("compliance:incident-detail", args=[incident.pk])


def test_the_list_issues_the_same_number_of_queries_for_one_and_many_incidents(
    officer_client, org, django_assert_num_queries
):
    service = ServiceFactory(organization=org)
    IncidentFactory(organization=org).services.add(service)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(LIST)
    for _ in range(5):
        IncidentFactory(organization=org).services.add(service)
    with django_assert_num_queries(len(one.captured_queries)):
        response = officer_client.get(LIST)
    assert response.content.decode().count("/compliance/incidents/") >= 6


@time_machine.travel(NOW, tick=False)
def test_the_list_filters_by_status_category_and_open_clocks(officer_client, org):
    running = new_incident(org, NOW - dt.timedelta(hours=2), title="Running clock")
    new_incident(org, None, title="Unaware", detected_at=NOW, category="physical",
                 status="resolved")  # fmt: skip
    page = officer_client.get(LIST, {"open_clocks": "1"}).content.decode()
    assert running.title in page and "Unaware" not in page
    page = officer_client.get(LIST, {"category": "physical", "status": "resolved"}).content.decode()
    assert "Unaware" in page and running.title not in page


@time_machine.travel(NOW, tick=False)
def test_the_detail_page_counts_down_the_open_clocks(officer_client, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=2))
    SignificanceDecisionFactory(organization=org, incident=incident)
    page = officer_client.get(detail(incident)).content.decode()
    assert 'data-due="2026-06-11T13:00:00+02:00"' in page
    assert "22:00:00" in page  # server-rendered remaining time of the early warning
    assert "countdown.js" in page


def test_an_incident_without_awareness_says_the_clocks_have_not_started(officer_client, org):
    incident = IncidentFactory(organization=org, aware_at=None)
    page = officer_client.get(detail(incident)).content.decode()
    assert 'id="awareness-missing"' in page


def test_the_create_form_leaves_the_awareness_time_empty(officer_client):
    page = officer_client.get(reverse("compliance:incident-create")).content.decode()
    assert 'name="aware_at"' in page
    field = page[page.index('name="aware_at"') - 200 : page.index('name="aware_at"') + 200]
    assert "value=" not in field


@time_machine.travel(NOW, tick=False)
def test_an_officer_records_an_incident_with_its_awareness_time(officer_client, org):
    service = ServiceFactory(organization=org)
    response = officer_client.post(reverse("compliance:incident-create"), {
        "title": "Pumpe aus", "category": "physical", "severity": "high", "status": "open",
        "detected_at": "2026-06-10T08:00", "aware_at": "2026-06-10T09:30",
        "services": [service.pk], "indicators": "ip | 192.0.2.7 | scanner",
    })  # fmt: skip
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.aware_at == berlin(2026, 6, 10, 9, 30)
    assert incident.indicators == [{"type": "ip", "value": "192.0.2.7", "note": "scanner"}]
    assert list(incident.services.all()) == [service]


def test_bad_input_names_the_field_and_stores_nothing(officer_client):
    response = officer_client.post(reverse("compliance:incident-create"), {
        "title": "x", "category": "cyber", "severity": "low", "status": "open",
        "detected_at": "2026-06-10T08:00", "indicators": "email | a@b.c",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Line 1" in response.content.decode()
    assert not Incident.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_significance_form_records_a_decision_with_criteria_and_author(
    officer_client, officer, org
):
    incident = new_incident(org, NOW - dt.timedelta(hours=2))
    response = officer_client.post(reverse("compliance:incident-significance", args=[incident.pk]), {
        "regime": "nis2", "severe_disruption": "on", "significant": "yes", "reasons": "Outage",
    })  # fmt: skip
    assert response.status_code == 302
    decision = SignificanceDecision.objects.get()
    assert decision.significant and decision.decided_by == officer
    assert decision.criteria == {"severe_disruption": True, "financial_loss": False,
                                 "damage_to_others": False}  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_a_viewer_cannot_record_a_decision(member, client_for, org):
    incident = IncidentFactory(organization=org)
    client = client_for(member(Role.VIEWER))
    url = reverse("compliance:incident-significance", args=[incident.pk])
    response = client.post(url, {"regime": "nis2", "significant": "yes", "reasons": "x"})
    assert response.status_code == 403
    assert not SignificanceDecision.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_submission_form_records_the_early_warning(officer_client, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=2))
    url = reverse("compliance:incident-submission-add", args=[incident.pk])
    response = officer_client.post(url, {
        "stage": "early_warning", "submitted_at": "2026-06-10T14:00", "reference": "BSI-42",
        "channel": "portal",
    })  # fmt: skip
    assert response.status_code == 302
    assert ReportSubmission.objects.get().reference == "BSI-42"
    page = officer_client.get(detail(incident)).content.decode()
    assert "submitted on time" in page and "BSI-42" in page


@time_machine.travel(NOW, tick=False)
def test_a_submission_in_the_future_is_shown_on_the_form(officer_client, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=2))
    url = reverse("compliance:incident-submission-add", args=[incident.pk])
    response = officer_client.post(url, {
        "stage": "early_warning", "submitted_at": "2026-06-11T14:00", "channel": "portal",
    })  # fmt: skip
    assert response.status_code == 400
    assert "in the future" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_json_draft_downloads_with_the_fields_the_office_asks_for(officer_client, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=2), suspected_malicious=True)
    url = reverse("compliance:incident-draft-json", args=[incident.pk])
    response = officer_client.get(url, {"stage": "early_warning"})
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    values = {f["key"]: f["value"] for f in data["fields"]}
    assert values["suspected_malicious"] is True and values["cross_border"] is False
    assert officer_client.get(url, {"stage": "nonsense"}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_printable_draft_and_the_recipient_notice_render(officer_client, org):
    incident = new_incident(org, NOW - dt.timedelta(hours=2), title="Leitsystem gestört")
    page = officer_client.get(
        reverse("compliance:incident-draft", args=[incident.pk]), {"stage": "notification"}
    ).content.decode()
    assert "Indicators of compromise" in page or "Indikatoren" in page
    notice = officer_client.get(reverse("compliance:incident-notice", args=[incident.pk]))
    text = notice.content.decode()
    assert "Information für die Nutzerinnen und Nutzer" in text
    assert "Information for the recipients of our services" in text


@time_machine.travel(NOW, tick=False)
def test_the_clocks_panel_lists_running_clocks_most_urgent_first(officer_client, org):
    later = new_incident(org, NOW - dt.timedelta(hours=1), title="Later")
    sooner = new_incident(org, NOW - dt.timedelta(hours=20), title="Sooner")
    page = officer_client.get(reverse("compliance:incident-clocks")).content.decode()
    assert page.index(sooner.title) < page.index(later.title)
    assert 'id="incident-clocks"' in page


@time_machine.travel(NOW, tick=False)
def test_the_officer_takes_over_the_proposed_number_of_people_affected(officer_client, org):
    from tests.assets.factories import AssetFactory, DependencyFactory

    service = ServiceFactory(organization=org, population_served=30_000)
    hit = AssetFactory(organization=org)
    DependencyFactory(organization=org, service=service, asset=hit)
    DependencyFactory(organization=org, service=service)
    DependencyFactory(organization=org, service=service)
    incident = new_incident(org, NOW, services=[service], assets=[hit])
    assert (
        'id="people-proposal">10000 (33.33 %)'
        in officer_client.get(detail(incident)).content.decode()
    )
    officer_client.post(reverse("compliance:incident-people-accept", args=[incident.pk]))
    incident.refresh_from_db()
    assert (incident.affected_people, str(incident.affected_share)) == (10_000, "33.33")


@time_machine.travel(NOW, tick=False)
def test_a_viewer_reads_the_incident_without_the_forms(member, client_for, org, utility):
    utility(["drinking_water"])
    incident = new_incident(org, NOW - dt.timedelta(hours=1))
    page = client_for(member(Role.VIEWER)).get(detail(incident)).content.decode()
    assert "Reporting obligations" in page
    assert 'id="submission-form"' not in page and 'id="significance-form"' not in page


def test_the_incident_form_lists_neither_the_inventory_nor_every_finding(officer_client, org):
    """Assets and findings are picked by searching; the page holds only the chosen ones."""
    from tests.assets.factories import AssetFactory
    from tests.bollwerk.factories import FindingFactory

    AssetFactory(organization=org, name="Pumpe Nord")
    finding = FindingFactory(organization=org, title="Telnet offen auf Pumpe Nord")
    small = officer_client.get(reverse("compliance:incident-create"))
    AssetFactory.create_batch(60, organization=org)
    FindingFactory.create_batch(60, organization=org)
    with CaptureQueriesContext(connection) as queries:
        large = officer_client.get(reverse("compliance:incident-create"))
    assert len(large.content) == len(small.content)
    assert "Pumpe Nord" not in large.content.decode()
    assert not [q for q in queries if 'FROM "assets_asset"' in q["sql"]]

    found = officer_client.get(
        reverse("checks:finding-lookup"), {"q": "telnet", "field": "findings"}
    ).content.decode()
    assert f'<option value="{finding.pk}">Telnet offen auf Pumpe Nord</option>' in found


def test_an_incident_keeps_the_assets_and_findings_picked_for_it(officer_client, org, other_org):
    from tests.assets.factories import AssetFactory
    from tests.bollwerk.factories import FindingFactory

    asset = AssetFactory(organization=org)
    finding = FindingFactory(organization=org)
    foreign = FindingFactory(organization=other_org)
    data = {
        "title": "Pumpe aus", "category": "physical", "severity": "high", "status": "open",
        "detected_at": "2026-06-10T08:00", "assets": [asset.pk], "findings": [finding.pk],
    }  # fmt: skip
    refused = officer_client.post(
        reverse("compliance:incident-create"), {**data, "findings": [foreign.pk]}
    )
    assert refused.status_code == 400 and not Incident.objects.exists()
    assert "findings" in refused.content.decode()
    assert officer_client.post(reverse("compliance:incident-create"), data).status_code == 302
    incident = Incident.objects.get()
    assert list(incident.assets.all()) == [asset] and list(incident.findings.all()) == [finding]
    edit = officer_client.get(reverse("compliance:incident-update", args=[incident.pk]))
    assert (
        f'<option value="{finding.pk}" selected>{finding.title}</option>' in edit.content.decode()
    )
