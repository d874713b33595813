"""Calendar arithmetic of the reporting clocks in Europe/Berlin (see the compliance.clocks docstring)."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.clocks import (
    BERLIN,
    UTC,
    add_calendar_month,
    add_hours,
    add_months_to_date,
    berlin_wall_time,
)


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2028, 2, 29), 1, dt.date(2028, 3, 29)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2025, 12, 6), 3, dt.date(2026, 3, 6)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 5, 31), 36, dt.date(2029, 5, 31)),
    ],
)
def test_calendar_months_clamp_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months_to_date(day, months) == expected


def test_24_hours_across_the_end_of_daylight_saving_time_are_elapsed_hours():
    """25 Oct 2026 has 25 hours: 10:00 CEST + 24 h = 09:00 CET on the next day."""
    aware = berlin(2026, 10, 24, 10, 0)
    due = add_hours(aware, 24)
    assert due == berlin(2026, 10, 25, 9, 0)
    assert due.utcoffset() == dt.timedelta(hours=1)
    assert due.astimezone(UTC) - aware.astimezone(UTC) == dt.timedelta(hours=24)


def test_24_hours_across_the_start_of_daylight_saving_time_are_elapsed_hours():
    """29 Mar 2026 has 23 hours: 10:00 CET + 24 h = 11:00 CEST on the next day."""
    due = add_hours(berlin(2026, 3, 28, 10, 0), 24)
    assert due == berlin(2026, 3, 29, 11, 0)
    assert due.utcoffset() == dt.timedelta(hours=2)


def test_a_month_keeps_the_berlin_wall_time_across_a_dst_change():
    """Calendar month in local time: 10:00 CEST on 15 Oct → 10:00 CET on 15 Nov."""
    strict, _ = add_calendar_month(berlin(2026, 10, 15, 10, 0))
    assert strict == berlin(2026, 11, 15, 10, 0)
    assert strict.utcoffset() == dt.timedelta(hours=1)


def test_a_month_from_31_january_ends_on_the_last_day_of_february():
    strict, lenient = add_calendar_month(berlin(2026, 1, 31, 14, 30))
    assert strict == berlin(2026, 2, 28, 14, 30)
    assert lenient == berlin(2026, 3, 1, 0, 0)  # "24:00" on 28 Feb as BGB §188(2) would read it


def test_a_month_from_31_january_in_a_leap_year_ends_on_29_february():
    strict, _ = add_calendar_month(berlin(2028, 1, 31, 14, 30))
    assert strict == berlin(2028, 2, 29, 14, 30)


def test_a_wall_time_in_the_spring_forward_gap_moves_to_the_end_of_the_gap():
    """28 Mar 2027 02:30 does not exist in Berlin; the first real instant after it is 03:00 CEST."""
    moment = berlin_wall_time(dt.datetime(2027, 3, 28, 2, 30))
    assert moment == dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    assert moment.replace(tzinfo=None) == dt.datetime(2027, 3, 28, 3, 0)


def test_a_month_landing_in_the_gap_is_due_at_the_end_of_the_gap():
    strict, _ = add_calendar_month(berlin(2027, 2, 28, 2, 30))
    assert strict.astimezone(UTC) == dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_an_ambiguous_wall_time_in_october_resolves_to_the_earlier_instant():
    """25 Oct 2026 02:30 exists twice; the earlier (CEST) is the stricter deadline."""
    moment = berlin_wall_time(dt.datetime(2026, 10, 25, 2, 30))
    assert moment.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_naive_times_are_rejected():
    with pytest.raises(ValueError, match="no time zone"):
        add_hours(dt.datetime(2026, 1, 1, 12, 0), 24)
