"""Findings: one row per fingerprint, auto-resolution, reopening, risk acceptance, SLA."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assets.scans import FindingCandidate, FindingKind, Severity
from bollwerk.checks.findings import finding_status_change, findings_expire_risk, findings_record
from bollwerk.checks.models import Finding, FindingEvent
from bollwerk.checks.registry import Candidate, ObjectRef
from bollwerk.models import AuditEvent
from tests.bollwerk.factories import CheckRunFactory

pytestmark = pytest.mark.django_db


def cand(n, severity="high", kind="thing"):
    return Candidate(
        kind=kind,
        severity=severity,
        title=f"Thing {n}",
        description="d",
        fingerprint=f"src:{n}",
        objects=(ObjectRef("bollwerk.user", str(n), f"user {n}"),),
    )


def record(org, items, source="src", run=None, **kw):
    return findings_record(organization=org, source=source, candidates=items, run=run, **kw)


def test_reporting_the_same_fingerprint_again_updates_the_finding_instead_of_adding_one(org):
    first = CheckRunFactory(organization=org)
    second = CheckRunFactory(organization=org)
    record(org, [cand(1)], run=first)
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
        counts = record(org, [cand(1)], run=second)
    finding = Finding.objects.get(organization=org)
    assert counts.new == 0 and counts.seen_again == 1
    assert finding.first_run == first and finding.last_run == second
    assert finding.last_seen_at.year == 2030 and finding.first_seen_at.year != 2030
    assert finding.affected_objects == [{"type": "bollwerk.user", "id": "1", "label": "user 1"}]


def test_a_finding_whose_cause_is_gone_is_resolved_by_the_run_that_saw_it_gone(org):
    run = CheckRunFactory(organization=org)
    record(org, [cand(1), cand(2)], resolve_missing=True)
    counts = record(org, [cand(1)], run=run, resolve_missing=True)
    gone = Finding.objects.get(fingerprint="src:2")
    assert counts.resolved == 1
    assert gone.status == Finding.Status.RESOLVED and gone.resolved_by_run == run
    assert Finding.objects.get(fingerprint="src:1").status == Finding.Status.OPEN


def test_only_findings_of_the_same_source_are_resolved(org):
    record(org, [cand(1)], source="other")
    record(org, [], source="src", resolve_missing=True)
    assert Finding.objects.get().status == Finding.Status.OPEN


def test_acknowledged_findings_are_resolved_too_but_accepted_risks_stay_until_expiry(org, officer):
    record(org, [cand(1), cand(2)])
    ack = Finding.objects.get(fingerprint="src:1")
    accepted = Finding.objects.get(fingerprint="src:2")
    finding_status_change(finding=ack, action="acknowledge", user=officer)
    finding_status_change(
        finding=accepted,
        action="accept_risk",
        user=officer,
        reason="compensating control",
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )
    record(org, [], resolve_missing=True)
    ack.refresh_from_db()
    accepted.refresh_from_db()
    assert ack.status == Finding.Status.RESOLVED
    assert accepted.status == Finding.Status.RISK_ACCEPTED
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=40)):
        record(org, [], resolve_missing=True)
    accepted.refresh_from_db()
    assert accepted.status == Finding.Status.RESOLVED


def test_an_expired_risk_acceptance_whose_cause_persists_goes_back_to_open(org, officer):
    record(org, [cand(1)])
    finding = Finding.objects.get()
    finding_status_change(
        finding=finding,
        action="accept_risk",
        user=officer,
        reason="r",
        expires_on=dt.date.today() + dt.timedelta(days=1),
    )
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=3)):
        record(org, [cand(1)], resolve_missing=True)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert finding.events.filter(action=FindingEvent.Action.RISK_EXPIRED).exists()


def test_a_resolved_finding_whose_cause_comes_back_is_reopened(org):
    record(org, [cand(1)], resolve_missing=True)
    record(org, [], resolve_missing=True)
    counts = record(org, [cand(1)], resolve_missing=True)
    finding = Finding.objects.get()
    assert counts.reopened == 1
    assert finding.status == Finding.Status.OPEN and finding.resolved_at is None
    assert list(finding.events.values_list("action", flat=True)) == [
        "opened",
        "resolved",
        "reopened",
    ]


@pytest.mark.parametrize(
    ("severity", "days"), [("critical", 7), ("high", 30), ("medium", 90), ("low", 180)]
)
def test_the_due_date_follows_the_sla_of_the_severity(org, severity, days):
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        record(org, [cand(1, severity=severity)])
    assert Finding.objects.get().due_date == dt.date(2026, 3, 1) + dt.timedelta(days=days)


def test_info_findings_have_no_due_date(org):
    record(org, [cand(1, severity="info")])
    assert Finding.objects.get().due_date is None


def test_the_scan_engines_candidates_are_accepted_as_they_are(org):
    scan = FindingCandidate(
        kind=FindingKind.UNKNOWN_HOST,
        severity=Severity.HIGH,
        title="Unknown host in an OT zone",
        description="A host answered that is not in the inventory.",
        fingerprint="bollwerk-scan/1:abc",
        address="10.0.0.7",
        zone_id="3",
        port=502,
        protocol="tcp",
        asset_id="17",
        details={"service": "modbus"},
    )
    record(org, [scan], source="network_scan")
    finding = Finding.objects.get()
    assert (finding.kind, finding.severity, finding.asset_ref) == ("unknown_host", "high", "17")
    assert finding.details == {
        "service": "modbus",
        "address": "10.0.0.7",
        "zone_id": "3",
        "protocol": "tcp",
        "port": 502,
    }


def test_a_candidate_with_an_unknown_severity_stores_nothing(org):
    with pytest.raises(ValueError, match="unknown severity 'urgent'"):
        record(org, [cand(1), cand(2, severity="urgent")])
    assert not Finding.objects.exists()


def test_a_bulk_record_writes_one_audit_event(org):
    before = AuditEvent.objects.filter(object_type="bollwerk.finding").count()
    record(org, [cand(n) for n in range(20)])
    assert AuditEvent.objects.filter(object_type="bollwerk.finding").count() == before + 1


def test_findings_of_another_organization_are_never_touched(org, other_org):
    record(other_org, [cand(1)])
    record(org, [cand(1)], resolve_missing=True)
    record(org, [], resolve_missing=True)
    assert Finding.objects.get(organization=other_org).status == Finding.Status.OPEN


def test_accepting_a_risk_needs_a_reason_and_a_future_expiry(org, officer):
    record(org, [cand(1)])
    finding = Finding.objects.get()
    with pytest.raises(ValidationError) as exc:
        finding_status_change(finding=finding, action="accept_risk", user=officer, reason=" ")
    assert set(exc.value.message_dict) == {"reason", "expires_on"}
    with pytest.raises(ValidationError) as exc:
        finding_status_change(
            finding=finding,
            action="accept_risk",
            user=officer,
            reason="r",
            expires_on=dt.date.today(),
        )
    assert "expires_on" in exc.value.message_dict
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_a_resolved_finding_cannot_be_acknowledged(org):
    record(org, [cand(1)], resolve_missing=True)
    record(org, [], resolve_missing=True)
    with pytest.raises(ValidationError, match="cannot be changed"):
        finding_status_change(finding=Finding.objects.get(), action="acknowledge")


def test_reopening_clears_a_risk_acceptance(org, officer):
    record(org, [cand(1)])
    finding = Finding.objects.get()
    finding_status_change(
        finding=finding,
        action="accept_risk",
        user=officer,
        reason="r",
        expires_on=dt.date.today() + dt.timedelta(days=9),
    )
    finding_status_change(finding=finding, action="reopen", user=officer)
    finding.refresh_from_db()
    assert (finding.status, finding.risk_reason, finding.risk_expires_on) == ("open", "", None)
    assert finding.events.last().user == officer


def test_expired_risk_acceptances_are_reopened_by_maintenance(org, officer):
    record(org, [cand(1)])
    finding = Finding.objects.get()
    finding_status_change(
        finding=finding,
        action="accept_risk",
        user=officer,
        reason="r",
        expires_on=dt.date.today() + dt.timedelta(days=1),
    )
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        assert findings_expire_risk() == 1
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def _updates_touching_findings(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "bollwerk_finding"')]


def test_findings_seen_again_unchanged_move_on_in_one_update_per_chunk(org):
    """A repeated scan (thousands of unchanged findings) must not rewrite every field of every row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bollwerk.checks.findings import CHUNK

    first = CheckRunFactory(organization=org)
    second = CheckRunFactory(organization=org)
    items = [cand(n) for n in range(CHUNK + 10)]
    record(org, items, run=first)
    changed = dataclasses.replace(cand(3), title="Thing 3, now worse", severity="critical")
    with CaptureQueriesContext(connection) as ctx:
        counts = record(org, [changed, *items[:3], *items[4:]], run=second)
    updates = _updates_touching_findings(ctx.captured_queries)
    # one bulk_update for the changed row, one plain UPDATE per chunk of unchanged rows
    assert len(updates) == 1 + 2
    assert sum("CASE" in sql for sql in updates) == 1
    assert counts.seen_again == CHUNK + 10 and counts.new == 0
    assert set(Finding.objects.values_list("last_run", flat=True)) == {second.pk}
    worse = Finding.objects.get(fingerprint="src:3")
    assert worse.title == "Thing 3, now worse" and worse.severity == "critical"
