"""Browser test: a procurement user uploads a vendor SBOM, sees its components, links it to the
assets that run the product, uploads the next version and sees the diff."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assets.models import Asset, Sbom
from assets.services.sbom_demo import demo_sbom
from bollwerk.models import Role
from tests.assets.factories import AssetFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_procurement_uploads_sboms_links_assets_and_reads_the_diff(
    login_as, member, org, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    AssetFactory(organization=org, name="Leitrechner Strom")
    AssetFactory(organization=org, name="Leitrechner Wasser")
    AssetFactory(organization=org, name="Druckerserver")
    page = login_as(member(Role.PROCUREMENT))
    first = tmp_path / "leitsystem-7.0.cdx.json"
    first.write_bytes(demo_sbom(product="Leitsystem", version="7.0", count=150, seed=1))
    second = tmp_path / "leitsystem-7.0-r2.cdx.json"
    second.write_bytes(demo_sbom(product="Leitsystem", version="7.0", count=150, seed=1, release=1))

    # Upload the vendor's SBOM, naming a new supplier and the product, and pick the assets.
    page.goto("/assets/sboms/")
    page.get_by_role("link", name="Upload SBOM").click()
    page.set_input_files("#id_file", str(first))
    page.fill("#id_new_supplier", "Leittechnik GmbH")
    page.fill("#id_product_name", "Leitsystem")
    page.fill("#id_product_version", "7.0")
    # The asset picker asks the server for matches as you type (no list of every asset).
    page.fill("#id_assets-search", "Leitrechner")
    options = page.locator("#id_assets option")
    expect(options).to_have_count(2)
    page.wait_for_load_state("networkidle")  # the last search has answered
    labels = options.all_inner_texts()
    assert all(label.startswith("Leitrechner") for label in labels)
    page.select_option("#id_assets", label=labels)
    page.get_by_role("button", name="Import").click()

    # The SBOM page lists its components; search narrows the table.
    assert "Imported 150 components for Leitsystem 7.0." in page.content()
    table = page.locator("#component-table")
    assert "pkg:npm/lodash@4.17.15" in table.inner_text()
    page.fill("input[name=q]", "log4j")
    page.get_by_role("button", name="Filter").first.click()
    assert "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" in table.inner_text()
    assert "lodash" not in table.inner_text()

    # The dependency tree of a component opens in place (htmx).
    page.locator("#component-table summary").first.click()
    assert page.locator("#component-table .component-tree").first.inner_text().count("Depends on")

    # The assets now run the product, and their page shows its current SBOM.
    linked = Asset.objects.filter(product__name="Leitsystem").order_by("name")
    assert [a.name for a in linked] == ["Leitrechner Strom", "Leitrechner Wasser"]
    page.goto(f"/assets/{linked[0].pk}/")
    assert "leitsystem-7.0.cdx.json" in page.locator("#asset-sbom").inner_text()

    # The next version: uploaded from the SBOM page for the same product.
    page.locator("#asset-sbom a").first.click()
    page.get_by_role("link", name="Upload next version").click()
    page.set_input_files("#id_file", str(second))
    page.get_by_role("button", name="Import").click()
    assert Sbom.objects.count() == 2
    older = Sbom.objects.order_by("pk").first()
    page.goto(f"/assets/sboms/{older.pk}/")
    assert "Superseded by" in page.locator("#superseded").inner_text()

    # The diff: pick the two SBOMs and compare.
    page.get_by_role("link", name="Compare versions").click()
    newer = Sbom.objects.order_by("pk").last()
    page.select_option("#id_base", str(older.pk))
    page.select_option("#id_other", str(newer.pk))
    page.get_by_role("button", name="Compare").click()
    summary = page.locator("#diff-summary").inner_text()
    assert "1 added, 1 removed" in summary
    changed = page.locator("#diff-changed").inner_text()
    assert "lodash" in changed and "4.17.15" in changed and "4.17.21" in changed
    assert "zod" in page.locator("#diff-added").inner_text()
