"""Scope pages and API: validation naming the network, upload, run pages, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import ScanRun, ScanScope
from tests.assets.factories import ScanRunFactory

from .xml import scan_xml

pytestmark = pytest.mark.django_db
FORM = {
    "name": "Leitstelle",
    "networks": "127.0.0.0/30",
    "ports": "502, 102",
    "profile": "ot_safe",
    "maintenance_windows": "Mon-Fri 22:00-05:00",
    "max_rate": "50",
    "enabled": "on",
}


def test_an_officer_creates_a_scope_and_a_foreign_network_is_refused_by_name(officer, client_for):
    client = client_for(officer)
    refused = client.post(
        reverse("assets:scanscope-create"), {**FORM, "networks": "192.168.10.0/24"}
    )
    assert refused.status_code == 400
    assert "192.168.10.0/24" in refused.content.decode()
    assert not ScanScope.objects.exists()
    bad_window = client.post(
        reverse("assets:scanscope-create"), {**FORM, "maintenance_windows": "Mon 22:00"}
    )
    assert bad_window.status_code == 400 and not ScanScope.objects.exists()
    response = client.post(reverse("assets:scanscope-create"), FORM)
    assert response.status_code == 302
    scope = ScanScope.objects.get()
    assert scope.networks == ["127.0.0.0/30"] and scope.ports == [102, 502]
    assert scope.maintenance_windows == ["Mon-Fri 22:00-05:00"]
    page = client.get(reverse("assets:scanscope-list")).content.decode()
    assert "Leitstelle" in page and "127.0.0.0/30" in page
    edit = client.post(
        reverse("assets:scanscope-update", args=[scope.pk]), {**FORM, "networks": "10.0.0.0/8"}
    )
    assert edit.status_code == 400
    scope.refresh_from_db()
    assert scope.networks == ["127.0.0.0/30"]


def test_an_upload_is_stored_and_shown_and_a_bad_one_stores_nothing(officer, client_for):
    client = client_for(officer)
    bad = SimpleUploadedFile(
        "broken.xml", scan_xml([("127.0.0.5", [(23, "telnet")])])[:-80].encode()
    )
    response = client.post(reverse("assets:scan-upload"), {"file": bad})
    assert response.status_code == 400 and "broken.xml" in response.content.decode()
    assert not ScanRun.objects.exists()
    good = SimpleUploadedFile("ok.xml", scan_xml([("127.0.0.5", [(23, "telnet")])]).encode())
    response = client.post(reverse("assets:scan-upload"), {"file": good})
    run = ScanRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "assets:scanrun-detail", args=[run.pk]
    )
    detail = client.get(response.url).content.decode()
    assert "127.0.0.5" in detail and "23/tcp" in detail and "unexpected_service" in detail


def test_the_run_list_issues_the_same_queries_for_one_and_many_runs(org, officer, client_for):
    client = client_for(officer)
    ScanRunFactory(organization=org)
    client.get(reverse("assets:scanrun-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("assets:scanrun-list"))
    ScanRunFactory.create_batch(5, organization=org)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("assets:scanrun-list")).status_code == 200
    assert len(one) == len(many)


def test_the_api_refuses_a_foreign_network_and_imports_a_file(org, officer, api_client_for):
    api = api_client_for(officer)
    refused = api.post(
        "/api/v1/scan-scopes/", {"name": "x", "networks": ["10.0.0.0/8"]}, format="json"
    )
    assert refused.status_code == 400 and "10.0.0.0/8" in refused.json()["networks"][0]
    created = api.post(
        "/api/v1/scan-scopes/",
        {"name": "lab", "networks": ["127.0.0.1/32"], "ports": [502]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    upload = SimpleUploadedFile("s.xml", scan_xml([("127.0.0.1", [(502, "modbus")])]).encode())
    response = api.post(
        "/api/v1/scan-runs/import/", {"file": upload, "scope": created.json()["id"]}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["hosts_up"] == 1 and response.json()["unknown_hosts"] == 1
    listed = api.get("/api/v1/scan-runs/").json()
    assert listed["count"] == 1 and "hosts" not in listed["results"][0]
    detail = api.get(f"/api/v1/scan-runs/{response.json()['id']}/").json()
    assert detail["hosts"][0]["address"] == "127.0.0.1"


def test_the_api_run_list_issues_the_same_queries_for_one_and_many(org, officer, api_client_for):
    api = api_client_for(officer)
    ScanRunFactory(organization=org)
    api.get("/api/v1/scan-runs/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/scan-runs/")
    ScanRunFactory.create_batch(4, organization=org)
    with CaptureQueriesContext(connection) as many:
        assert api.get("/api/v1/scan-runs/").json()["count"] == 5
    assert len(one) == len(many)


def test_a_viewer_may_see_runs_but_not_upload(org, member, client_for):
    viewer = client_for(member("viewer"))
    assert viewer.get(reverse("assets:scan-upload")).status_code == 403
    assert viewer.get(reverse("assets:scanrun-list")).status_code == 200
