"""Done when (issue 11, on the demo organization): an officer generates the auditor compliance
report and releases it; an auditor downloads it, finds no address, host name or zone name of the
organization in it, and the verify page confirms the file; the internal version shows the values."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assets.models import Asset, Site, Zone
from bollwerk.models import User
from compliance.models import ControlAssessment
from compliance.services.assessment import assessment_update
from reports.services.generation import report_generate_now
from tests.reports.conftest import pdf_text
from tests.reports.providers.conftest import seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace("-", "")  # pdftotext joins wrapped lines, drops hyphens


@pytest.fixture
def demo(settings, tmp_path, eager):
    """A small demo organization whose ISB wrote topology into a control's notes (free text)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    org = seed_demo(assets=20)
    site = Site.objects.for_org(org).exclude(address="").order_by("name").first()
    zone = Zone.objects.for_org(org).order_by("name").first()
    host = Asset.objects.for_org(org).exclude(hostnames=[]).order_by("name").first().hostnames[0]
    assessment = ControlAssessment.objects.for_org(org).order_by("control__position").first()
    notes = f"Firewall-Regeln {host} in Zone {zone.name} geprüft; Standort {site.address}."
    assessment_update(assessment=assessment, data={"notes": notes})
    return {
        "org": org,
        "values": [site.address, zone.name, host],
        "officer": User.objects.get(email="isb@musterstadt.example"),
        "auditor": User.objects.get(email="pruefer@musterstadt.example"),
    }


def test_an_auditor_gets_the_released_compliance_report_of_the_demo_org_without_topology(
    page, login_as, demo, tmp_path
):
    login_as(demo["officer"])
    page.goto("/reports/new/")
    page.get_by_label("Report type").select_option(label="Compliance report")
    page.get_by_label("Audience").select_option(label="Auditor")
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Generate").click()
    assert page.locator("#report-status .status").inner_text() == "done"
    page.get_by_role("button", name="Release to auditors").click()
    page.get_by_role("button", name="Withdraw from auditors").wait_for()
    page.context.clear_cookies()

    login_as(demo["auditor"])
    page.goto("/reports/")
    page.get_by_role("link", name="Compliance report").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "auditor.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "Duties and scores" in text and "Control assessments" in text
    for value in demo["values"]:
        assert value not in text and _squeeze(value) not in _squeeze(text), value
    # A pseudonym in a narrow table cell may wrap (the organization's key, hence its letters,
    # is new every run): look for it with line breaks and break hyphens taken out.
    flat = "".join(text.split())
    for prefix in ("HOST", "ZONE", "SITE"):
        assert re.search(prefix + r"-?[0-9A-F]{8}", flat), prefix

    page.goto("/reports/verify/")
    page.get_by_label("Report PDF").set_input_files(str(path))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".verified")).to_be_visible()

    internal = report_generate_now(
        organization=demo["org"],
        report_type="compliance",
        audience="internal",
        language="en",
        user=demo["officer"],
    )
    with internal.file.open("rb") as handle:
        internal_text = _squeeze(pdf_text(handle.read()))
    for value in demo["values"]:
        assert _squeeze(value) in internal_text, value
