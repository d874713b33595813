"""The check framework: scheduled checks, their runs, and the findings every app records.

How an app contributes a check (in ``<app>/checks.py``, imported at start)::

    from bollwerk.checks.registry import Candidate, Check, CheckOutcome, Crontab, ObjectRef, register

    def run(org, run):                      # run: the CheckRun row (run.params: event payload)
        return CheckOutcome(
            findings=[Candidate(kind="...", severity="high", title="...", description="...",
                                fingerprint="mycheck:...", objects=(ObjectRef("assets.asset", "7", "PLC 1"),))],
            counts={"hosts": 12},           # shown on the run, merged with the finding counts
            evidence_summary="12 hosts compared with the inventory",
            resolve_missing=True,           # unseen findings of this check get resolved
        )

    register(Check(name="mycheck", title=_("..."), description=_("..."), run=run,
                   schedule=Crontab("0 3 * * *"), controls=("NIS2-21-2-i.1",)))

Candidates may also be ``assets.scans.FindingCandidate`` objects (address,
zone, protocol and port go into ``Finding.details``). Fingerprints must be
unique per organization across all sources: prefix them with the check name.

Public services (keyword-only):

- ``services.check_run_request(organization=, check_name=, trigger=, user=, params=)``:
  queue a run (``trigger="event"`` for app events such as a finished scan);
  raises ``QueueUnavailable`` when the broker is down.
- ``services.check_run_execute(run_id=)``: what the worker (and ``run_check``) does.
- ``findings.findings_record(organization=, source=, candidates=, run=None, resolve_missing=False)``:
  record findings from outside a check run (e.g. ``import_scan``).
- ``findings.finding_status_change(finding=, action=, user=, reason=, expires_on=)``.
- ``schedules.schedules_sync(organization=)``, ``schedules.schedule_update(...)``.
- ``registry.evidence_sink_register(sink)``: compliance receives an
  ``EvidenceRecord(organization, control_ids, check, run_id, summary, sha256,
  valid_until)`` after every successful run of a check with control ids.

Reliability: the run task takes a run id, acks late, retries with back-off,
and runs under the check's soft/hard time limits; a run is claimed by a
conditional UPDATE guarded by a partial unique constraint (one running run per
check and organization); a heartbeat thread keeps ``heartbeat_at`` fresh and
``runs_reap`` (before every run and every minute) fails runs of dead workers.
"""
