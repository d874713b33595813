"""REST API of SBOMs: multipart and raw-body upload, one-line errors, components, diff, download."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Sbom
from bollwerk.models import Role
from tests.assets.factories import AssetFactory
from tests.assets.sbom.builders import cdx, component, dumps
from tests.assets.sbom_db.helpers import BILLION_LAUGHS, small_bom, small_bom_xml, stored_counts

pytestmark = pytest.mark.django_db
URL = "/api/v1/sboms/"


@pytest.fixture
def api(member, api_client_for):
    return api_client_for(member(Role.PROCUREMENT))


def _upload(api, data=None, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {"file": SimpleUploadedFile("bom.cdx.json", data or small_bom()),
               "supplier": "Siemens AG", **fields}  # fmt: skip
    return api.post(URL, payload, format="multipart")


def test_a_multipart_upload_imports_and_links_assets(api, org):
    scada = AssetFactory(organization=org)
    response = _upload(api, product="Leitsystem", version="7.1", assets=[scada.pk])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["component_count"] == 3 and body["product_name"] == "Leitsystem"
    scada.refresh_from_db()
    assert scada.product_id == body["product"]


def test_a_raw_json_body_with_query_parameters_imports_for_a_vendors_ci(api):
    response = api.post(f"{URL}?supplier=ACME&product=Gateway&version=2.1", small_bom(),
                        content_type="application/vnd.cyclonedx+json")  # fmt: skip
    assert response.status_code == 201, response.json()
    sbom = Sbom.objects.get(pk=response.json()["id"])
    assert str(sbom.product) == "Gateway 2.1"
    assert sbom.file.read() == small_bom()


def test_a_raw_xml_body_imports(api):
    response = api.post(f"{URL}?supplier=ACME&product=Zlib", small_bom_xml(),
                        content_type="application/xml")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["format"] == "xml"


def test_lenient_is_a_query_parameter(api):
    bad = dumps(cdx("1.6", components=[component("a", version=5)]))
    strict = api.post(f"{URL}?supplier=A&product=P", bad, content_type="application/json")
    assert strict.status_code == 400
    lenient = api.post(
        f"{URL}?supplier=A&product=P&lenient=1", bad, content_type="application/json"
    )
    assert lenient.status_code == 201 and lenient.json()["validation_error_count"] == 1


def test_errors_are_400_with_one_line_and_nothing_stored(api, media_root):
    before = stored_counts(media_root)
    response = api.post(f"{URL}?supplier=New&product=P", BILLION_LAUGHS, content_type="text/xml")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "request body" in detail
    missing = api.post(URL, small_bom(), content_type="application/json")
    assert missing.status_code == 400 and missing.json()["detail"].startswith("supplier:")
    assert stored_counts(media_root) == before


def test_an_upload_over_the_limit_is_refused(api, settings, media_root):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 100
    before = stored_counts(media_root)
    response = api.post(f"{URL}?supplier=A&product=P", small_bom(), content_type="application/json")
    assert response.status_code == 400 and "larger than the limit" in response.json()["detail"]
    multipart = _upload(api, product="P")
    assert multipart.status_code == 400 and "larger than the limit" in multipart.json()["detail"]
    assert stored_counts(media_root) == before


def test_viewers_and_auditors_may_read_but_not_upload(member, api_client_for):
    for role in (Role.VIEWER, Role.AUDITOR):
        api = api_client_for(member(role))
        assert api.get(URL).status_code == 200
        assert _upload(api).status_code == 403
    assert Sbom.objects.count() == 0


def test_components_are_listed_searched_and_filtered(api):
    sbom_id = _upload(api).json()["id"]
    rows = api.get(f"{URL}{sbom_id}/components/").json()
    assert rows["count"] == 3
    assert [r["name"] for r in api.get(f"{URL}{sbom_id}/components/?q=log4j").json()["results"]] \
        == ["log4j-core"]  # fmt: skip
    assert api.get(f"{URL}{sbom_id}/components/?scope=required").json()["count"] == 1


def test_the_diff_endpoint_takes_a_path_or_a_query_parameter(api):
    first = _upload(api, product="L", version="1").json()["id"]
    second = _upload(api, small_bom(versions={"lodash": "4.17.21"}), product="L",
                     version="1").json()["id"]  # fmt: skip
    by_path = api.get(f"{URL}{first}/diff/{second}/").json()
    by_query = api.get(f"{URL}{first}/diff/?against={second}").json()
    assert by_path == by_query
    assert [c["name"] for c in by_path["changed"]] == ["lodash"]
    assert by_path["changed"][0]["before"]["version"] == "4.17.15"


def test_the_diff_against_another_organizations_sbom_is_404(api, other_org):
    from tests.assets.factories import SbomFactory

    mine = _upload(api).json()["id"]
    foreign = SbomFactory(organization=other_org)
    assert api.get(f"{URL}{mine}/diff/{foreign.pk}/").status_code == 404


def test_the_original_file_downloads_byte_for_byte(api):
    sbom_id = _upload(api).json()["id"]
    response = api.get(f"{URL}{sbom_id}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == small_bom()


def test_the_list_issues_the_same_queries_for_one_and_many(api, org):
    from tests.assets.factories import SbomFactory

    SbomFactory(organization=org)
    api.get(URL)  # the token's first use records itself once
    with CaptureQueriesContext(connection) as one:
        assert api.get(URL).status_code == 200
    for _ in range(5):
        SbomFactory(organization=org)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(URL).json()["results"]) == 6
    assert len(one) == len(many)
