"""Report drafts, the recipients' notice and the deadline alerts of the incident_deadlines check."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from compliance.incidents.checks import incident_deadline_alerts
from compliance.incidents.drafts import incident_report_data, recipients_notice
from compliance.incidents.services import significance_decide
from tests.assets.factories import ServiceFactory

from .conftest import berlin, new_incident

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
AWARE = berlin(2026, 6, 10, 9, 0)


def keys(data) -> set[str]:
    return {f["key"] for f in data["fields"]}


@time_machine.travel(AWARE + H, tick=False)
def test_each_stage_asks_for_its_own_fields(utility):
    org = utility(["drinking_water"])
    incident = new_incident(org, AWARE, root_cause="Phishing", cross_border=True)
    early = incident_report_data(incident=incident, stage="early_warning")
    final = incident_report_data(incident=incident, stage="final_report")
    gdpr = incident_report_data(incident=incident, stage="gdpr_notification")
    assert {"suspected_malicious", "cross_border"} <= keys(early)
    assert "indicators" not in keys(early)
    assert {"root_cause", "mitigation", "cross_border_impact"} <= keys(final)
    assert {"dpo_contact", "data_subject_categories"} <= keys(gdpr)
    assert "mitigation" in final["missing"] and "root_cause" not in final["missing"]
    assert early["obligation"]["due_at"] == "2026-06-11T09:00:00+02:00"


@time_machine.travel(AWARE + H, tick=False)
def test_the_recipients_notice_names_the_services_in_german_and_english(utility):
    org = utility(["drinking_water"])
    service = ServiceFactory(organization=org, name="Trinkwasser Musterstadt")
    incident = new_incident(org, AWARE, services=[service], geographic_area="Nordstadt")
    german = recipients_notice(incident=incident, language="de")
    english = recipients_notice(incident=incident, language="en")
    assert "Trinkwasser Musterstadt" in german and "Betroffenes Gebiet: Nordstadt" in german
    assert "10.06.2026 09:00" in german
    assert "may affect the following services: Trinkwasser Musterstadt" in english


def test_alerts_rise_in_severity_as_a_deadline_approaches_and_passes(utility):
    org = utility(["drinking_water"])
    with time_machine.travel(AWARE, tick=False):
        incident = new_incident(org, AWARE)
        significance_decide(incident=incident, regime="nis2", significant=True, reasons="x")
    due = AWARE + 24 * H

    def alerts_at(moment):
        found = incident_deadline_alerts(org=org, now=moment)
        return {a["fingerprint"]: a["severity"] for a in found if a["stage"] == "early_warning"}

    base = f"incident:{incident.pk}:early_warning"
    assert alerts_at(due - 7 * H) == {}
    assert alerts_at(due - 5 * H) == {f"{base}:due-within-6h": "medium"}
    assert alerts_at(due - 30 * dt.timedelta(minutes=1)) == {f"{base}:due-within-1h": "high"}
    assert alerts_at(due + H) == {f"{base}:overdue": "critical"}


def test_an_undecided_incident_alerts_provisionally_and_a_no_decision_silences_it(utility):
    org = utility(["drinking_water"])
    with time_machine.travel(AWARE, tick=False):
        incident = new_incident(org, AWARE)
    alerts = incident_deadline_alerts(org=org, now=AWARE + 23 * H)
    assert "Provisional" in alerts[0]["description"]
    with time_machine.travel(AWARE + 2 * H, tick=False):
        significance_decide(incident=incident, regime="nis2", significant=False, reasons="minor")
    assert incident_deadline_alerts(org=org, now=AWARE + 23 * H) == []
