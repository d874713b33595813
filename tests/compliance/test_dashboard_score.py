"""The dashboard reads the stored score: writes show at once, queries do not grow with assets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import ControlAssessment, ScoreSnapshot
from compliance.services.assessment import assessments_ensure
from compliance.services.scores import score_snapshot_is_fresh, score_snapshot_record
from tests.assets.factories import AssetFactory

pytestmark = pytest.mark.django_db


def overall_on_dashboard(client) -> float:
    page = client.get("/").content.decode()
    return float(re.search(r'class="overall" href="[^"]+" data-value="([\d.]+)"', page).group(1))


def assessment(org, control_id) -> ControlAssessment:
    return ControlAssessment.objects.get(organization=org, control__control_id=control_id)


def pick(control_rows, *, signal, weight) -> str:
    return next(
        cid for cid, r in control_rows.items() if r["signal"] == signal and r["weight"] == weight
    )


def post_status(client, org, control_id, status):
    target = assessment(org, control_id)
    response = client.post(f"/compliance/assessments/{target.pk}/", {"status": status})
    assert response.status_code == 302, response.content


def post_evidence(client, org, control_id, *, start: dt.date, until: dt.date):
    target = assessment(org, control_id)
    response = client.post(
        f"/compliance/assessments/{target.pk}/evidence/",
        {
            "title": "Richtlinie",
            "url": "https://dms.example/policy",
            "valid_from": start.isoformat(),
            "valid_until": until.isoformat(),
        },
    )
    assert response.status_code == 302


@pytest.fixture
def total_weight(control_rows):
    """An unclassified organization counts every control of the catalogue."""
    return sum(r["weight"] for r in control_rows.values())


def test_a_status_change_and_an_expired_evidence_item_show_on_the_dashboard_by_the_formula(
    org, officer, client_for, control_rows, total_weight, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    assessments_ensure(org=org)
    control = next(c for c, r in control_rows.items() if r["signal"] == "evidence_freshness")
    w = control_rows[control]["weight"]
    today = timezone.localdate()
    assert overall_on_dashboard(client) == 0.0

    with django_capture_on_commit_callbacks(execute=True):
        post_status(client, org, control, "implemented")
    # implemented without evidence: min(1, evidence cap 0.5, signal has no data 1) = 0.5
    assert overall_on_dashboard(client) == pytest.approx(100 * w * 0.5 / total_weight, abs=0.005)

    with django_capture_on_commit_callbacks(execute=True):
        post_evidence(client, org, control, start=today - dt.timedelta(5), until=today)
    # a valid item lifts the evidence cap; freshness 1 of 1 passes: min(1, 1, 1) = 1
    assert overall_on_dashboard(client) == pytest.approx(100 * w * 1.0 / total_weight, abs=0.005)

    with django_capture_on_commit_callbacks(execute=True):
        post_evidence(
            client, org, control, start=today - dt.timedelta(400), until=today - dt.timedelta(35)
        )
    # freshness 1 valid of 2 items = 0.5 < 0.9 fails: the signal caps the control at 0.5
    assert overall_on_dashboard(client) == pytest.approx(100 * w * 0.5 / total_weight, abs=0.005)


def test_a_write_in_another_organization_leaves_this_ones_stored_score_alone(
    org, other_org, django_capture_on_commit_callbacks, control_rows
):
    assessments_ensure(org=org)
    assessments_ensure(org=other_org)
    mine = score_snapshot_record(org=org)
    control = pick(control_rows, signal=None, weight=3)
    from compliance.services.assessment import assessment_update

    with django_capture_on_commit_callbacks(execute=True):
        assessment_update(assessment=assessment(other_org, control), data={"status": "implemented"})
    mine.refresh_from_db()
    assert mine.invalidated_at is None
    assert score_snapshot_is_fresh(mine, now=timezone.now())


def test_a_stored_score_is_stale_when_invalidated_while_it_was_computed(org):
    snapshot = score_snapshot_record(org=org)
    now = timezone.now()
    assert score_snapshot_is_fresh(snapshot, now=now)
    snapshot.invalidated_at = snapshot.computed_at  # the write committed as the inputs were read
    assert not score_snapshot_is_fresh(snapshot, now=now)
    snapshot.invalidated_at = snapshot.computed_at - dt.timedelta(seconds=1)
    assert score_snapshot_is_fresh(snapshot, now=now)


def test_the_dashboard_recomputes_a_stored_score_older_than_the_maximum_age(
    org, officer, client_for, settings
):
    settings.BOLLWERK_SCORE_MAX_AGE_MINUTES = 15
    client = client_for(officer)
    client.get("/")
    first = ScoreSnapshot.objects.get(organization=org).computed_at
    with time_machine.travel(first + dt.timedelta(minutes=10)):
        client.get("/")
        assert ScoreSnapshot.objects.get(organization=org).computed_at == first
    with time_machine.travel(first + dt.timedelta(minutes=16)):
        client.get("/")
        assert ScoreSnapshot.objects.get(organization=org).computed_at > first


def test_the_dashboard_shows_when_its_score_was_computed(org, officer, client_for):
    page = client_for(officer).get("/").content.decode()
    stored = ScoreSnapshot.objects.get(organization=org, date=timezone.localdate())
    when = timezone.localtime(stored.computed_at)
    assert f'<time datetime="{when.isoformat()}">as of ' in page


def _dashboard_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_dashboard_query_count_does_not_grow_with_the_inventory(
    org, officer, client_for, control_rows
):
    client = client_for(officer)
    assessments_ensure(org=org)
    AssetFactory(organization=org, lifecycle="in_operation")
    client.get("/")  # stores today's score
    one = _dashboard_queries(client)
    AssetFactory.create_batch(40, organization=org, lifecycle="in_operation")
    many = _dashboard_queries(client)
    assert len(many) == len(one)
    # the stored score is read: no signal reads the inventory on a page view
    assert not [sql for sql in many if '"assets_asset"' in sql]


def test_the_api_lists_when_each_snapshot_was_computed(org, officer, api_client_for):
    stored = score_snapshot_record(org=org)
    data = api_client_for(officer).get("/api/v1/compliance/score-snapshots/").json()["results"]
    assert data[0]["date"] == stored.date.isoformat()
    assert data[0]["computed_at"] is not None


def test_a_recompute_triggered_by_a_page_view_is_the_systems_write_not_the_viewers(
    org, member, client_for
):
    from bollwerk.models import AuditEvent, Role

    client_for(member(Role.VIEWER)).get("/")
    [event] = AuditEvent.objects.filter(organization=org, object_type="compliance.scoresnapshot")
    assert event.actor_id is None and event.actor_label == "system:score"
