"""The advisory API: read for every member, import for security officers, flat query count."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assets.advisories.models import Advisory
from assets.advisories.services import advisories_import
from bollwerk.models import Role
from tests.assets.advisories.builders import csaf_ot, osv, write

pytestmark = pytest.mark.django_db
LIST = "/api/v1/advisories/"


@pytest.fixture
def stored(tmp_path):
    write(tmp_path, "go.json", osv())
    write(tmp_path, "ot.json", csaf_ot())
    advisories_import(paths=[tmp_path])
    return {a.source_id: a for a in Advisory.objects.all()}


@pytest.mark.parametrize("role", Role.values)
def test_every_role_lists_and_reads_advisories(stored, role, member, api_client_for):
    api = api_client_for(member(role))
    listing = api.get(LIST, {"source": "csaf"})
    assert listing.status_code == 200
    assert [a["source_id"] for a in listing.json()["results"]] == ["ICSA-99-001-01"]
    detail = api.get(f"{LIST}{stored['ICSA-99-001-01'].pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["severity_label"] == "CRITICAL" and body["affected"][0]["ot_vendor"] == "Siemens"
    assert body["affected"][0]["why"] == "versions < V3.1.1"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "CVE-2099-0001"}, ["GO-2099-0001"]),
        ({"kev": "true"}, []),
        ({"withdrawn": "false", "ordering": "id"}, ["GO-2099-0001", "ICSA-99-001-01"]),
    ],
)
def test_the_list_endpoint_filters(stored, officer, api_client_for, params, expected):
    results = api_client_for(officer).get(LIST, params).json()["results"]
    assert [a["source_id"] for a in results] == expected


def test_without_a_token_the_api_refuses(stored):
    assert APIClient().get(LIST).status_code in (401, 403)


def test_a_security_officer_imports_through_the_api(officer, api_client_for):
    files = [
        SimpleUploadedFile("GO-2099-0001.json", json.dumps(osv()).encode()),
        SimpleUploadedFile("bad.json", b"{"),
    ]
    response = api_client_for(officer).post(
        LIST, {"files": files, "format": "auto"}, format="multipart"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["imported"], body["errors"][0]["file"]) == (1, "bad.json")
    assert Advisory.objects.filter(source_id="GO-2099-0001").exists()


def test_an_import_where_every_file_fails_is_a_400(officer, api_client_for):
    response = api_client_for(officer).post(
        LIST, {"files": [SimpleUploadedFile("bad.json", b"{")]}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["file"] == "bad.json"


def test_an_import_without_files_is_a_400(officer, api_client_for):
    assert api_client_for(officer).post(LIST, {}, format="multipart").status_code == 400


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PROCUREMENT, Role.VIEWER])
def test_other_roles_may_not_import(role, member, api_client_for):
    upload = SimpleUploadedFile("a.json", json.dumps(osv()).encode())
    response = api_client_for(member(role)).post(LIST, {"files": [upload]}, format="multipart")
    assert response.status_code == 403 and not Advisory.objects.exists()


def test_the_list_endpoint_issues_the_same_queries_for_one_and_many(
    tmp_path, officer, api_client_for
):
    api = api_client_for(officer)
    advisories_import(paths=[write(tmp_path, "1/a.json", osv())])
    api.get(LIST)
    with CaptureQueriesContext(connection) as one:
        api.get(LIST)
    for i in range(2, 30):
        write(tmp_path, f"n/{i}.json", osv(f"GO-2099-{i:04d}"))
    advisories_import(paths=[tmp_path / "n"])
    with CaptureQueriesContext(connection) as many:
        assert api.get(LIST).json()["count"] == 29
    assert len(many) == len(one)
