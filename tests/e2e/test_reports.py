"""Done when: an auditor downloads the released auditor report, finds no sensitive value in it,
and the verify page confirms the file; the internal version shows the real values."""

import re

import pytest
from playwright.sync_api import expect

from bollwerk.models import Role
from reports import sections
from reports.services.archive import report_release
from reports.services.generation import report_generate_now
from tests.reports.conftest import pdf_text
from tests.reports.fake import make_inventory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.slow]

TYPES = ("compliance", "risk", "inventory", "supply_chain", "incident")


@pytest.fixture
def inventory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    inv = make_inventory(15)
    with sections.temporarily(TYPES, inv.provider, key="fake-devices", order=50):
        yield inv


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace("-", "")  # pdftotext drops end-of-line hyphens


def test_an_auditor_downloads_the_released_report_without_topology_and_verifies_it(
    page, login_as, org, member, officer, inventory, tmp_path
):
    auditor_copy = report_generate_now(
        organization=org, report_type="inventory", audience="auditor", language="en", user=officer
    )
    report_release(report=auditor_copy)
    internal = report_generate_now(
        organization=org, report_type="inventory", audience="internal", language="en", user=officer
    )

    login_as(member(Role.AUDITOR))
    page.goto("/reports/")
    assert page.locator("table.reports tbody tr").count() == 1  # the internal one is not listed
    page.get_by_role("link", name="Inventory report").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "download.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes())
    for value in inventory.sensitive_values():
        assert value not in text and _squeeze(value) not in _squeeze(text), value
    assert re.search(r"HOST-[0-9A-F]{8}", text)

    page.goto("/reports/verify/")
    page.get_by_label("Report PDF").set_input_files(str(path))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".verified")).to_be_visible()
    assert str(auditor_copy.public_id) in page.locator(".verify-result").inner_text()

    with internal.file.open("rb") as handle:
        internal_text = _squeeze(pdf_text(handle.read()))
    device = inventory.devices[2]
    for value in (device.hostname, device.ip, device.mac, device.zone, device.site):
        assert _squeeze(value) in internal_text
