"""Incident reporting clocks (issue 10): what must be reported, to whom, by when.

Pure functions: given the awareness time, the organization's reporting
profile, the decisions on the incident and the submission times, compute each
obligation with its recipient, due time and state.

Time rules (decided here; the reference gives the periods but no counting rule):

* **Hours are elapsed hours.** "24 h after awareness" is awareness + 24 real
  hours, computed in UTC and shown in Europe/Berlin. Across the end of
  daylight-saving time a 24 h clock therefore ends one wall-clock hour
  *earlier* than the awareness time of day, across its start one hour *later*.
  Regulation 1182/71 (which starts an hour period at the next full hour) is
  not applied: it would only extend the deadline.
* **"One month" is a calendar month in Berlin local time**: the same wall-clock
  time on the day with the same number in the next month, clamped to the last
  day of a shorter month (31 Jan → 28/29 Feb). This is the strictest plausible
  reading; BGB §188(2) would let the period run to the end of that day (24:00).
  The end-of-day instant is exposed as ``Obligation.lenient_due_at`` for
  information, but states are computed against ``due_at``. "24:00" is
  represented as 00:00 of the following day.
* **Wall-clock times that do not exist** (the spring-forward gap, 02:00-03:00
  on the last Sunday of March) resolve to the first real instant after the
  gap (03:00 CEST). **Times that exist twice** (02:00-03:00 on the last Sunday
  of October) resolve to the earlier instant (CEST), again the stricter reading.
* The NIS2/BSIG **final report** is due one month after the *submission* of
  the notification (NIS2 Art. 23(4)(d)); until the notification is submitted
  Bollwerk shows it provisionally one month after the notification's due time.
  If the incident is still ongoing at that date, a progress report is due
  instead and the final report one month after incident handling ends.
* The CER/KRITIS-DachG **detailed report** is counted from awareness (the
  catalogue's reading of "within one month thereafter"; the earlier anchor).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


class NisBasis(StrEnum):
    """Which law carries the NIS2 reporting duty for the affected systems."""

    BSIG = "bsig"  # BSIG §32
    ENWG = "enwg"  # EnWG §5d(3): same Meldestelle, same clocks
    TELECOM = "telecom"  # TKG (sections unconfirmed)
    NONE = "none"  # not a NIS2 entity


class Stage(StrEnum):
    """One report in one regime."""

    EARLY_WARNING = "early_warning"
    NOTIFICATION = "notification"
    FINAL_REPORT = "final_report"
    PROGRESS_REPORT = "progress_report"
    CER_INITIAL = "cer_initial"
    CER_DETAILED = "cer_detailed"
    GDPR_NOTIFICATION = "gdpr_notification"


class State(StrEnum):
    """Where an obligation stands at ``now``.

    ``not_due``: its clock has not started (it waits for another event);
    ``due``: the clock runs and the due time is not past; ``overdue``: past
    due and not submitted; ``submitted_on_time`` / ``submitted_late``.
    """

    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"


@dataclass(frozen=True)
class ReportingProfile:
    """The organization's reporting regimes (from its classification)."""

    nis2_basis: NisBasis
    kritis_operator: bool = False
    federal_state: str = ""
    kritis_reporting_from: dt.datetime | None = (
        None  # KRITIS-DachG §8(7): 10 months after registration
    )


@dataclass(frozen=True)
class IncidentFacts:
    """What is known about one incident.

    ``significant`` is the BSIG/NIS2 significance decision (``None``: not yet
    decided, clocks shown provisionally). ``cer_disruptive`` is the KRITIS-DachG
    decision (significant disruption of a critical service; pure IT-security
    incidents are excluded by KRITIS-DachG §2 Nr. 9). ``submissions`` maps a
    stage to the time its report was submitted.
    """

    aware_at: dt.datetime
    significant: bool | None = None
    cer_disruptive: bool | None = None
    personal_data_breach: bool = False
    personal_data_aware_at: dt.datetime | None = None
    handling_ended_at: dt.datetime | None = None
    submissions: Mapping[Stage, dt.datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class Obligation:
    """One report: recipient, due time (Berlin) and state.

    ``required`` is False for a recorded submission whose obligation fell away
    (the significance decision was reversed); it stays for the record.
    ``provisional`` marks a due time that depends on an undecided question or
    an event that has not happened. ``unconfirmed`` marks an unconfirmed legal basis.
    """

    stage: Stage
    rule: str
    recipient_de: str
    recipient_en: str
    due_at: dt.datetime | None
    state: State
    submitted_at: dt.datetime | None = None
    required: bool = True
    provisional: bool = False
    unconfirmed: bool = False
    lenient_due_at: dt.datetime | None = None
    note_de: str = ""
    note_en: str = ""


# Calendar helpers -----------------------------------------------------------


def add_months_to_date(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def berlin_wall_time(naive: dt.datetime) -> dt.datetime:
    """The Berlin instant for a local wall-clock time (gap → after it, overlap → earlier)."""
    first = naive.replace(tzinfo=BERLIN, fold=0)
    if first.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == naive:
        return first.astimezone(BERLIN)
    # In a gap: find the first real instant whose wall-clock time is not before ``naive``.
    low = naive.replace(tzinfo=BERLIN, fold=1).astimezone(UTC)
    high = first.astimezone(UTC)
    while high - low > dt.timedelta(seconds=1):
        mid = low + (high - low) / 2
        if mid.astimezone(BERLIN).replace(tzinfo=None) >= naive:
            high = mid
        else:
            low = mid
    return high.replace(microsecond=0).astimezone(BERLIN)


def add_hours(moment: dt.datetime, hours: int) -> dt.datetime:
    """``moment`` plus elapsed hours, shown in Berlin time."""
    _require_aware(moment)
    return (moment.astimezone(UTC) + dt.timedelta(hours=hours)).astimezone(BERLIN)


def add_calendar_month(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """One calendar month after ``moment`` in Berlin: (same wall time, end of that day)."""
    _require_aware(moment)
    local = moment.astimezone(BERLIN)
    day = add_months_to_date(local.date(), 1)
    strict = berlin_wall_time(dt.datetime.combine(day, local.time().replace(tzinfo=None)))
    end_of_day = berlin_wall_time(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return strict, end_of_day


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; incident times must be aware")


def _state(
    due: dt.datetime | None, submitted: dt.datetime | None, now: dt.datetime, started: bool = True
) -> State:
    if submitted is not None:
        return (
            State.SUBMITTED_LATE if due is not None and submitted > due else State.SUBMITTED_ON_TIME
        )
    if not started or due is None:
        return State.NOT_DUE
    return State.OVERDUE if now > due else State.DUE


# Regimes --------------------------------------------------------------------

_MELDESTELLE = (
    "Gemeinsame Meldestelle von BSI und BBK (BSI-Portal)",
    "Joint BSI/BBK reporting office (BSI portal)",
)
_PROGRESS_NOTE = (
    "Dauert der Vorfall dann noch an, ist stattdessen eine Fortschrittsmeldung fällig.",
    "If the incident is still ongoing then, a progress report is due instead.",
)
_CER_NOTE = (
    "Monat ab Kenntnis gerechnet (strengere Lesart von „danach“).",
    "Month counted from awareness (stricter reading of 'thereafter').",
)
_NIS_RECIPIENT = {
    NisBasis.BSIG: (*_MELDESTELLE, "BSIG §32(1)"),
    NisBasis.ENWG: (*_MELDESTELLE, "EnWG §5d(3) with BSIG §32(1)"),
    NisBasis.TELECOM: (
        "BNetzA/BSI nach TKG (nicht bestätigt)",
        "BNetzA/BSI under the TKG (unconfirmed)",
        "NIS2 Art. 23(4); BSIG §28(5) Nr. 1; TKG (unconfirmed)",
    ),
}


class _Builder:
    """Collects obligations for one evaluation."""

    def __init__(self, incident: IncidentFacts, now: dt.datetime) -> None:
        self.incident = incident
        self.now = now
        self.out: list[Obligation] = []

    def add(
        self,
        stage: Stage,
        decided: bool | None,
        due: dt.datetime | None,
        rule: str,
        recipient: tuple[str, str],
        *,
        started: bool = True,
        provisional: bool = False,
        **extra: Any,
    ) -> None:
        submitted = self.incident.submissions.get(stage)
        if decided is False and submitted is None:
            return  # obligation fell away and nothing was submitted: nothing to show
        self.out.append(
            Obligation(
                stage=stage,
                rule=rule,
                recipient_de=recipient[0],
                recipient_en=recipient[1],
                due_at=due,
                state=_state(due, submitted, self.now, started),
                submitted_at=submitted.astimezone(BERLIN) if submitted else None,
                required=decided is not False,
                provisional=provisional or decided is None,
                **extra,
            )
        )

    def nis2(self, basis: NisBasis) -> None:
        recipient_de, recipient_en, rule = _NIS_RECIPIENT[basis]
        nis: dict[str, Any] = {
            "decided": self.incident.significant,
            "recipient": (recipient_de, recipient_en),
            "unconfirmed": basis is NisBasis.TELECOM,
        }
        aware = self.incident.aware_at
        warning_due, notification_due = add_hours(aware, 24), add_hours(aware, 72)
        self.add(Stage.EARLY_WARNING, due=warning_due, rule=f"{rule}; NIS2 Art. 23(4)(a)", **nis)
        self.add(
            Stage.NOTIFICATION, due=notification_due, rule=f"{rule}; NIS2 Art. 23(4)(b)", **nis
        )
        self.final(nis, rule, notification_due)

    def final(self, nis: dict[str, Any], rule: str, notification_due: dt.datetime) -> None:
        subs = self.incident.submissions
        notified = subs.get(Stage.NOTIFICATION)
        final_due, lenient = add_calendar_month(notified or notification_due)
        ended = self.incident.handling_ended_at
        ongoing_at_due = ended is None or ended > final_due
        final_sub = subs.get(Stage.FINAL_REPORT)
        final_in_time = final_sub is not None and final_sub <= final_due
        progress_path = Stage.PROGRESS_REPORT in subs or (
            ongoing_at_due and self.now >= final_due and not final_in_time
        )
        waiting = {"started": notified is not None, "provisional": notified is None}
        if not progress_path:
            note = _PROGRESS_NOTE if ongoing_at_due else ("", "")
            self.add(
                Stage.FINAL_REPORT,
                due=final_due,
                rule=f"{rule}; NIS2 Art. 23(4)(d)",
                lenient_due_at=lenient,
                note_de=note[0],
                note_en=note[1],
                **waiting,
                **nis,
            )
            return
        self.add(
            Stage.PROGRESS_REPORT,
            due=final_due,
            rule=f"{rule}; NIS2 Art. 23(4)(e)",
            lenient_due_at=lenient,
            **waiting,
            **nis,
        )
        after_end = add_calendar_month(ended) if ended else (None, None)
        self.add(
            Stage.FINAL_REPORT,
            due=after_end[0],
            rule=f"{rule}; NIS2 Art. 23(4)(e)",
            started=ended is not None,
            lenient_due_at=after_end[1],
            note_de="Fällig einen Monat nach Abschluss der Bearbeitung.",
            note_en="Due one month after incident handling ends.",
            **nis,
        )

    def cer(self, profile: ReportingProfile) -> None:
        applies_from = profile.kritis_reporting_from
        if applies_from is not None and self.incident.aware_at < applies_from:
            return  # KRITIS-DachG §18 applies only 10 months after registration (§8(7))
        aware = self.incident.aware_at
        cer: dict[str, Any] = {
            "decided": self.incident.cer_disruptive,
            "rule": "KRITIS-DachG §18; CER Art. 15(1)",
            "recipient": (
                "Gemeinsame Meldestelle von BBK und BSI",
                "Joint BBK/BSI reporting office",
            ),
        }
        self.add(Stage.CER_INITIAL, due=add_hours(aware, 24), **cer)
        detailed, lenient = add_calendar_month(aware)
        self.add(
            Stage.CER_DETAILED,
            due=detailed,
            lenient_due_at=lenient,
            note_de=_CER_NOTE[0],
            note_en=_CER_NOTE[1],
            **cer,
        )

    def gdpr(self, federal_state: str) -> None:
        aware = self.incident.personal_data_aware_at or self.incident.aware_at
        where = federal_state or "?"
        self.add(
            Stage.GDPR_NOTIFICATION,
            self.incident.personal_data_breach,
            add_hours(aware, 72),
            "GDPR Art. 33(1)",
            (
                f"Datenschutz-Aufsichtsbehörde des Landes ({where})",
                f"Data-protection supervisory authority of the Land ({where})",
            ),
            note_de="Entfällt, wenn die Verletzung voraussichtlich kein Risiko für Betroffene birgt; verspätete Meldungen sind zu begründen.",
            note_en="Not needed if the breach is unlikely to result in a risk to people; a late notification must give reasons.",
        )


def incident_obligations(
    *, incident: IncidentFacts, profile: ReportingProfile, now: dt.datetime | None = None
) -> tuple[Obligation, ...]:
    """Every reporting obligation of ``incident`` and its state at ``now`` (default: current time)."""
    _require_aware(incident.aware_at)
    for moment in (
        incident.personal_data_aware_at,
        incident.handling_ended_at,
        *incident.submissions.values(),
    ):
        if moment is not None:
            _require_aware(moment)
    current = now or dt.datetime.now(tz=UTC)
    _require_aware(current)
    builder = _Builder(incident, current)
    if profile.nis2_basis is not NisBasis.NONE:
        builder.nis2(profile.nis2_basis)
    if profile.kritis_operator:
        builder.cer(profile)
    builder.gdpr(profile.federal_state)
    return tuple(builder.out)


def reporting_profile(
    classification: object, *, affected: NisBasis | None = None, federal_state: str = ""
) -> ReportingProfile:
    """A profile from a ``Classification`` (duck-typed: ``routes``, ``cer_critical``).

    With several routes the affected systems decide; pass ``affected``. Without
    it, BSIG wins over EnWG (same recipient and clocks, only the legal basis differs).
    """
    routes = {str(r) for r in getattr(classification, "routes", ())}
    if affected is not None:
        basis = affected
    elif "bsig" in routes:
        basis = NisBasis.BSIG
    elif "enwg" in routes:
        basis = NisBasis.ENWG
    elif "telecom" in routes:
        basis = NisBasis.TELECOM
    else:
        basis = NisBasis.NONE
    return ReportingProfile(
        nis2_basis=basis,
        kritis_operator=bool(getattr(classification, "cer_critical", False)),
        federal_state=federal_state,
    )
