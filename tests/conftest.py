"""Shared fixtures: the cast (owner org, outsider org, members by role) and clients.

Fixtures that need a real service (PostgreSQL, Redis, nmap, Chromium) skip
with a visible reason when it is missing, unless BOLLWERK_REQUIRE_SERVICES=1,
where they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from rest_framework.test import APIClient

from bollwerk.models import Role
from bollwerk.services.tokens import token_issue
from tests.factories import MembershipFactory, OrganizationFactory, TOTPDeviceFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("BOLLWERK_REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (or fail under BOLLWERK_REQUIRE_SERVICES=1) when a real service is missing."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _media_root_outside_the_repo(tmp_path_factory):
    """Stored uploads (e.g. SBOMs written by seed_demo) land in a temporary folder, never var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def external_data() -> Path:
    """The third-party corpora (BOLLWERK_EXTERNAL_DATA, default ../shared/data)."""
    path = Path(settings.BOLLWERK_EXTERNAL_DATA)
    need(path.is_dir(), f"third-party data not found at {path} (set BOLLWERK_EXTERNAL_DATA)")
    return path


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process. Celery caches its configuration, so the
    app's own setting is switched too (and switched back afterwards)."""
    from bollwerk.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def nmap_binary() -> str:
    path = shutil.which("nmap")
    need(path is not None, "nmap is not installed")
    return path


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Stadtwerke Eigenstadt", slug="eigenstadt")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Stadtwerke Fremdstadt", slug="fremdstadt")


@pytest.fixture
def member(org):
    """``member(role)`` → a user with that role in ``org`` (security officer by default)."""

    def make(role: str = Role.SECURITY_OFFICER, organization=None):
        return MembershipFactory(organization=organization or org, role=role).user

    return make


@pytest.fixture
def officer(member):
    return member(Role.SECURITY_OFFICER)


@pytest.fixture
def outsider(other_org):
    return MembershipFactory(organization=other_org, role=Role.SECURITY_OFFICER).user


def verify_client(client, user):
    """Log ``client`` in as ``user`` with password and a verified TOTP second factor."""
    device = TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → the Django test client, logged in with a verified second factor."""

    def make(user):
        return verify_client(client, user)

    return make


@pytest.fixture
def api_client_for(db):
    """``api_client_for(user, org)`` → an APIClient sending a fresh Bearer token of ``user``."""

    def make(user, organization=None):
        organization = organization or user.memberships.first().organization
        issued = token_issue(user=user, organization=organization, name="test")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.clear}")
        return api

    return make


def totp_now(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


__all__ = ["UserFactory", "need", "totp_now", "verify_client"]
