"""Runs: recorded with timings and counts, one at a time per check and organization, reaped when dead."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bollwerk.checks import evidence, registry, services
from bollwerk.checks.models import CheckRun, Finding
from bollwerk.checks.registry import Candidate, CheckOutcome
from tests.bollwerk.factories import CheckRunFactory

pytestmark = pytest.mark.django_db


def found(*numbers, severity="high"):
    def run(org, run):
        return CheckOutcome(
            findings=[
                Candidate(
                    kind="k",
                    severity=severity,
                    title=f"t{n}",
                    description="",
                    fingerprint=f"probe:{org.pk}:{n}",
                )
                for n in numbers
            ],
            counts={"looked_at": 3},
            evidence_summary="looked at 3 things",
        )

    return run


def queued(org, name):
    return CheckRun.objects.create(
        organization=org, check_name=name, trigger=CheckRun.Trigger.MANUAL
    )


def test_a_run_records_status_timings_counts_worker_and_findings(org, register_check):
    register_check("probe", found(1, 2))
    run = services.check_run_execute(run_id=queued(org, "probe").pk, worker="w1", task_id="t-1")
    assert run.status == CheckRun.Status.SUCCEEDED
    assert run.started_at <= run.finished_at and run.duration_s >= 0
    assert run.counts["looked_at"] == 3 and run.counts["findings_new"] == 2
    assert (run.worker, run.task_id) == ("w1", "t-1")
    assert len(run.outcome_sha256) == 64
    assert Finding.objects.filter(organization=org, source="probe", first_run=run).count() == 2


def test_a_check_that_raises_is_recorded_as_failed_with_its_error(org, register_check):
    def boom(org, run):
        raise RuntimeError("the directory is unreachable")

    register_check("probe", boom)
    run = services.check_run_execute(run_id=queued(org, "probe").pk)
    assert run.status == CheckRun.Status.FAILED
    assert run.error == "RuntimeError: the directory is unreachable"
    assert run.finished_at is not None


def test_executing_the_same_run_twice_does_the_work_once(org, register_check):
    calls = []

    def count(org, run):
        calls.append(run.pk)
        return CheckOutcome()

    register_check("probe", count)
    run = queued(org, "probe")
    services.check_run_execute(run_id=run.pk)
    again = services.check_run_execute(run_id=run.pk)
    assert calls == [run.pk] and again.status == CheckRun.Status.SUCCEEDED


def test_a_run_is_not_claimed_while_another_of_the_same_check_runs(org, register_check):
    register_check("probe", found())
    CheckRunFactory(
        organization=org,
        check_name="probe",
        status=CheckRun.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        deadline_at=timezone.now() + dt.timedelta(hours=1),
    )
    waiting = queued(org, "probe")
    with pytest.raises(services.CheckBusy):
        services.check_run_execute(run_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == CheckRun.Status.QUEUED


def test_the_database_refuses_a_second_running_run_of_the_same_check(org):
    CheckRunFactory(organization=org, check_name="x", status=CheckRun.Status.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckRunFactory(organization=org, check_name="x", status=CheckRun.Status.RUNNING)


def test_the_same_check_may_run_for_two_organizations_at_once(org, other_org):
    CheckRunFactory(organization=org, check_name="x", status=CheckRun.Status.RUNNING)
    CheckRunFactory(organization=other_org, check_name="x", status=CheckRun.Status.RUNNING)


def test_a_running_run_without_heartbeat_is_reaped_as_failed_and_the_next_run_succeeds(
    org, register_check, settings
):
    settings.BOLLWERK_CHECK_STALE_S = 60
    register_check("probe", found(1))
    old = timezone.now() - dt.timedelta(minutes=5)
    dead = CheckRunFactory(
        organization=org,
        check_name="probe",
        status=CheckRun.Status.RUNNING,
        started_at=old,
        heartbeat_at=old,
        deadline_at=timezone.now() + dt.timedelta(hours=1),
    )
    run = services.check_run_execute(run_id=queued(org, "probe").pk)
    dead.refresh_from_db()
    assert dead.status == CheckRun.Status.FAILED and "worker lost" in dead.error
    assert run.status == CheckRun.Status.SUCCEEDED


def test_a_run_past_its_deadline_is_reaped_as_timed_out(org):
    run = CheckRunFactory(
        organization=org,
        check_name="probe",
        status=CheckRun.Status.RUNNING,
        heartbeat_at=timezone.now(),
        deadline_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert services.runs_reap() == 1
    run.refresh_from_db()
    assert run.status == CheckRun.Status.TIMED_OUT and run.finished_at is not None


def test_a_healthy_running_run_is_left_alone_by_the_reaper(org):
    CheckRunFactory(
        organization=org,
        check_name="probe",
        status=CheckRun.Status.RUNNING,
        heartbeat_at=timezone.now(),
        deadline_at=timezone.now() + dt.timedelta(minutes=5),
    )
    assert services.runs_reap() == 0


def test_a_request_while_a_run_is_queued_returns_that_run(org, register_check, eager):
    register_check("probe", found())
    active = queued(org, "probe")
    result = services.check_run_request(
        organization=org, check_name="probe", trigger=CheckRun.Trigger.MANUAL
    )
    assert (result.run.pk, result.created) == (active.pk, False)


def test_a_requested_run_is_sent_after_commit_and_executed(
    org, register_check, eager, django_capture_on_commit_callbacks
):
    register_check("probe", found(1))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.check_run_request(
            organization=org, check_name="probe", trigger=CheckRun.Trigger.EVENT, params={"a": 1}
        )
    run = CheckRun.objects.get(pk=result.run.pk)
    assert result.created and run.status == CheckRun.Status.SUCCEEDED
    assert (run.trigger, run.params) == ("event", {"a": 1})


def test_requesting_an_unknown_check_names_it(org):
    with pytest.raises(ValidationError, match="unknown check 'nope'"):
        services.check_run_request(organization=org, check_name="nope", trigger="manual")


def test_a_run_over_its_soft_time_limit_is_recorded_as_timed_out(org, register_check):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(org, run):
        raise SoftTimeLimitExceeded()

    register_check("probe", slow, soft_time_limit=1, time_limit=2)
    run = services.check_run_execute(run_id=queued(org, "probe").pk)
    assert run.status == CheckRun.Status.TIMED_OUT
    assert "soft time limit of 1 s" in run.error


def test_time_limits_default_to_the_settings(settings, register_check):
    settings.BOLLWERK_CHECK_SOFT_TIME_LIMIT = 100
    settings.BOLLWERK_CHECK_TIME_LIMIT = 130
    assert register_check("probe", found()).limits() == (100, 130)
    assert register_check("probe2", found(), soft_time_limit=5, time_limit=9).limits() == (5, 9)


# --- evidence ------------------------------------------------------------------------------


@pytest.fixture
def sink():
    received = []
    registry.evidence_sink_register(received.append)
    yield received
    registry.evidence_sink_unregister(received.append)


def test_a_successful_run_of_a_check_with_controls_reaches_the_evidence_sinks(
    org, register_check, sink, django_capture_on_commit_callbacks
):
    register_check(
        "probe", found(1), controls=("NIS2-21-2-i.3",), schedule=registry.Interval(seconds=7200)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.check_run_execute(run_id=queued(org, "probe").pk)
    [record] = sink
    assert record.organization == org and record.control_ids == ("NIS2-21-2-i.3",)
    assert (record.check, record.run_id, record.summary) == ("probe", run.pk, "looked at 3 things")
    assert record.sha256 == run.outcome_sha256
    assert record.valid_until == run.finished_at + dt.timedelta(hours=2)


def test_the_outcome_hash_is_canonical_and_changes_with_the_findings(org):
    a = CheckOutcome(findings=[], counts={"b": 1, "a": 2}, evidence_summary="s")
    b = CheckOutcome(findings=[], counts={"a": 2, "b": 1}, evidence_summary="s")
    c = Candidate(kind="k", severity="low", title="t", description="", fingerprint="f")
    assert evidence.outcome_digest("x", a, []) == evidence.outcome_digest("x", b, [])
    assert evidence.outcome_digest("x", a, []) != evidence.outcome_digest("x", a, [c])


def test_checks_without_controls_and_failed_runs_produce_no_evidence(
    org, register_check, sink, django_capture_on_commit_callbacks
):
    register_check("plain", found(1))

    def boom(org, run):
        raise RuntimeError("x")

    register_check("broken", boom, controls=("NIS2-21-2-i.3",))
    with django_capture_on_commit_callbacks(execute=True):
        services.check_run_execute(run_id=queued(org, "plain").pk)
        services.check_run_execute(run_id=queued(org, "broken").pk)
    assert sink == []


def test_a_failing_sink_keeps_the_run_succeeded_and_notes_the_error(
    org, register_check, django_capture_on_commit_callbacks
):
    def bad_sink(record):
        raise RuntimeError("compliance is broken")

    register_check("probe", found(), controls=("NIS2-21-2-i.3",))
    registry.evidence_sink_register(bad_sink)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.check_run_execute(run_id=queued(org, "probe").pk)
    finally:
        registry.evidence_sink_unregister(bad_sink)
    run.refresh_from_db()
    assert run.status == CheckRun.Status.SUCCEEDED
    assert "compliance is broken" in run.error
