"""The score follows the documented formula; expected values are computed by hand here."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.models import ControlAssessment, ScoreSnapshot
from compliance.services.assessment import (
    assessment_update,
    assessments_ensure,
    evidence_add_link,
)
from compliance.services.scores import org_score, score_snapshot_record

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


def assessment(org, control_id):
    return ControlAssessment.objects.get(organization=org, control__control_id=control_id)


def set_status(org, control_id, status, **extra):
    return assessment_update(
        assessment=assessment(org, control_id), data={"status": status, **extra}
    )


def add_evidence(org, control_id, *, start, until):
    return evidence_add_link(
        assessment=assessment(org, control_id),
        url="https://dms.example/x",
        title=f"evidence {control_id}",
        valid_from=start,
        valid_until=until,
    )


def pick(control_rows, *, signal, weight):
    return next(
        cid for cid, r in control_rows.items() if r["signal"] == signal and r["weight"] == weight
    )


@pytest.fixture
def total_weight(control_rows):
    """An unclassified organization counts every control: W = Σ w over the catalogue."""
    return sum(r["weight"] for r in control_rows.values())


def test_nothing_assessed_scores_zero(org):
    assessments_ensure(org=org)
    assert org_score(org=org, today=TODAY).result.overall == 0


def test_changing_a_status_changes_the_overall_score_by_its_weighted_share(
    org, control_rows, total_weight
):
    assessments_ensure(org=org)
    control = pick(control_rows, signal=None, weight=3)

    set_status(org, control, "implemented")
    # implemented without evidence: min(1, 0.5, 1) = 0.5
    assert org_score(org=org, today=TODAY).result.overall == pytest.approx(
        100 * 3 * 0.5 / total_weight
    )

    add_evidence(org, control, start=TODAY - dt.timedelta(days=5), until=None)
    assert org_score(org=org, today=TODAY).result.overall == pytest.approx(
        100 * 3 * 1.0 / total_weight
    )

    set_status(org, control, "partly")
    assert org_score(org=org, today=TODAY).result.overall == pytest.approx(
        100 * 3 * 0.5 / total_weight
    )


def test_an_expired_evidence_item_caps_its_control_and_fails_the_freshness_signal(
    org, control_rows, total_weight
):
    assessments_ensure(org=org)
    fresh = [c for c, r in control_rows.items() if r["signal"] == "evidence_freshness"]
    first, second = fresh[0], fresh[1]
    w1, w2 = control_rows[first]["weight"], control_rows[second]["weight"]
    set_status(org, first, "implemented")
    set_status(org, second, "implemented")
    add_evidence(org, first, start=TODAY - dt.timedelta(days=5), until=TODAY + dt.timedelta(1))
    # first: valid evidence, freshness 1/1 passes -> 1; second: no evidence -> 0.5
    before = org_score(org=org, today=TODAY).result.overall
    assert before == pytest.approx(100 * (w1 * 1.0 + w2 * 0.5) / total_weight)

    add_evidence(org, second, start=TODAY - dt.timedelta(400), until=TODAY - dt.timedelta(35))
    score = org_score(org=org, today=TODAY)
    # freshness = 1 valid of 2 items = 0.5 < 0.9: failed, caps both at 0.5
    assert score.signals["evidence_freshness"].value == 0.5
    assert score.signals["evidence_freshness"].passed is False
    assert score.result.overall == pytest.approx(100 * (w1 * 0.5 + w2 * 0.5) / total_weight)
    assert score.result.controls[first].limited_by == ["signal"]
    assert score.result.controls[second].input.evidence_state == "expired"


def test_a_not_applicable_control_leaves_the_denominator(org, control_rows, total_weight):
    assessments_ensure(org=org)
    gone = pick(control_rows, signal=None, weight=2)
    done = pick(control_rows, signal=None, weight=3)
    set_status(org, gone, "not_applicable", justification="no OT of this kind")
    set_status(org, done, "implemented")
    add_evidence(org, done, start=TODAY - dt.timedelta(days=1), until=None)
    result = org_score(org=org, today=TODAY).result
    assert result.total_weight == total_weight - 2
    assert result.overall == pytest.approx(100 * 3 / (total_weight - 2))
    assert [i.control_id for i in result.excluded] == [gone]


def test_duty_and_measure_scores_are_weighted_and_plain_means(org, control_rows):
    assessments_ensure(org=org)
    duty = "NIS2-21-2-h"
    controls = {c: r for c, r in control_rows.items() if r["duty"] == duty}
    top = max(controls, key=lambda c: controls[c]["weight"])
    set_status(org, top, "partly")  # 0.5 (no evidence needed below the 0.5 cap)
    result = org_score(org=org, today=TODAY).result
    expected = 100 * controls[top]["weight"] * 0.5 / sum(r["weight"] for r in controls.values())
    assert result.duties[duty].score == pytest.approx(expected)
    assert result.measures["h"] == pytest.approx(expected)  # one duty carries letter h


def test_largest_gains_are_exact_and_ordered_by_gain_then_weight(org, control_rows, total_weight):
    assessments_ensure(org=org)
    result = org_score(org=org, today=TODAY).result
    gains = result.largest_gains()
    # nothing has evidence, so implementing gives min(1, 0.5, s) = 0.5 for each control
    first = gains[0]
    assert first.weight == 3
    assert first.gain == pytest.approx(100 * 3 * 0.5 / total_weight)
    assert [g.gain for g in gains] == sorted((g.gain for g in gains), reverse=True)
    assert len(gains) == len(control_rows)


def test_a_classified_organization_counts_only_its_duties(utility, control_rows):
    from compliance.services.classification import classification_compute

    record = classification_compute(org=utility)
    result = org_score(org=utility, today=TODAY).result
    duties = set(record.result["duty_ids"])
    assert set(result.duties) == duties
    assert result.total_weight == sum(
        r["weight"] for r in control_rows.values() if r["duty"] in duties
    )


def test_the_daily_snapshot_is_written_once_per_day(org):
    assessments_ensure(org=org)
    score_snapshot_record(org=org, today=TODAY)
    set_status(org, next(iter(org_score(org=org, today=TODAY).result.controls)), "partly")
    snapshot = score_snapshot_record(org=org, today=TODAY)
    assert ScoreSnapshot.objects.filter(organization=org).count() == 1
    assert snapshot.overall > 0
