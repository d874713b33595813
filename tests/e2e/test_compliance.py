"""The compliance flow in a real browser: classify, read the score, assess a control, risks."""

from __future__ import annotations

import json
import re
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from bollwerk.models import User
from compliance.models import ControlAssessment
from compliance.services.scores import org_score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def isb(db):
    out, saved = StringIO(), sys.stdout
    sys.stdout = out
    try:
        call_command("seed_demo", "--assets", "0", "--components", "0", "--json")
    finally:
        sys.stdout = saved
    json.loads(out.getvalue().strip().splitlines()[-1])
    return User.objects.get(email="isb@musterstadt.example")


def overall_on(page) -> float:
    return float(page.locator("a.overall").first.get_attribute("data-value"))


def test_the_officer_classifies_reads_the_score_assesses_a_control_and_sees_the_risks(
    page, login_as, isb
):
    org = isb.memberships.get().organization
    login_as(isb)

    page.goto("/")
    assert page.locator(".panel-classification .category").get_attribute("data-code") == (
        "essential"
    )
    assert page.locator(".panel-risks svg.heatmap").count() == 2
    assert overall_on(page) == pytest.approx(org_score(org=org).result.summary()["overall"])

    page.goto("/compliance/classification/wizard/")
    for _step in range(5):
        page.get_by_role("button", name="Next").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Classify").click()
    page.wait_for_url(re.compile(r"/compliance/classification/$"))
    assert "essential entity" in page.locator(".classification .category").first.inner_text()
    assert page.locator(".classification .reasons li").count() >= 3
    assert page.locator(".classification .open-question").count() >= 1

    page.goto("/compliance/scores/")
    before = overall_on(page)
    target = (
        ControlAssessment.objects.filter(organization=org, status="not_implemented")
        .select_related("control")
        .first()
    )
    page.goto(f"/compliance/scores/breakdown/?duty={target.control.duty.duty_id}")
    expect(page.locator(f'tr[data-control="{target.control.control_id}"]')).to_be_visible()

    page.goto(f"/compliance/assessments/{target.pk}/")
    page.get_by_label("Status").select_option("partly")
    page.locator("#assessment-form").get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator("table.history").inner_text().count("partly") >= 1

    page.goto("/compliance/scores/")
    after = overall_on(page)
    assert after > before
    assert after == pytest.approx(org_score(org=org).result.summary()["overall"])

    page.goto("/compliance/risks/")
    assert page.locator("svg.heatmap").count() == 2
    assert page.locator("table.risks tbody tr").count() >= 5


def test_the_officer_finds_an_asset_by_search_and_links_it_to_a_risk(page, login_as, isb):
    from assets.models import Asset
    from compliance.models import Risk

    org = isb.memberships.get().organization
    risk = Risk.objects.filter(organization=org).order_by("pk").first()
    target = Asset.objects.create(
        organization=org, name="SPS Hochbehälter Nord", asset_tag="WA-HB-7", kind="plc"
    )
    login_as(isb)
    page.goto(f"/compliance/risks/{risk.pk}/")
    page.get_by_placeholder("Name, tag, host name or IP address").fill("hochbeh")
    found = page.locator(f'.picker-found input[value="{target.pk}"]')
    expect(found).to_be_visible()
    found.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator(f'.picker-chosen input[value="{target.pk}"]')).to_be_checked()
    assert risk.affected_assets.filter(pk=target.pk).exists()
