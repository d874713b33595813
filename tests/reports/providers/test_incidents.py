"""The incident report and the findings section on real incident and finding rows."""

import pytest

from reports.services.generation import report_generate_now
from tests.bollwerk.factories import FindingFactory
from tests.compliance.incidents.factories import IncidentFactory
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _text(report) -> str:
    with report.file.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def test_the_authority_incident_report_lists_obligations_without_the_addresses_in_its_text(org):
    incident = IncidentFactory(
        organization=org, title="Ausfall Pumpwerk",
        description="Zugriff von 198.51.100.23 auf den HMI-Server hmi01.wasser.example",
        indicators=[{"type": "ip", "value": "203.0.113.77", "note": "C2"}],
    )  # fmt: skip
    report = report_generate_now(organization=org, report_type="incident", audience="authority")
    text = _text(report)
    assert incident.title in text
    assert "Reporting obligations" in text or "Meldepflichten" in text
    for secret in ("198.51.100.23", "203.0.113.77", "hmi01.wasser.example"):
        assert secret not in text


def test_the_internal_incident_report_keeps_the_indicators(org):
    IncidentFactory(
        organization=org, indicators=[{"type": "ip", "value": "203.0.113.77", "note": "C2"}]
    )
    report = report_generate_now(organization=org, report_type="incident", audience="internal")
    assert "203.0.113.77" in _text(report)


def test_open_findings_appear_in_the_compliance_report(org):
    FindingFactory(organization=org, title="Telnet offen auf Fernwirkknoten", severity="high")
    report = report_generate_now(organization=org, report_type="compliance", audience="auditor")
    assert "Telnet offen auf Fernwirkknoten" in _text(report)
