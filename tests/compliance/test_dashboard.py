"""seed_demo, the dashboard panels, the snapshot task and command; UI and API agree."""

from __future__ import annotations

import json
import re
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from bollwerk.models import Organization, User
from compliance.models import ClassificationRecord, Evidence, Risk, ScoreSnapshot
from compliance.services.dashboard import _FINDINGS, register_findings_provider
from compliance.tasks import record_score_snapshots_task

pytestmark = pytest.mark.django_db


def command_json(*args) -> dict:
    out, saved = StringIO(), sys.stdout
    sys.stdout = out
    try:
        call_command(*args)
    finally:
        sys.stdout = saved
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def musterstadt(db):
    counts = command_json("seed_demo", "--assets", "0", "--components", "0", "--json")
    org = Organization.objects.get(slug="musterstadt")
    return org, counts


@pytest.fixture
def isb(musterstadt):
    return User.objects.get(email="isb@musterstadt.example")


def test_seed_demo_classifies_assesses_and_adds_risks_and_90_days(musterstadt):
    org, counts = musterstadt
    assert ClassificationRecord.objects.get(organization=org).category == "essential"
    assert counts["snapshots"] == ScoreSnapshot.objects.filter(organization=org).count() == 90
    assert Risk.objects.filter(organization=org).count() == counts["risks"] >= 5
    assert counts["evidence_expired"] >= 1
    assert Evidence.objects.filter(organization=org).count() == counts["evidence"]


def test_the_dashboard_and_the_api_show_the_same_numbers(
    musterstadt, isb, client_for, api_client_for
):
    page = client_for(isb).get("/").content.decode()
    api = api_client_for(isb)
    scores = api.get("/api/v1/compliance/scores/").json()
    shown = re.search(r'class="overall" href="[^"]+" data-value="([\d.]+)"', page).group(1)
    assert float(shown) == pytest.approx(scores["overall"], abs=0.005)
    assert 'data-code="essential"' in page
    assert page.count('class="heatmap"') == 2
    assert "No findings source yet." not in page  # the checks' findings feed the panel
    assert "BSIG §33" in page  # the registration deadline of the classification
    risks = api.get("/api/v1/compliance/risks/").json()["results"]
    cells = re.findall(r'data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)"', page)
    inherent = {(int(lk), int(i)): int(c) for lk, i, c in cells[:25] if c != "0"}
    expected: dict = {}
    for r in risks:
        key = (r["inherent_likelihood"], r["inherent_impact"])
        expected[key] = expected.get(key, 0) + 1
    assert inherent == expected


def test_the_score_pages_and_the_api_agree_per_duty_and_on_the_gains(
    musterstadt, isb, client_for, api_client_for
):
    client, api = client_for(isb), api_client_for(isb)
    scores = api.get("/api/v1/compliance/scores/").json()
    page = client.get("/compliance/scores/").content.decode()
    for duty, value in scores["duties"].items():
        shown = re.search(rf'data-duty="{re.escape(duty)}">([^<]+)<', page).group(1)
        assert shown == ("–" if value is None else f"{value:.1f}")
    gains_api = [g["control"] for g in api.get("/api/v1/compliance/scores/gains/").json()["gains"]]
    gains_page = re.findall(
        r'<tr data-control="([^"]+)"', client.get("/compliance/scores/gains/").content.decode()
    )
    assert gains_page == gains_api and gains_api
    breakdown = api.get("/api/v1/compliance/scores/breakdown/").json()
    assert sum(c["contribution"] for c in breakdown["controls"]) == pytest.approx(
        scores["overall"], abs=0.01
    )


def test_a_findings_provider_fills_the_findings_panel(musterstadt, isb, client_for):
    def provider(org):
        return {"critical": 2, "high": 1}

    register_findings_provider(provider)
    try:
        page = client_for(isb).get("/").content.decode()
    finally:
        _FINDINGS.remove(provider)
    assert "No findings source yet." not in page
    assert '<span class="badge critical">critical</span> 2' in page


def test_the_panels_read_in_german(musterstadt, isb, client_for):
    client = client_for(isb)
    client.cookies["django_language"] = "de"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "besonders wichtige Einrichtung" in page
    assert '">Stand: ' in page  # when the shown score was computed


def test_the_snapshot_task_and_the_command_write_todays_snapshot_once(musterstadt, settings):
    org, _ = musterstadt
    assert record_score_snapshots_task.apply(args=[org.pk]).get() == 1
    data = command_json("recompute_scores", "--org", org.slug, "--json")
    assert ScoreSnapshot.objects.filter(organization=org).count() == 90
    assert data["overall"] == ScoreSnapshot.objects.get(organization=org, date=data["date"]).overall


def test_the_daily_schedule_exists(db):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.get(name="Compliance score snapshots").task == (
        "compliance.record_score_snapshots"
    )
