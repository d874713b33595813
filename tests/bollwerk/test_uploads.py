"""The one upload size limit holds for every endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_a_declared_oversized_body_is_refused_before_it_is_read(client, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 1024
    response = client.post(
        "/members/",
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.content.decode()


def test_the_api_answers_oversized_uploads_with_json(client, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 1024
    response = client.post(
        "/api/v1/me/",
        data=b"x",
        content_type="application/json",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]


def test_a_streamed_file_far_past_the_limit_is_dropped(officer, client_for, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 2048
    client = client_for(officer)
    big = SimpleUploadedFile("assets.csv", b"name\n" + b"a\n" * 700_000, content_type="text/csv")
    # The test client declares no Content-Length the middleware could refuse early.
    response = client.post("/assets/import/", {"file": big})
    from assets.models import Asset

    assert Asset.objects.count() == 0
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
