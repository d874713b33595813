"""A security officer imports an OSV file in the browser and finds it in the advisory list."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.assets.advisories.builders import osv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_security_officer_uploads_an_osv_file_and_sees_it_in_the_list(
    page, login_as, officer, tmp_path
):
    record = tmp_path / "GO-2099-0042.json"
    record.write_text(json.dumps(osv("GO-2099-0042", summary="Header smuggling in example/lib")))
    login_as(officer)
    page.goto("/")
    page.get_by_role("link", name="Advisories").click()
    page.get_by_role("link", name="Import advisories").click()
    page.get_by_label("Files").set_input_files(str(record))
    page.get_by_role("button", name="Import").click()
    report = page.get_by_test_id("import-report")
    assert "1 imported, 0 updated, 0 skipped" in report.inner_text()
    page.get_by_role("link", name="Advisories").first.click()
    page.get_by_label("Search").fill("CVE-2099-0001")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row", name=re.compile("GO-2099-0042"))
    assert "Header smuggling in example/lib" in row.inner_text()
    row.get_by_role("link", name="GO-2099-0042").click()
    expect(page.get_by_role("heading", name=re.compile("GO-2099-0042"))).to_be_visible()
    expect(page.get_by_text("SEMVER range")).to_be_visible()


def test_a_viewer_sees_the_list_but_no_import_link(page, login_as, member):
    login_as(member("viewer"))
    page.goto("/assets/advisories/")
    expect(page.get_by_role("heading", name="Advisories")).to_be_visible()
    assert page.get_by_role("link", name="Import advisories").count() == 0
