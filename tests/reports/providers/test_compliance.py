"""The compliance report's providers: classification, explained scores, assessments, evidence, gaps."""

import pytest

from assets.models import Asset
from compliance.models import ClassificationRecord, ControlAssessment
from compliance.selectors import classification_current
from compliance.services.scores import org_score
from reports.sections import Facts, Figure
from tests.assets.factories import AssetFactory
from tests.compliance.factories import EvidenceFactory
from tests.reports.providers.conftest import build, flat, table

pytestmark = pytest.mark.django_db


def _facts(section) -> dict:
    block = next(b for b in section.blocks if isinstance(b, Facts))
    return {str(f.label): f.value for f in block.items}


def test_the_classification_comes_from_the_newest_record(demo_org):
    record = classification_current(org=demo_org)
    section = build(demo_org, "compliance")["classification"]
    facts = _facts(section)
    assert facts["NIS2 category"] == record.result["category"]["en"]
    assert facts["Applicable duties"] == len(record.result["duty_ids"])
    reasons = table(section, 1)
    assert [r.values["text"] for r in reasons.rows] == [
        s["text_en"] for s in record.result["steps"]
    ]


def test_without_a_record_the_classification_is_computed_live_and_not_stored(org):
    section = build(org, "compliance")["classification"]
    assert "computed for this report" in _facts(section)["Classified"]
    assert not ClassificationRecord.objects.filter(organization=org).exists()


def test_the_score_breakdown_is_the_scoring_formula_for_every_control(demo_org):
    expected = org_score(org=demo_org).result
    section = build(demo_org, "compliance")["duties"]
    assert _facts(section)["Overall score"] == f"{expected.overall:.1f}"
    breakdown = table(section, 1)
    assert [r.values["control"] for r in breakdown.rows] == list(expected.controls)
    capped = next(c for c in expected.controls.values() if c.limited_by == ["evidence"])
    row = next(r for r in breakdown.rows if r.values["control"] == capped.control_id)
    assert row.values["evidence"].startswith("0.5") and row.values["limited"] == "evidence"


def test_score_bars_cover_every_duty_and_measure(demo_org):
    expected = org_score(org=demo_org).result
    figures = [b for b in build(demo_org, "compliance")["duties"].blocks if isinstance(b, Figure)]
    kinds = [f.kind for f in figures]
    assert kinds == ["score_bars", "score_bars", "trend_line"]
    assert [label for label, _v in figures[0].data["items"]] == list(expected.duties)
    assert len(figures[1].data["items"]) == len(expected.measures)


def test_gaps_follow_the_largest_gains_list(demo_org):
    gains = org_score(org=demo_org).result.largest_gains()
    rows = table(build(demo_org, "compliance")["gaps"]).rows
    assert [r.values["control"] for r in rows] == [c.control_id for c in gains]
    assert rows[0].values["gain"] == f"+{gains[0].gain:.2f}"


def test_assessment_notes_are_free_text_and_lose_the_organizations_addresses(org):
    AssetFactory(
        organization=org,
        asset_class=Asset.AssetClass.IT,
        ip_addresses=["10.9.8.7"],
        hostnames=["fw-core.stadtwerk.local"],
    )
    build(org, "compliance")  # creates the assessment rows
    assessment = ControlAssessment.objects.filter(organization=org).first()
    assessment.notes = "Regel auf fw-core.stadtwerk.local für 10.9.8.7 geprüft"
    assessment.save()
    notes = [
        r.values["notes"] for r in table(build(org, "compliance", "auditor")["assessments"]).rows
    ]
    mine = next(n for n in notes if n.startswith("Regel"))
    assert "10.9.8.7" not in mine and "fw-core" not in mine
    assert "HOST-" in mine and "IP-" in mine
    internal = [r.values["notes"] for r in table(build(org, "compliance")["assessments"]).rows]
    assert assessment.notes in internal


def test_the_evidence_index_lists_hash_and_validity(org):
    build(org, "compliance")
    EvidenceFactory(organization=org, title="Richtlinie", sha256="ab" * 32)
    row = table(build(org, "compliance")["evidence"]).rows[0].values
    assert row["sha256"] == "ab" * 32
    assert row["state"] == "valid"
    assert flat(row["title"]) == ["Richtlinie"]
