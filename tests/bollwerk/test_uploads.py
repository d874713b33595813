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


def test_a_streamed_file_far_past_the_limit_is_stopped_while_it_arrives(rf, settings):
    from django.core.files.uploadhandler import StopUpload

    from bollwerk.uploads import SizeLimitUploadHandler

    settings.BOLLWERK_UPLOAD_MAX_BYTES = 2048
    handler = SizeLimitUploadHandler(rf.post("/"))
    handler.new_file("file", "big.csv", "text/csv", None)
    chunk = b"a" * 64 * 1024
    with pytest.raises(StopUpload):
        for start in range(0, 2 * 1024 * 1024, len(chunk)):
            handler.receive_data_chunk(chunk, start)
    assert handler.received > settings.BOLLWERK_UPLOAD_MAX_BYTES + 1024 * 1024


def test_a_file_just_over_the_limit_reaches_the_form_which_names_it(officer, client_for, settings):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 2048
    big = SimpleUploadedFile("assets.csv", b"name\n" + b"a\n" * 5000, content_type="text/csv")
    response = client_for(officer).post("/assets/import/", {"file": big})
    from assets.models import Asset

    assert Asset.objects.count() == 0
    assert response.status_code == 400
    assert "larger than" in str(response.context["form"].errors["file"])
