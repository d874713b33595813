"""The REST API: assessments, evidence, history, scores, gains, signals, risks, matrix."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bollwerk.models import Role
from compliance.models import ControlAssessment
from compliance.services.assessment import assessment_update, assessments_ensure
from tests.compliance.factories import EvidenceFactory, RiskFactory
from tests.factories import MembershipFactory, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(officer, api_client_for):
    return api_client_for(officer)


def test_an_assessment_is_updated_through_the_service_with_history(org, api, officer):
    assessments_ensure(org=org)
    target = ControlAssessment.objects.get(organization=org, control__control_id="NIS2-23.1")
    response = api.patch(
        f"/api/v1/compliance/assessments/{target.pk}/",
        {"status": "implemented", "owner": officer.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "implemented"
    history = api.get(f"/api/v1/compliance/history/?assessment={target.pk}").json()["results"]
    assert history[0]["after"]["status"] == "implemented"
    assert history[0]["actor_label"] == officer.email


def test_not_applicable_without_justification_is_a_400_naming_the_field(org, api):
    assessments_ensure(org=org)
    target = ControlAssessment.objects.filter(organization=org).first()
    response = api.patch(
        f"/api/v1/compliance/assessments/{target.pk}/", {"status": "not_applicable"}, format="json"
    )
    assert response.status_code == 400
    assert "justification" in response.json()


def test_an_owner_of_another_organization_is_refused(org, api, outsider):
    assessments_ensure(org=org)
    target = ControlAssessment.objects.filter(organization=org).first()
    response = api.patch(
        f"/api/v1/compliance/assessments/{target.pk}/", {"owner": outsider.pk}, format="json"
    )
    assert response.status_code == 400 and "owner" in response.json()


def test_evidence_is_uploaded_as_multipart_with_its_hash(org, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessments_ensure(org=org)
    target = ControlAssessment.objects.filter(organization=org).first()
    response = api.post(
        "/api/v1/compliance/evidence/",
        {"assessment": target.pk, "file": SimpleUploadedFile("a.txt", b"abc")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["sha256"] == hashlib.sha256(b"abc").hexdigest()


def test_evidence_for_another_organizations_assessment_is_refused(org, other_org, api):
    assessments_ensure(org=other_org)
    foreign = ControlAssessment.objects.filter(organization=other_org).first()
    response = api.post(
        "/api/v1/compliance/evidence/",
        {"assessment": foreign.pk, "url": "https://x.example", "title": "t"},
        format="json",
    )
    assert response.status_code == 400 and "assessment" in response.json()


def test_a_risk_is_created_with_controls_and_residual_defaults(org, api):
    response = api.post(
        "/api/v1/compliance/risks/",
        {
            "title": "Ransomware",
            "inherent_likelihood": 4,
            "inherent_impact": 5,
            "controls": ["NIS2-21-2-c.1"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["residual_likelihood"], body["residual_impact"], body["inherent_score"]) == (
        4,
        5,
        20,
    )
    assert body["controls"] == ["NIS2-21-2-c.1"]


def test_the_risk_matrix_is_read_and_changed(org, api, member, api_client_for):
    assert api.get("/api/v1/compliance/risk-matrix/").json()["acceptance_threshold"] == 6
    response = api.put(
        "/api/v1/compliance/risk-matrix/", {"acceptance_threshold": 8}, format="json"
    )
    assert response.status_code == 200 and response.json()["acceptance_threshold"] == 8
    bad = api.put("/api/v1/compliance/risk-matrix/", {"impact_labels": ["a"]}, format="json")
    assert bad.status_code == 400 and "impact_labels" in bad.json()
    viewer = api_client_for(member(Role.VIEWER))
    assert viewer.put("/api/v1/compliance/risk-matrix/", {}, format="json").status_code == 403


def test_signals_report_no_data_for_sources_that_do_not_exist_yet(org, api):
    data = api.get("/api/v1/compliance/signals/").json()
    for sid in ("inv_completeness", "scan_recon", "sbom_coverage", "vuln_open_crit"):
        assert data[sid]["state"] == "no_data" and data[sid]["passed"] is None
    assert data["evidence_freshness"]["state"] == "no_data"


def test_mfa_enrollment_is_the_share_of_members_with_a_confirmed_device(org, api, officer):
    colleague = MembershipFactory(organization=org).user
    TOTPDeviceFactory(user=officer)
    TOTPDeviceFactory(user=colleague, confirmed=False)
    data = api.get("/api/v1/compliance/signals/").json()["mfa_enrollment"]
    assert (data["value"], data["threshold"], data["state"]) == (0.5, 1.0, "failed")
    assert [o["label"] for o in data["objects"]] == [colleague.email]
    TOTPDeviceFactory(user=colleague)
    assert api.get("/api/v1/compliance/signals/").json()["mfa_enrollment"]["passed"] is True


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/compliance/risks/", lambda org: RiskFactory(organization=org)),
        ("/api/v1/compliance/evidence/", lambda org: EvidenceFactory(organization=org)),
        ("/api/v1/compliance/assessments/", None),
    ],
)
def test_list_endpoints_issue_the_same_queries_for_1_and_n_rows(
    org, api, path, make, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessments_ensure(org=org)
    rows = list(ControlAssessment.objects.filter(organization=org))
    if make:
        make(org)
    else:
        assessment_update(
            assessment=rows[0], data={"owner": MembershipFactory(organization=org).user}
        )
    api.get(path)
    with CaptureQueriesContext(connection) as one:
        api.get(path)
    for i in range(1, 8):
        if make:
            make(org)
        else:
            user = MembershipFactory(organization=org).user
            assessment_update(assessment=rows[i], data={"owner": user})
    with CaptureQueriesContext(connection) as many:
        assert api.get(path).status_code == 200
    assert len(many) == len(one)
