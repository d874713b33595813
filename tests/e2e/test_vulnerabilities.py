"""A security officer closes a vulnerability match as not affected, with a justification."""

import json
import re

import pytest
from playwright.sync_api import expect

from assets.advisories.services import advisories_import
from assets.services.matching import vulnerabilities_match
from assets.services.sbom import sbom_import
from tests.assets.matching.conftest import cyclonedx, osv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_opens_a_match_and_sets_not_affected(page, login_as, officer, org, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(osv("GHSA-eeee-0001", "lodash", "4.17.21")))
    advisories_import(paths=[tmp_path / "a.json"])
    sbom_import(org=org, file=cyclonedx([("lodash", "4.17.20")]), file_name="b.json", supplier="A")
    vulnerabilities_match(org=org)
    login_as(officer)
    page.goto("/assets/")
    page.get_by_role("link", name="Vulnerabilities").first.click()
    row = page.get_by_role("row", name=re.compile("GHSA-eeee-0001"))
    assert "lodash 4.17.20" in row.inner_text()
    row.get_by_role("link").first.click()
    expect(page.get_by_text("fixed 4.17.21").first).to_be_visible()
    page.get_by_label("status").select_option("not_affected")
    page.get_by_label("justification").select_option("code_not_reachable")
    page.get_by_label("note").fill("lodash.template is never called")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#match-status").inner_text() == "not affected"
    assert "lodash.template is never called" in page.get_by_role("list").last.inner_text()
    page.get_by_role("link", name="Vulnerabilities").first.click()
    assert page.get_by_role("row", name=re.compile("GHSA-eeee-0001")).count() == 0
