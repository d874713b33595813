"""Advisory pages: every role reads, only security officers upload; queries do not grow."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.advisories.models import Advisory
from assets.advisories.services import advisories_import
from bollwerk.models import Role
from tests.assets.advisories.builders import csaf_ot, osv, write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(tmp_path):
    write(tmp_path, "go.json", osv(severity="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"))
    write(tmp_path, "ot.json", csaf_ot())
    advisories_import(paths=[tmp_path])
    return {a.source_id: a for a in Advisory.objects.all()}


def keyed_urls(advisory):
    return [
        reverse("assets:advisory-detail", args=[advisory.pk]),
        reverse("assets:advisory-raw", args=[advisory.pk]),
    ]


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reads_the_list_detail_and_document(stored, role, member, client_for):
    client = client_for(member(role))
    advisory = stored["ICSA-99-001-01"]
    listing = client.get(reverse("assets:advisory-list"))
    assert listing.status_code == 200 and b"ICSA-99-001-01" in listing.content
    detail, raw = (client.get(url) for url in keyed_urls(advisory))
    assert detail.status_code == 200
    assert b"versions &lt; V3.1.1" in detail.content and b"CVSS:3.1/AV:N" in detail.content
    assert raw.status_code == 200 and json.loads(raw.content) == json.loads(advisory.raw)
    assert raw["Content-Disposition"] == 'attachment; filename="ICSA-99-001-01.json"'


def test_a_user_without_membership_gets_no_advisory_page(stored, client_for):
    client = client_for(UserFactory())
    for url in [reverse("assets:advisory-list"), *keyed_urls(stored["GO-2099-0001"])]:
        assert client.get(url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(stored):
    for url in keyed_urls(stored["GO-2099-0001"]):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_advisory_is_404(stored, officer, client_for):
    assert (
        client_for(officer).get(reverse("assets:advisory-detail", args=[999999])).status_code == 404
    )


def test_the_list_searches_by_alias(stored, officer, client_for):
    response = client_for(officer).get(reverse("assets:advisory-list"), {"q": "cve-2099-0001"})
    assert b"GO-2099-0001" in response.content and b"ICSA-99-001-01" not in response.content


def test_the_list_page_issues_the_same_queries_for_one_and_many_advisories(
    tmp_path, officer, client_for
):
    client = client_for(officer)
    advisories_import(paths=[write(tmp_path, "1/a.json", osv())])
    url = reverse("assets:advisory-list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(2, 30):
        write(tmp_path, f"n/{i}.json", osv(f"GO-2099-{i:04d}"))
    advisories_import(paths=[tmp_path / "n"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.count(b"GO-2099-") >= 29
    assert len(many) == len(one)


def test_a_security_officer_uploads_files_and_sees_the_report(officer, client_for):
    good = SimpleUploadedFile("GO-2099-0001.json", json.dumps(osv()).encode())
    bad = SimpleUploadedFile("bad.json", b"{")
    response = client_for(officer).post(
        reverse("assets:advisory-upload"), {"files": [good, bad], "format": "auto"}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.imported == 1 and report.errors[0]["file"] == "bad.json"
    assert (
        b"bad.json" in response.content
        and Advisory.objects.filter(source_id="GO-2099-0001").exists()
    )


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PROCUREMENT, Role.VIEWER])
def test_other_roles_may_not_upload(role, member, client_for):
    upload = SimpleUploadedFile("a.json", json.dumps(osv()).encode())
    response = client_for(member(role)).post(reverse("assets:advisory-upload"), {"files": [upload]})
    assert response.status_code == 403 and not Advisory.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_anything_is_stored(
    officer, client_for, settings
):
    settings.BOLLWERK_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("a.json", json.dumps(osv()).encode())
    response = client_for(officer).post(reverse("assets:advisory-upload"), {"files": [upload]})
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert not Advisory.objects.exists()
