"""Browser test: a security officer builds, imports, inspects and exports an inventory."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assets.models import Asset
from tests.assets.factories import ServiceFactory, ZoneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer_page(browser, live_server, login_as, officer):
    """A Chromium page, logged in as ``officer``, that accepts downloads."""
    page = login_as(officer)
    return page


def _csv(rows: int) -> str:
    lines = ["name,asset_tag,kind,asset_class,zone,ip_addresses,services"]
    for n in range(rows):
        service = "Trinkwasser" if n % 10 == 0 else ""
        lines.append(
            f"Sensor {n},IMP-{n:04d},iot_sensor,iot,Feld,10.20.{n // 250}.{n % 250 + 1},{service}"
        )
    return "\n".join(lines) + "\n"


def test_an_officer_builds_imports_inspects_and_exports_the_inventory(
    officer_page, org, tmp_path, settings
):
    page = officer_page
    settings.MEDIA_ROOT = tmp_path
    ZoneFactory(organization=org, name="Feld", subnets=["10.20.0.0/16"])
    ServiceFactory(organization=org, name="Trinkwasser", population_served=120_000)

    # By hand: a SCADA server the service depends on, and a firewall it needs.
    page.goto("/assets/new/")
    page.fill("#id_name", "SCADA Wasser")
    page.select_option("#id_kind", "scada_server")
    page.select_option("#id_asset_class", "ot")
    page.select_option("#id_zone", label="Feld")
    page.fill("#id_ip_addresses", "10.20.9.1")
    page.get_by_label("Trinkwasser").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("#criticality").inner_text().count("high") >= 1

    page.goto("/assets/new/")
    page.fill("#id_name", "Zellenfirewall")
    page.select_option("#id_kind", "firewall")
    page.select_option("#id_asset_class", "ot")
    page.fill("#id_ip_addresses", "10.99.0.1")
    page.select_option("#id_zone", label="Feld")
    page.get_by_role("button", name="Save").click()
    assert "not in the subnets of zone Feld" in page.content()  # validation in the browser flow
    page.fill("#id_ip_addresses", "10.20.9.2")
    page.get_by_role("button", name="Save").click()

    scada = Asset.objects.get(name="SCADA Wasser")
    page.goto(f"/assets/links/new/?source={scada.pk}")
    page.fill("#id_target-search", "Zellen")
    page.press("#id_target-search", "Enter")  # Enter searches; it does not send the link form
    expect(page.locator("#id_target option", has_text="Zellenfirewall")).to_have_count(1)
    page.wait_for_load_state("networkidle")  # the last search has answered
    assert page.url.endswith(f"/assets/links/new/?source={scada.pk}")
    page.select_option("#id_target", label="Zellenfirewall")
    page.select_option("#id_protocol", "opc_ua")
    page.fill("#id_port", "4840")
    page.get_by_role("button", name="Save").click()

    firewall = Asset.objects.get(name="Zellenfirewall")
    page.goto(f"/assets/{firewall.pk}/")
    reason = page.locator("#criticality").inner_text()
    assert "Trinkwasser" in reason and "SCADA Wasser" in reason

    # Bulk import of 300 assets: preview, then confirm.
    csv_path = tmp_path / "inventory.csv"
    csv_path.write_text(_csv(300))
    page.goto("/assets/import/")
    page.set_input_files("#id_file", str(csv_path))
    page.get_by_role("button", name="Check file").click()
    assert "All 300 rows are valid" in page.locator("#import-preview").inner_text()
    page.get_by_role("button", name="Confirm import").click()
    assert "300 assets were imported" in page.content()
    assert Asset.objects.for_org(org).count() == 302

    # Filter by criticality and export what is shown.
    page.goto("/assets/?criticality=3")
    assert "32 assets" in page.content()  # SCADA, firewall and every tenth sensor
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert exported.count("\n") == 33 and "Zellenfirewall" in exported
