"""Personal API tokens: hashed at rest, never logged, expiring, revocable."""

import datetime as dt
import json
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bollwerk.models import ApiToken, AuditEvent, Membership
from bollwerk.services.tokens import token_issue, token_revoke

pytestmark = pytest.mark.django_db


def _client(clear):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {clear}")
    return api


def test_a_valid_token_authenticates_for_its_organization(officer, org):
    issued = token_issue(user=officer, organization=org)
    response = _client(issued.clear).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["organization"] == org.slug
    assert response.json()["role"] == "security_officer"


def test_the_token_is_stored_only_as_a_hash(officer, org):
    issued = token_issue(user=officer, organization=org)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    values = json.dumps([str(v) for v in ApiToken.objects.filter(pk=stored.pk).values_list()[0]])
    secret = issued.clear.rsplit("_", 1)[1]
    assert secret not in values
    assert issued.clear not in values
    assert len(stored.token_hash) == 64


def test_the_token_never_appears_in_logs_or_the_audit_trail(officer, org, caplog):
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        issued = token_issue(user=officer, organization=org)
        _client(issued.clear).get("/api/v1/me/")
        _client(issued.clear + "x").get("/api/v1/me/")
    secret = issued.clear.rsplit("_", 1)[1]
    assert secret not in caplog.text
    assert not any(secret in q["sql"] for q in queries.captured_queries)
    assert not any(
        secret in json.dumps(e.changes) + e.object_repr for e in AuditEvent.objects.all()
    )


def test_an_expired_token_gets_401(officer, org):
    issued = token_issue(user=officer, organization=org, expires_days=1)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        response = _client(issued.clear).get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_gets_401(officer, org):
    issued = token_issue(user=officer, organization=org)
    token_revoke(token=issued.token)
    assert _client(issued.clear).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(action="token_revoked", organization=org).exists()


def test_a_wrong_or_malformed_token_gets_401(officer, org):
    issued = token_issue(user=officer, organization=org)
    assert _client(issued.clear[:-2] + "zz").get("/api/v1/me/").status_code == 401
    assert _client("nonsense").get("/api/v1/me/").status_code == 401
    assert APIClient().get("/api/v1/me/").status_code == 401


def test_a_token_stops_working_when_the_membership_ends(officer, org):
    issued = token_issue(user=officer, organization=org)
    Membership.objects.filter(user=officer, organization=org).delete()
    assert _client(issued.clear).get("/api/v1/me/").status_code == 401


def test_last_used_time_is_recorded(officer, org):
    issued = token_issue(user=officer, organization=org)
    _client(issued.clear).get("/api/v1/me/")
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is not None


def test_issue_api_token_prints_the_token_as_last_line_and_json(officer, org, capsys):
    call_command("issue_api_token", officer.email, "--org", org.slug, "--expires-days", "7")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("bwk_")
    assert _client(last).get("/api/v1/me/").status_code == 200
    call_command("issue_api_token", officer.email, "--org", org.slug, "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"token", "expires"}
    assert AuditEvent.objects.filter(action="token_issued", organization=org).count() == 2


def test_a_token_issued_through_the_api_is_shown_once(officer, org, api_client_for):
    api = api_client_for(officer)
    created = api.post("/api/v1/tokens/", {"name": "ci", "expires_days": 30}, format="json")
    assert created.status_code == 201
    assert created.json()["token"].startswith("bwk_")
    listed = api.get("/api/v1/tokens/").json()["results"]
    assert all(item["token"] is None for item in listed)
    assert api.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 204
    assert _client(created.json()["token"]).get("/api/v1/me/").status_code == 401


def test_a_token_of_a_non_member_cannot_be_issued(outsider, org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_issue(user=outsider, organization=org)
