"""Assessments, evidence (files, links, machine records) and the history of every change."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bollwerk.models import AuditEvent
from compliance.models import AssessmentHistory, ControlAssessment, Evidence
from compliance.services.assessment import (
    assessment_update,
    assessments_ensure,
    evidence_add_file,
    evidence_attach_machine,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def assessment(org):
    assessments_ensure(org=org)
    return ControlAssessment.objects.get(organization=org, control__control_id="NIS2-21-2-a.1")


def test_every_applicable_control_gets_one_row_once(org):
    created = assessments_ensure(org=org)
    assert created == ControlAssessment.objects.filter(organization=org).count() == 93
    assert assessments_ensure(org=org) == 0
    assert AuditEvent.objects.filter(object_type="compliance.controlassessment").count() == 1


def test_a_change_is_kept_with_before_and_after(assessment):
    assessment_update(assessment=assessment, data={"status": "partly", "notes": "in progress"})
    entry = AssessmentHistory.objects.get(assessment=assessment)
    assert entry.before == {"status": "not_assessed", "notes": ""}
    assert entry.after == {"status": "partly", "notes": "in progress"}


def test_not_applicable_needs_a_justification_and_stores_nothing_without(assessment):
    with pytest.raises(ValidationError) as exc:
        assessment_update(assessment=assessment, data={"status": "not_applicable"})
    assert "justification" in exc.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == "not_assessed"
    assert not AssessmentHistory.objects.filter(assessment=assessment).exists()


def test_an_owner_from_another_organization_is_refused(assessment, outsider):
    with pytest.raises(ValidationError, match="not a member"):
        assessment_update(assessment=assessment, data={"owner": outsider})


def test_an_uploaded_file_is_stored_by_its_sha256(assessment, media, officer):
    content = b"%PDF-1.7 policy"
    evidence = evidence_add_file(
        assessment=assessment,
        upload=SimpleUploadedFile("policy.pdf", content),
        user=officer,
    )
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content) and evidence.filename == "policy.pdf"
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == content
    assert stored.name == evidence.sha256
    assert evidence.review_months == assessment.control.review_months


def test_a_file_over_the_limit_is_refused_and_nothing_stored(assessment, media, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        evidence_add_file(assessment=assessment, upload=SimpleUploadedFile("big.pdf", b"x" * 11))
    assert "big.pdf" in exc.value.message_dict["file"][0]
    assert not Evidence.objects.exists()
    assert not any(media.rglob("*"))


def test_machine_evidence_is_attached_once_per_run(org):
    digest = hashlib.sha256(b"scan").hexdigest()
    kwargs = {
        "org": org,
        "control_id": "NIS2-21-2-f.3",
        "source": "scan-reconciliation",
        "summary": "0 unknown hosts",
        "payload_sha256": digest,
        "valid_until": dt.date(2027, 1, 1),
        "run_ref": "run:42",
    }
    first = evidence_attach_machine(**kwargs)
    again = evidence_attach_machine(**kwargs)
    assert first.pk == again.pk and first.kind == Evidence.Kind.MACHINE
    assert first.assessment.control.control_id == "NIS2-21-2-f.3"


def test_machine_evidence_for_an_unknown_control_names_it(org):
    with pytest.raises(ValidationError, match=r"NOPE\.1"):
        evidence_attach_machine(
            org=org,
            control_id="NOPE.1",
            source="x",
            summary="y",
            payload_sha256="0" * 64,
            valid_until=dt.date(2027, 1, 1),
            run_ref="r",
        )


def test_the_page_saves_a_status_and_shows_the_history(assessment, officer, client_for):
    client = client_for(officer)
    url = f"/compliance/assessments/{assessment.pk}/"
    response = client.post(url, {"status": "implemented", "notes": "done"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "implemented" in page and "done" in page
    assert AssessmentHistory.objects.get(assessment=assessment).actor_label == officer.email


def test_the_page_uploads_evidence_and_offers_the_download(assessment, officer, client_for, media):
    client = client_for(officer)
    upload = SimpleUploadedFile("report.txt", b"pentest report")
    response = client.post(
        f"/compliance/assessments/{assessment.pk}/evidence/",
        {"file": upload, "title": "Pentest 2026"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    download = client.get(f"/compliance/evidence/{evidence.pk}/download/")
    assert b"".join(download.streaming_content) == b"pentest report"


def test_a_viewer_cannot_change_an_assessment(assessment, member, client_for):
    client = client_for(member("viewer"))
    response = client.post(f"/compliance/assessments/{assessment.pk}/", {"status": "implemented"})
    assert response.status_code == 403


def test_the_list_page_issues_the_same_queries_for_1_and_n_owners(
    org, officer, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer)
    assessments_ensure(org=org)
    rows = list(ControlAssessment.objects.filter(organization=org))
    assessment_update(assessment=rows[0], data={"owner": officer})
    with CaptureQueriesContext(connection) as one:
        client.get("/compliance/assessments/")
    for row in rows[1:30]:
        user = MembershipFactory(organization=org).user
        assessment_update(assessment=row, data={"owner": user})
    with CaptureQueriesContext(connection) as many:
        client.get("/compliance/assessments/")
    assert len(many) == len(one)
