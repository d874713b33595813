"""The platform's stale_accounts check: unused members and tokens, tokens without expiry."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from bollwerk.checks import services
from bollwerk.checks.models import CheckRun, Finding
from bollwerk.models import ApiToken
from bollwerk.services.tokens import token_issue, token_revoke
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def run_now(org):
    return services.check_run_now(organization=org, check_name="stale_accounts", trigger="manual")


def open_kinds(org):
    return sorted(
        Finding.objects.for_org(org)
        .exclude(status=Finding.Status.RESOLVED)
        .values_list("kind", flat=True)
    )


def test_a_member_who_has_not_logged_in_for_90_days_is_a_finding(org):
    member = MembershipFactory(organization=org).user
    member.last_login = timezone.now() - dt.timedelta(days=91)
    member.save()
    fresh = MembershipFactory(organization=org).user
    fresh.last_login = timezone.now() - dt.timedelta(days=10)
    fresh.save()
    run = run_now(org)
    [finding] = Finding.objects.for_org(org)
    assert run.status == CheckRun.Status.SUCCEEDED
    assert finding.kind == "stale_account" and member.email in finding.description
    assert finding.affected_objects == [
        {"type": "bollwerk.user", "id": str(member.pk), "label": member.email}
    ]


def test_a_member_who_never_logged_in_counts_from_the_membership(org):
    with time_machine.travel(timezone.now() - dt.timedelta(days=100)):
        MembershipFactory(organization=org)
    MembershipFactory(organization=org)  # invited today: not stale yet
    run_now(org)
    assert open_kinds(org) == ["stale_account"]


def test_an_unused_token_and_a_token_without_expiry_are_findings(org, officer):
    officer.last_login = timezone.now()
    officer.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=120)):
        token_issue(user=officer, organization=org, name="old", expires_days=None)
    token_issue(user=officer, organization=org, name="ok", expires_days=30)
    run_now(org)
    assert open_kinds(org) == ["stale_token", "token_without_expiry"]


def test_the_findings_resolve_when_the_cause_is_gone(org, officer):
    officer.last_login = timezone.now() - dt.timedelta(days=200)
    officer.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=120)):
        token_issue(user=officer, organization=org, name="old", expires_days=None)
    first = run_now(org)
    assert first.counts["findings_new"] == 3
    officer.last_login = timezone.now()
    officer.save()
    token_revoke(token=ApiToken.objects.get(organization=org))
    second = run_now(org)
    assert second.counts["findings_resolved"] == 3
    assert open_kinds(org) == []
    assert set(Finding.objects.for_org(org).values_list("resolved_by_run", flat=True)) == {
        second.pk
    }


def test_other_organizations_members_are_not_looked_at(org, other_org):
    stranger = MembershipFactory(organization=other_org).user
    stranger.last_login = timezone.now() - dt.timedelta(days=365)
    stranger.save()
    run_now(org)
    assert not Finding.objects.exists()
