"""The reporting clocks end to end: stored incidents, decisions and submissions → obligations."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from compliance.clocks import Stage, State
from compliance.incidents.models import Incident, SignificanceDecision
from compliance.incidents.services import significance_decide, submission_record

from .conftest import berlin, clocks, new_incident

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def decide(incident, regime="nis2", significant=True, at=None):
    return significance_decide(
        incident=incident, regime=regime, significant=significant, reasons="Because.",
        decided_at=at,
    )  # fmt: skip


@time_machine.travel(berlin(2026, 3, 11, 8, 0), tick=False)
def test_awareness_just_before_midnight_puts_the_deadlines_just_before_midnight(utility):
    org = utility(["drinking_water"])
    incident = new_incident(org, berlin(2026, 3, 10, 23, 59))
    decide(incident)
    result = clocks(incident)
    assert result[Stage.EARLY_WARNING].due_at == berlin(2026, 3, 11, 23, 59)
    assert result[Stage.EARLY_WARNING].state is State.DUE
    assert result[Stage.NOTIFICATION].due_at == berlin(2026, 3, 13, 23, 59)
    incident.refresh_from_db()
    assert incident.next_due_at == berlin(2026, 3, 11, 23, 59)


@time_machine.travel(berlin(2026, 10, 24, 12, 0), tick=False)
def test_a_24_hour_clock_across_the_end_of_daylight_saving_time_ends_an_hour_earlier(utility):
    org = utility(["drinking_water"])
    incident = new_incident(org, berlin(2026, 10, 24, 10, 0))  # CEST, UTC+2
    decide(incident)
    result = clocks(incident)
    warning = result[Stage.EARLY_WARNING].due_at
    assert warning == berlin(2026, 10, 25, 9, 0)  # CET: 24 elapsed hours
    assert warning.utcoffset() == dt.timedelta(hours=1)
    assert result[Stage.NOTIFICATION].due_at == berlin(2026, 10, 27, 9, 0)


@time_machine.travel(berlin(2027, 2, 1, 9, 0), tick=False)
def test_a_notification_sent_on_31_january_makes_the_final_report_due_on_28_february(utility):
    org = utility(["drinking_water"])
    incident = new_incident(org, berlin(2027, 1, 28, 10, 0))
    decide(incident)
    submission_record(incident=incident, stage="early_warning",
                      submitted_at=berlin(2027, 1, 28, 20, 0))  # fmt: skip
    submission_record(incident=incident, stage="notification",
                      submitted_at=berlin(2027, 1, 31, 9, 30))  # fmt: skip
    final = clocks(incident)[Stage.FINAL_REPORT]
    assert final.due_at == berlin(2027, 2, 28, 9, 30)
    assert final.lenient_due_at == berlin(2027, 3, 1, 0, 0)
    assert final.state is State.DUE and not final.provisional
    incident.refresh_from_db()
    assert incident.next_due_at == berlin(2027, 2, 28, 9, 30)


def test_a_late_early_warning_is_recorded_as_late_and_the_next_clock_takes_over(utility):
    org = utility(["drinking_water"])
    aware = berlin(2026, 6, 10, 9, 0)
    with time_machine.travel(aware + 26 * H, tick=False):
        incident = new_incident(org, aware)
        decide(incident)
        assert clocks(incident)[Stage.EARLY_WARNING].state is State.OVERDUE
        submission_record(incident=incident, stage="early_warning", submitted_at=aware + 25 * H,
                          reference="BSI-1")  # fmt: skip
        result = clocks(incident)
    assert result[Stage.EARLY_WARNING].state is State.SUBMITTED_LATE
    assert result[Stage.EARLY_WARNING].submitted_at == aware + 25 * H
    incident.refresh_from_db()
    assert incident.next_due_at == aware + 72 * H


@time_machine.travel(berlin(2026, 6, 10, 15, 0), tick=False)
def test_a_reversed_significance_decision_drops_open_reports_and_keeps_the_history(utility):
    org = utility(["drinking_water"])
    aware = berlin(2026, 6, 10, 9, 0)
    incident = new_incident(org, aware)
    decide(incident, significant=True, at=aware + H)
    submission_record(incident=incident, stage="early_warning", submitted_at=aware + 2 * H)
    decide(incident, significant=False, at=aware + 5 * H)

    result = clocks(incident)
    assert list(result) == [Stage.EARLY_WARNING]  # notification and final report fell away
    assert result[Stage.EARLY_WARNING].required is False
    assert result[Stage.EARLY_WARNING].state is State.SUBMITTED_ON_TIME
    history = SignificanceDecision.objects.filter(incident=incident).order_by("decided_at")
    assert [d.significant for d in history] == [True, False]
    incident.refresh_from_db()
    assert incident.next_due_at is None


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_an_energy_operator_reports_under_enwg_with_the_same_clocks(utility):
    org = utility(["electricity"])
    incident = new_incident(org, berlin(2026, 6, 10, 9, 0))
    decide(incident)
    warning = clocks(incident)[Stage.EARLY_WARNING]
    assert "EnWG §5d(3)" in warning.rule
    assert warning.due_at == berlin(2026, 6, 11, 9, 0)
    assert "BSI" in warning.recipient_en


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_a_multi_utility_reports_an_incident_on_its_power_grid_under_enwg_and_on_water_under_bsig(
    utility,
):
    from tests.assets.factories import ServiceFactory

    org = utility(["electricity", "drinking_water"])
    grid = ServiceFactory(organization=org, sector="electricity")
    water = ServiceFactory(organization=org, sector="drinking_water")
    on_grid = new_incident(org, berlin(2026, 6, 10, 9, 0), services=[grid])
    on_water = new_incident(org, berlin(2026, 6, 10, 9, 0), services=[water])
    assert "EnWG" in clocks(on_grid)[Stage.EARLY_WARNING].rule
    assert clocks(on_water)[Stage.EARLY_WARNING].rule.startswith("BSIG §32(1)")


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_a_kritis_operator_has_both_bsig_and_kritis_dachg_clocks(utility):
    org = utility(["drinking_water"], kritis=True)
    aware = berlin(2026, 6, 10, 9, 0)
    incident = new_incident(org, aware, category=Incident.Category.MIXED)
    decide(incident, "nis2")
    decide(incident, "cer")
    result = clocks(incident)
    assert {Stage.EARLY_WARNING, Stage.NOTIFICATION, Stage.CER_INITIAL, Stage.CER_DETAILED} <= set(
        result
    )
    assert result[Stage.CER_INITIAL].due_at == aware + 24 * H
    assert result[Stage.CER_INITIAL].rule.startswith("KRITIS-DachG §18")
    assert result[Stage.CER_DETAILED].due_at == berlin(2026, 7, 10, 9, 0)
    assert not result[Stage.CER_INITIAL].provisional


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_a_personal_data_breach_adds_the_gdpr_clock_until_someone_decides_there_is_no_risk(
    utility,
):
    org = utility(["drinking_water"], federal_state="Niedersachsen")
    aware = berlin(2026, 6, 10, 9, 0)
    incident = new_incident(org, aware, personal_data_involved=True)
    gdpr = clocks(incident)[Stage.GDPR_NOTIFICATION]
    assert gdpr.due_at == aware + 72 * H
    assert "Niedersachsen" in gdpr.recipient_de
    decide(incident, "gdpr", significant=False)
    assert Stage.GDPR_NOTIFICATION not in clocks(incident)


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_no_clock_runs_before_the_awareness_time_is_set(utility):
    org = utility(["drinking_water"])
    incident = new_incident(org, None, detected_at=berlin(2026, 6, 10, 8, 0))
    assert clocks(incident) == {}
    assert incident.next_due_at is None
