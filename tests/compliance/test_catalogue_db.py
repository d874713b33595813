"""The catalogue in the database: fresh install, load_catalogue, upgrades that keep assessments."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compliance.models import AssessmentHistory, CatalogueVersion, ControlAssessment, Evidence
from compliance.selectors import catalogue_current
from compliance.services.assessment import (
    assessment_update,
    assessments_ensure,
    evidence_add_link,
)
from compliance.services.risks import risk_save

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    import sys
    from io import StringIO

    out, saved = StringIO(), sys.stdout
    sys.stdout = out
    try:
        call_command(*args)
    finally:
        sys.stdout = saved
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, lines
    return json.loads(lines[0])


def test_a_fresh_database_has_the_shipped_catalogue(catalogue_json, control_rows):
    current = catalogue_current()
    assert current.version == catalogue_json["version"]
    assert current.duties.count() == len(catalogue_json["duties"])
    assert current.controls.count() == len(control_rows)


def test_load_catalogue_json_reports_version_duties_and_controls(catalogue_json, control_rows):
    data = run("load_catalogue", "--json")
    assert data["version"] == catalogue_json["version"]
    assert data["duties"] == len(catalogue_json["duties"]) == 26
    assert data["controls"] == len(control_rows) == 93
    assert data["created"] is False  # already installed: idempotent


def test_a_broken_file_is_refused_naming_the_file_and_place(tmp_path, catalogue_json):
    broken = copy.deepcopy(catalogue_json)
    broken["duties"][2]["controls"][0]["legal_weight"] = "mandatory"
    path = tmp_path / "broken-2027.1.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken-2027.1.json: /duties/2/controls/0"):
        call_command("load_catalogue", str(path))
    assert CatalogueVersion.objects.count() == 1


def upgraded(catalogue_json) -> dict:
    """2027.1: SCOPE-REG.1 renamed, NIS2-20-1.1 split in two, NIS2-20-1.2 removed."""
    new = copy.deepcopy(catalogue_json)
    new["version"] = "2027.1"
    duty = next(d for d in new["duties"] if d["id"] == "SCOPE-REG")
    renamed = duty["controls"][0]
    assert renamed["id"] == "SCOPE-REG.1"
    renamed["id"] = "SCOPE-REG.10"
    renamed["replaces"] = ["SCOPE-REG.1"]
    gov = next(d for d in new["duties"] if d["id"] == "NIS2-20-1")
    split = gov["controls"][0]
    assert split["id"] == "NIS2-20-1.1"
    half = copy.deepcopy(split)
    split["id"], half["id"] = "NIS2-20-1.11", "NIS2-20-1.12"
    split["replaces"] = half["replaces"] = ["NIS2-20-1.1"]
    gov["controls"].insert(1, half)
    gov["controls"] = [c for c in gov["controls"] if c["id"] != "NIS2-20-1.2"]
    return new


def test_loading_a_changed_version_keeps_assessments_evidence_and_history(
    tmp_path, org, officer, catalogue_json
):
    assessments_ensure(org=org)

    def assess(cid, status):
        a = ControlAssessment.objects.get(organization=org, control__control_id=cid)
        assessment_update(assessment=a, data={"status": status, "notes": f"note {cid}"})
        evidence_add_link(
            assessment=a,
            url="https://dms.example/" + cid,
            title=f"ev {cid}",
            valid_from=dt.date(2026, 1, 1),
        )
        return a

    renamed = assess("SCOPE-REG.1", "implemented")
    split = assess("NIS2-20-1.1", "partly")
    removed = assess("NIS2-20-1.2", "not_implemented")
    kept = assess("NIS2-21-2-a.1", "implemented")
    risk = risk_save(
        org=org,
        data={"title": "r", "inherent_likelihood": 2, "inherent_impact": 2},
        controls=[split.control, kept.control],
    )
    path = tmp_path / "bollwerk-nis2-cer-2027.1.json"
    path.write_text(json.dumps(upgraded(catalogue_json)), encoding="utf-8")

    data = run("load_catalogue", str(path), "--json")

    assert (data["version"], data["duties"], data["controls"]) == ("2027.1", 26, 93)
    assert data["previous"] == "2026.1"
    assert catalogue_current().version == "2027.1"
    renamed.refresh_from_db()
    assert renamed.control.control_id == "SCOPE-REG.10"
    assert renamed.control.version.version == "2027.1"
    assert (renamed.status, renamed.notes) == ("implemented", "note SCOPE-REG.1")
    assert renamed.evidence.count() == 1
    halves = ControlAssessment.objects.filter(
        organization=org, control__control_id__in=["NIS2-20-1.11", "NIS2-20-1.12"]
    )
    assert sorted(a.status for a in halves) == ["partly", "partly"]
    for half in halves:
        assert Evidence.objects.filter(assessment=half, title="ev NIS2-20-1.1").count() == 1
        actions = set(
            AssessmentHistory.objects.filter(assessment=half).values_list("action", flat=True)
        )
        assert {"update", "evidence_added", "catalogue_upgrade"} <= actions
    removed.refresh_from_db()
    assert removed.archived is True and removed.evidence.count() == 1
    assert removed.control.version.version == "2026.1"
    kept.refresh_from_db()
    assert kept.control.version.version == "2027.1" and kept.status == "implemented"
    assert sorted(c.control_id for c in risk.controls.all()) == [
        "NIS2-20-1.11",
        "NIS2-20-1.12",
        "NIS2-21-2-a.1",
    ]
    assert ControlAssessment.objects.filter(organization=org, archived=False).count() == 93


def test_an_older_version_than_the_current_is_refused(tmp_path, catalogue_json):
    old = copy.deepcopy(catalogue_json)
    old["version"] = "2025.1"
    path = tmp_path / "bollwerk-nis2-cer-2025.1.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(CommandError, match="older than the current"):
        call_command("load_catalogue", str(path))
    assert catalogue_current().version == catalogue_json["version"]
