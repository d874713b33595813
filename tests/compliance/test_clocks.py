"""Incident reporting obligations (issue 10; reference §1.8, §3.2, §4.2 BSIG §32, §4.3 EnWG §5d)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from compliance.classification import classify
from compliance.clocks import (
    BERLIN,
    UTC,
    IncidentFacts,
    NisBasis,
    ReportingProfile,
    Stage,
    State,
    incident_obligations,
    reporting_profile,
)
from tests.compliance.builders import make_facts

BSIG = ReportingProfile(NisBasis.BSIG)


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def by_stage(obligations) -> dict[Stage, object]:
    return {o.stage: o for o in obligations}


def obligations(incident: IncidentFacts, profile: ReportingProfile = BSIG, now=None):
    return by_stage(incident_obligations(incident=incident, profile=profile, now=now))


def test_a_significant_incident_has_early_warning_notification_and_final_report():
    """BSIG §32 / NIS2 Art. 23(4): 24 h, 72 h, one month after the notification."""
    aware = berlin(2026, 6, 10, 9, 15)
    result = obligations(IncidentFacts(aware, significant=True), now=aware)
    assert list(result) == [Stage.EARLY_WARNING, Stage.NOTIFICATION, Stage.FINAL_REPORT]
    assert result[Stage.EARLY_WARNING].due_at == berlin(2026, 6, 11, 9, 15)
    assert result[Stage.NOTIFICATION].due_at == berlin(2026, 6, 13, 9, 15)
    final = result[Stage.FINAL_REPORT]
    assert final.due_at == berlin(2026, 7, 13, 9, 15)
    assert final.state is State.NOT_DUE and final.provisional
    assert result[Stage.EARLY_WARNING].recipient_en == "Joint BSI/BBK reporting office (BSI portal)"


@time_machine.travel(dt.datetime(2026, 1, 1, 12, 0, tzinfo=UTC), tick=False)
def test_awareness_just_before_midnight_gives_deadlines_just_before_midnight():
    aware = berlin(2025, 12, 31, 23, 59)
    result = obligations(IncidentFacts(aware, significant=True))
    assert result[Stage.EARLY_WARNING].due_at == berlin(2026, 1, 1, 23, 59)
    assert result[Stage.EARLY_WARNING].state is State.DUE
    assert result[Stage.NOTIFICATION].due_at == berlin(2026, 1, 3, 23, 59)


@time_machine.travel(dt.datetime(2026, 10, 25, 8, 30, tzinfo=UTC), tick=False)
def test_the_early_warning_across_the_end_of_dst_is_due_one_wall_clock_hour_earlier():
    """24 elapsed hours from 10:00 CEST on 24 Oct 2026 end at 09:00 CET on 25 Oct."""
    result = obligations(IncidentFacts(berlin(2026, 10, 24, 10, 0), significant=True))
    warning = result[Stage.EARLY_WARNING]
    assert warning.due_at == berlin(2026, 10, 25, 9, 0)
    assert warning.state is State.OVERDUE  # now is 09:30 CET


@time_machine.travel(dt.datetime(2026, 3, 29, 8, 30, tzinfo=UTC), tick=False)
def test_the_early_warning_across_the_start_of_dst_is_due_one_wall_clock_hour_later():
    result = obligations(IncidentFacts(berlin(2026, 3, 28, 10, 0), significant=True))
    warning = result[Stage.EARLY_WARNING]
    assert warning.due_at == berlin(2026, 3, 29, 11, 0)
    assert warning.state is State.DUE  # now is 10:30 CEST


@time_machine.travel(dt.datetime(2026, 2, 2, 12, 0, tzinfo=UTC), tick=False)
def test_a_notification_submitted_on_31_january_makes_the_final_report_due_on_28_february():
    aware = berlin(2026, 1, 29, 8, 0)
    incident = IncidentFacts(
        aware,
        significant=True,
        submissions={
            Stage.EARLY_WARNING: berlin(2026, 1, 29, 20, 0),
            Stage.NOTIFICATION: berlin(2026, 1, 31, 17, 45),
        },
    )
    final = obligations(incident)[Stage.FINAL_REPORT]
    assert final.due_at == berlin(2026, 2, 28, 17, 45)
    assert final.lenient_due_at == berlin(2026, 3, 1, 0, 0)
    assert (final.state, final.provisional) == (State.DUE, False)


@time_machine.travel(dt.datetime(2028, 2, 2, 12, 0, tzinfo=UTC), tick=False)
def test_in_a_leap_year_the_final_report_after_a_31_january_notification_is_due_on_29_february():
    incident = IncidentFacts(
        berlin(2028, 1, 29, 8, 0),
        significant=True,
        submissions={Stage.NOTIFICATION: berlin(2028, 1, 31, 17, 45)},
    )
    assert obligations(incident)[Stage.FINAL_REPORT].due_at == berlin(2028, 2, 29, 17, 45)


def test_awareness_on_28_february_of_a_leap_year_is_due_on_29_february():
    result = obligations(IncidentFacts(berlin(2028, 2, 28, 12, 0), significant=True))
    assert result[Stage.EARLY_WARNING].due_at == berlin(2028, 2, 29, 12, 0)
    assert result[Stage.NOTIFICATION].due_at == berlin(2028, 3, 2, 12, 0)


@time_machine.travel(dt.datetime(2026, 6, 20, 12, 0, tzinfo=UTC), tick=False)
def test_a_late_early_warning_is_recorded_as_submitted_late_and_one_on_the_minute_as_on_time():
    aware = berlin(2026, 6, 10, 9, 0)
    late = IncidentFacts(
        aware,
        significant=True,
        submissions={
            Stage.EARLY_WARNING: berlin(2026, 6, 11, 9, 1),
            Stage.NOTIFICATION: berlin(2026, 6, 13, 9),
        },
    )
    result = obligations(late)
    assert result[Stage.EARLY_WARNING].state is State.SUBMITTED_LATE
    assert result[Stage.NOTIFICATION].state is State.SUBMITTED_ON_TIME
    exact = IncidentFacts(
        aware, significant=True, submissions={Stage.EARLY_WARNING: berlin(2026, 6, 11, 9, 0)}
    )
    assert obligations(exact)[Stage.EARLY_WARNING].state is State.SUBMITTED_ON_TIME


def test_at_the_due_instant_an_obligation_is_still_due_and_a_second_later_overdue():
    aware = berlin(2026, 6, 10, 9, 0)
    incident = IncidentFacts(aware, significant=True)
    due = berlin(2026, 6, 11, 9, 0)
    assert obligations(incident, now=due)[Stage.EARLY_WARNING].state is State.DUE
    after = due + dt.timedelta(seconds=1)
    assert obligations(incident, now=after)[Stage.EARLY_WARNING].state is State.OVERDUE


@time_machine.travel(dt.datetime(2026, 6, 20, 12, 0, tzinfo=UTC), tick=False)
def test_reversing_the_significance_drops_open_obligations_but_keeps_submitted_ones():
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=False,
        submissions={Stage.EARLY_WARNING: berlin(2026, 6, 10, 18, 0)},
    )
    result = obligations(incident)
    assert list(result) == [Stage.EARLY_WARNING]
    kept = result[Stage.EARLY_WARNING]
    assert (kept.required, kept.state) == (False, State.SUBMITTED_ON_TIME)


def test_an_undecided_significance_shows_the_clocks_provisionally():
    aware = berlin(2026, 6, 10, 9, 0)
    result = obligations(IncidentFacts(aware), now=aware)
    assert all(o.provisional and o.required for o in result.values())


def test_an_energy_operator_reports_via_enwg_5d_to_the_same_office_with_the_same_clocks():
    """Reference §4.3: EnWG §5d(3) → BSIG §32 Meldestelle, same 24 h / 72 h / 1 month."""
    aware = berlin(2026, 6, 10, 9, 0)
    incident = IncidentFacts(aware, significant=True)
    enwg = obligations(incident, ReportingProfile(NisBasis.ENWG), now=aware)
    bsig = obligations(incident, BSIG, now=aware)
    assert [(o.stage, o.due_at, o.recipient_de) for o in enwg.values()] == [
        (o.stage, o.due_at, o.recipient_de) for o in bsig.values()
    ]
    assert all(o.rule.startswith("EnWG §5d(3)") for o in enwg.values())


def test_a_kritis_operator_has_both_the_bsig_and_the_kritis_dachg_clocks():
    """KRITIS-DachG §18 / CER Art. 15: initial notice 24 h, detailed report one month."""
    aware = berlin(2026, 8, 31, 16, 0)
    incident = IncidentFacts(aware, significant=True, cer_disruptive=True)
    result = obligations(incident, ReportingProfile(NisBasis.BSIG, kritis_operator=True), now=aware)
    assert list(result) == [
        Stage.EARLY_WARNING,
        Stage.NOTIFICATION,
        Stage.FINAL_REPORT,
        Stage.CER_INITIAL,
        Stage.CER_DETAILED,
    ]
    assert result[Stage.CER_INITIAL].due_at == berlin(2026, 9, 1, 16, 0)
    assert result[Stage.CER_DETAILED].due_at == berlin(2026, 9, 30, 16, 0)  # 31 Aug → 30 Sep
    assert result[Stage.CER_INITIAL].recipient_en == "Joint BBK/BSI reporting office"


def test_a_pure_it_incident_of_a_kritis_operator_has_no_kritis_dachg_clock():
    """KRITIS-DachG §2 Nr. 9 excludes pure IT-security incidents from the CER 'Vorfall'."""
    incident = IncidentFacts(berlin(2026, 8, 31, 16, 0), significant=True, cer_disruptive=False)
    result = obligations(incident, ReportingProfile(NisBasis.BSIG, kritis_operator=True))
    assert Stage.CER_INITIAL not in result


def test_kritis_dachg_reporting_starts_only_10_months_after_registration():
    profile = ReportingProfile(
        NisBasis.BSIG, kritis_operator=True, kritis_reporting_from=berlin(2027, 6, 1, 0, 0)
    )
    early = IncidentFacts(berlin(2027, 5, 31, 12, 0), significant=True, cer_disruptive=True)
    later = IncidentFacts(berlin(2027, 6, 1, 12, 0), significant=True, cer_disruptive=True)
    assert Stage.CER_INITIAL not in obligations(early, profile)
    assert Stage.CER_INITIAL in obligations(later, profile)


def test_a_personal_data_breach_adds_the_gdpr_72_hour_clock_to_the_land_authority():
    aware = berlin(2026, 6, 10, 9, 0)
    profile = ReportingProfile(NisBasis.BSIG, federal_state="Sachsen")
    incident = IncidentFacts(
        aware,
        significant=True,
        personal_data_breach=True,
        personal_data_aware_at=berlin(2026, 6, 11, 8, 0),
    )
    gdpr = obligations(incident, profile, now=aware)[Stage.GDPR_NOTIFICATION]
    assert gdpr.due_at == berlin(2026, 6, 14, 8, 0)
    assert "Sachsen" in gdpr.recipient_de
    assert gdpr.rule == "GDPR Art. 33(1)"


def test_a_gdpr_breach_alone_is_reported_even_by_an_entity_outside_nis2():
    incident = IncidentFacts(berlin(2026, 6, 10, 9, 0), personal_data_breach=True)
    result = obligations(incident, ReportingProfile(NisBasis.NONE))
    assert list(result) == [Stage.GDPR_NOTIFICATION]


def test_telecom_reporting_is_marked_unconfirmed_and_goes_to_bnetza():
    incident = IncidentFacts(berlin(2026, 6, 10, 9, 0), significant=True)
    result = obligations(incident, ReportingProfile(NisBasis.TELECOM))
    assert all(o.unconfirmed for o in result.values())
    assert "BNetzA" in result[Stage.EARLY_WARNING].recipient_en


@time_machine.travel(dt.datetime(2026, 7, 20, 12, 0, tzinfo=UTC), tick=False)
def test_an_incident_still_ongoing_at_the_final_report_date_needs_a_progress_report_instead():
    """NIS2 Art. 23(4)(e): progress report; final report one month after handling ends."""
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=True,
        submissions={
            Stage.EARLY_WARNING: berlin(2026, 6, 10, 18, 0),
            Stage.NOTIFICATION: berlin(2026, 6, 12, 9, 0),
        },
    )
    result = obligations(incident)
    assert result[Stage.PROGRESS_REPORT].due_at == berlin(2026, 7, 12, 9, 0)
    assert result[Stage.PROGRESS_REPORT].state is State.OVERDUE
    assert (result[Stage.FINAL_REPORT].state, result[Stage.FINAL_REPORT].due_at) == (
        State.NOT_DUE,
        None,
    )


@time_machine.travel(dt.datetime(2026, 9, 1, 12, 0, tzinfo=UTC), tick=False)
def test_after_a_progress_report_the_final_report_is_due_one_month_after_handling_ends():
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=True,
        handling_ended_at=berlin(2026, 8, 31, 15, 0),
        submissions={
            Stage.NOTIFICATION: berlin(2026, 6, 12, 9, 0),
            Stage.PROGRESS_REPORT: berlin(2026, 7, 10, 9, 0),
        },
    )
    result = obligations(incident)
    assert result[Stage.PROGRESS_REPORT].state is State.SUBMITTED_ON_TIME
    assert result[Stage.FINAL_REPORT].due_at == berlin(2026, 9, 30, 15, 0)
    assert result[Stage.FINAL_REPORT].state is State.DUE


@time_machine.travel(dt.datetime(2026, 7, 20, 12, 0, tzinfo=UTC), tick=False)
def test_an_incident_closed_before_the_final_report_date_needs_no_progress_report():
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=True,
        handling_ended_at=berlin(2026, 6, 30, 12, 0),
        submissions={
            Stage.NOTIFICATION: berlin(2026, 6, 12, 9, 0),
            Stage.FINAL_REPORT: berlin(2026, 7, 13, 9, 0),
        },
    )
    result = obligations(incident)
    assert Stage.PROGRESS_REPORT not in result
    assert result[Stage.FINAL_REPORT].state is State.SUBMITTED_LATE


@time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC), tick=False)
def test_an_ongoing_incident_before_the_final_report_date_notes_the_progress_alternative():
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=True,
        submissions={Stage.NOTIFICATION: berlin(2026, 6, 12, 9, 0)},
    )
    final = obligations(incident)[Stage.FINAL_REPORT]
    assert final.state is State.DUE
    assert "progress report" in final.note_en


def test_naive_submission_times_are_rejected():
    incident = IncidentFacts(
        berlin(2026, 6, 10, 9, 0),
        significant=True,
        submissions={Stage.EARLY_WARNING: dt.datetime(2026, 6, 10, 12, 0)},
    )
    with pytest.raises(ValueError, match="no time zone"):
        incident_obligations(incident=incident, profile=BSIG)


@pytest.mark.parametrize(
    ("kwargs", "basis", "kritis"),
    [
        ({"employees": 300, "types": ["drinking_water"]}, NisBasis.BSIG, False),
        ({"employees": 20, "types": ["electricity_network"]}, NisBasis.ENWG, False),
        ({"employees": 20, "types": ["public_ecomms"]}, NisBasis.TELECOM, False),
        (
            {"employees": 5, "types": ["drinking_water"], "kritis_designated": True},
            NisBasis.BSIG,
            True,
        ),
        ({"employees": 5, "types": ["drinking_water"]}, NisBasis.NONE, False),
    ],
)
def test_the_reporting_profile_follows_the_classification(kwargs, basis, kritis):
    from compliance.classification import EntityType

    types = [EntityType(t) for t in kwargs.pop("types")]
    profile = reporting_profile(classify(make_facts(*types, **kwargs)))
    assert (profile.nis2_basis, profile.kritis_operator) == (basis, kritis)
