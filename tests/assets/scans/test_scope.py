"""Scope validation: allowed networks, sizes, ports, rate, profile, maintenance windows."""

from __future__ import annotations

from datetime import UTC, datetime, time
from ipaddress import ip_network
from zoneinfo import ZoneInfo

import pytest

from assets.scans.errors import ScopeError
from assets.scans.scope import (
    MaintenanceWindow,
    Profile,
    scope_validate,
    window_parse,
)

LOOPBACK = [ip_network("127.0.0.0/8")]
BERLIN = ZoneInfo("Europe/Berlin")


def validate(**overrides):
    fields = {"name": "Pumpwerk", "networks": ["127.0.0.0/29"], "allowed": LOOPBACK}
    fields.update(overrides)
    return scope_validate(**fields)


def test_it_builds_an_ot_safe_scope_by_default():
    scope = validate(ports="502, 102,20-22")

    assert scope.networks == (ip_network("127.0.0.0/29"),)
    assert scope.ports == (20, 21, 22, 102, 502)
    assert (scope.profile, scope.max_rate, scope.windows) == (Profile.OT_SAFE, 50, ())
    assert scope.address_count == 8


@pytest.mark.parametrize("network", ["10.0.0.0/8", "0.0.0.0/0", "128.0.0.0/1", "::1/128"])
def test_it_refuses_a_network_outside_the_allowed_ones_and_names_it(network):
    with pytest.raises(ScopeError) as error:
        validate(networks=[network], max_addresses=2**128)

    assert str(error.value) == (
        f"network {ip_network(network)} lies outside the networks scans may target "
        "(BOLLWERK_SCAN_ALLOWED: 127.0.0.0/8)"
    )


def test_it_names_every_offending_network_and_not_the_allowed_ones():
    with pytest.raises(ScopeError, match=r"^network 10\.1\.0\.0/16, 192\.168\.0\.0/24 lies"):
        validate(networks=["127.0.0.1/32", "10.1.0.0/16", "192.168.0.0/24"])


def test_a_network_that_only_overlaps_the_allowed_range_is_refused():
    with pytest.raises(ScopeError, match=r"126\.0\.0\.0/7"):
        validate(networks=["126.0.0.0/7"], allowed=LOOPBACK, max_addresses=2**25)


def test_nothing_is_allowed_when_the_allowed_list_is_empty():
    with pytest.raises(ScopeError, match=r"BOLLWERK_SCAN_ALLOWED: nothing"):
        validate(allowed=[])


def test_host_bits_are_refused_with_a_suggestion():
    with pytest.raises(ScopeError, match=r"has host bits set; did you mean 127\.0\.0\.0/24\?"):
        validate(networks=["127.0.0.9/24"])


@pytest.mark.parametrize("bad", ["127.0.0.1; rm -rf /", "-oN/tmp/x", "localhost", 2130706433])
def test_anything_but_a_cidr_network_is_refused(bad):
    with pytest.raises(ScopeError, match="is not a network in CIDR notation"):
        validate(networks=[bad])


def test_a_single_address_is_a_slash_32():
    assert validate(networks="127.0.0.1").networks == (ip_network("127.0.0.1/32"),)


def test_a_scope_larger_than_a_slash_16_is_refused():
    with pytest.raises(ScopeError, match="covers 131,072 addresses, more than the limit of 65,536"):
        validate(networks=["127.0.0.0/15"])


def test_ipv4_and_ipv6_may_not_be_mixed():
    allowed = [*LOOPBACK, ip_network("::1/128")]

    with pytest.raises(ScopeError, match="mixes IPv4 and IPv6"):
        validate(networks=["127.0.0.1", "::1"], allowed=allowed)


@pytest.mark.parametrize(
    ("ports", "message"),
    [
        ("22,abc", "'abc' is not a port"),
        ("0-10", "outside 1-65535"),
        ("30-20", "reversed"),
        ("22 502", "'22 502' is not a port"),
        ([22, 70000], "70000 is not a port number"),
        ([True], "True is not a port number"),
    ],
)
def test_bad_ports_are_refused(ports, message):
    with pytest.raises(ScopeError, match=message):
        validate(ports=ports)


@pytest.mark.parametrize("rate", [0, 1001, 2.5, True, "50"])
def test_a_rate_limit_outside_one_to_a_thousand_packets_is_refused(rate):
    with pytest.raises(ScopeError, match="rate limit"):
        validate(max_rate=rate)


def test_an_unknown_profile_is_refused():
    with pytest.raises(
        ScopeError, match=r"unknown scan profile 'aggressive' \(known: ot_safe, full\)"
    ):
        validate(profile="aggressive")


def test_the_full_profile_must_be_asked_for():
    assert validate(profile="full").profile is Profile.FULL


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_scope_needs_a_sensible_name(name):
    with pytest.raises(ScopeError, match="scope name"):
        validate(name=name)


def test_a_window_is_parsed_from_english_or_german_weekdays():
    assert window_parse("Mon-Fri 22:00-05:00") == window_parse("Mo-Fr 22:00-05:00")
    window = window_parse("Sa,So 00:00-24:00")
    assert window.weekdays == frozenset({5, 6})
    assert str(window) == "Sat,Sun 00:00-24:00"


@pytest.mark.parametrize(
    "text", ["Mon 22:00", "Xyz 01:00-02:00", "Mon 25:00-26:00", "Mon 03:00-03:00"]
)
def test_a_bad_window_is_refused_by_the_scope(text):
    with pytest.raises(ScopeError, match="maintenance window"):
        validate(windows=[text])


def test_a_hand_made_window_with_an_impossible_weekday_is_refused():
    with pytest.raises(ScopeError, match="no valid weekdays"):
        validate(windows=[MaintenanceWindow(frozenset({9}), time(1), time(2))])


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_an_overnight_window_runs_into_the_next_morning():
    window = window_parse("Fri 22:00-05:00")

    assert window.contains(berlin(2025, 3, 7, 22, 0))  # Friday
    assert window.contains(berlin(2025, 3, 8, 4, 59))  # Saturday morning
    assert not window.contains(berlin(2025, 3, 8, 5, 0))
    assert not window.contains(berlin(2025, 3, 7, 4, 0))  # Friday morning belongs to Thursday


def test_windows_follow_berlin_wall_clock_time_across_daylight_saving():
    window = window_parse("Sun 01:00-04:00")

    # 2025-03-30 is the spring-forward Sunday: 01:30 UTC is 03:30 CEST.
    assert window.contains(datetime(2025, 3, 30, 1, 30, tzinfo=UTC))
    # 2025-10-26 falls back: 02:30 UTC is 03:30 CET.
    assert window.contains(datetime(2025, 10, 26, 2, 30, tzinfo=UTC))
    assert not window.contains(datetime(2025, 10, 26, 3, 30, tzinfo=UTC))


def test_a_naive_datetime_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="timezone-aware"):
        window_parse("Mon 01:00-02:00").contains(datetime(2025, 1, 6, 1, 30))


def test_a_scope_without_windows_is_always_open():
    assert validate().window_open(datetime(2025, 1, 1, tzinfo=UTC))
