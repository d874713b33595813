"""Profiles' exact nmap arguments, the runner's guards, and real nmap runs on 127.0.0.0/8."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import UTC, datetime
from ipaddress import ip_network

import pytest

from assets.scans.errors import ScanRunError, ScopeError
from assets.scans.ports import OT_SAFE_DEFAULT_PORTS, ports_format
from assets.scans.profiles import OT_FORBIDDEN, nmap_arguments
from assets.scans.runner import scan_run, scan_timeout
from assets.scans.scope import ScanScope, scope_validate

LOOPBACK = [ip_network("127.0.0.0/8")]


def loopback_scope(**overrides) -> ScanScope:
    fields = {"name": "lab", "networks": ["127.0.0.1/32"], "allowed": LOOPBACK, "max_rate": 200}
    fields.update(overrides)
    return scope_validate(**fields)


class NeverRun:
    """A stand-in for subprocess.run that fails the test if nmap would start."""

    def __init__(self) -> None:
        self.calls: list = []

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        pytest.fail("nmap was started although the scope must be refused")


@pytest.fixture
def no_process(monkeypatch):
    """Any attempt to start a process fails the test: no packet can leave."""

    def refuse(*args, **kwargs):
        pytest.fail("a process was started")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    return NeverRun()


def test_the_ot_safe_profile_has_exactly_these_arguments():
    scope = loopback_scope(ports=[502, 102, 103], max_rate=25)

    assert nmap_arguments(scope) == [
        "nmap", "-oX", "-", "--unprivileged", "-n", "-Pn", "-sT",
        "--max-retries", "1", "--max-parallelism", "10",
        "--max-rate", "25", "-p", "102-103,502", "127.0.0.1/32",
    ]  # fmt: skip


def test_the_full_profile_adds_version_detection_and_safe_scripts():
    scope = loopback_scope(profile="full", ports=[22])

    assert nmap_arguments(scope) == [
        "nmap", "-oX", "-", "--unprivileged", "-n", "-Pn", "-sT",
        "-sV", "--version-intensity", "7", "--script", "default and safe",
        "--max-retries", "2", "--max-rate", "200", "-p", "22", "127.0.0.1/32",
    ]  # fmt: skip


def test_the_ot_safe_profile_never_probes_services_or_os_and_scans_default_ports():
    argv = nmap_arguments(loopback_scope())

    assert not OT_FORBIDDEN.intersection(argv)
    assert argv[argv.index("-p") + 1] == ports_format(OT_SAFE_DEFAULT_PORTS)
    assert {"502", "102", "2404", "4840", "20000", "44818"} <= set(
        argv[argv.index("-p") + 1].split(",")
    )


def test_an_ipv6_scope_adds_the_ipv6_switch():
    scope = scope_validate(name="v6", networks=["::1"], allowed=[ip_network("::1/128")])

    assert nmap_arguments(scope)[-2:] == ["-6", "::1/128"]


@pytest.mark.parametrize("network", ["10.0.0.0/8", "0.0.0.0/0"])
def test_validation_refuses_a_foreign_scope_without_starting_anything(no_process, network):
    with pytest.raises(ScopeError, match=f"network {network} lies outside"):
        scope_validate(name="x", networks=[network], allowed=LOOPBACK, max_addresses=2**32)


@pytest.mark.parametrize("network", ["10.0.0.0/8", "0.0.0.0/0"])
def test_the_runner_refuses_a_foreign_scope_even_when_validation_was_bypassed(no_process, network):
    forged = dataclasses.replace(loopback_scope(), networks=(ip_network(network),))
    spy = NeverRun()

    with pytest.raises(ScopeError) as error:
        scan_run(forged, allowed=LOOPBACK, run=spy, nmap_path="/usr/bin/nmap")

    assert str(error.value) == (
        f"refusing to scan: network {network} lies outside the networks scans may target "
        "(BOLLWERK_SCAN_ALLOWED: 127.0.0.0/8)"
    )
    assert spy.calls == []


def test_the_runner_refuses_forged_ports(no_process):
    forged = dataclasses.replace(loopback_scope(), ports=("22 --script=vuln",))

    with pytest.raises(ScopeError, match="'22 --script=vuln' is not a port number"):
        scan_run(forged, allowed=LOOPBACK, run=NeverRun())


def test_the_runner_refuses_a_forged_rate(no_process):
    forged = dataclasses.replace(loopback_scope(), max_rate=10**6)

    with pytest.raises(ScopeError, match="rate limit 1000000 is outside 1-1000"):
        scan_run(forged, allowed=LOOPBACK, run=NeverRun())


def test_the_runner_checks_against_the_allowed_list_it_is_given_now(no_process):
    scope = loopback_scope()

    with pytest.raises(ScopeError, match=r"127\.0\.0\.1/32 lies outside"):
        scan_run(scope, allowed=[ip_network("192.0.2.0/24")], run=NeverRun())


def test_the_runner_refuses_outside_the_maintenance_window(no_process):
    scope = loopback_scope(windows=["Sat,Sun 01:00-05:00"])
    tuesday_noon = datetime(2025, 3, 4, 11, 0, tzinfo=UTC)

    with pytest.raises(
        ScanRunError, match=r"only in its maintenance windows .* it is Tue 12:00 now"
    ):
        scan_run(scope, allowed=LOOPBACK, now=tuesday_noon, run=NeverRun())


def test_a_timeout_stops_nmap_and_says_so():
    def too_slow(argv, **kwargs):
        raise subprocess.TimeoutExpired(argv, kwargs["timeout"])

    with pytest.raises(
        ScanRunError, match=r"did not finish scope 'lab' within 3 s and was stopped"
    ):
        scan_run(loopback_scope(), allowed=LOOPBACK, timeout_s=3, run=too_slow, nmap_path="nmap")


def test_a_failing_nmap_reports_its_last_stderr_line():
    def failing(argv, **kwargs):
        return subprocess.CompletedProcess(argv, 1, b"", b"Starting\nQUITTING: bad option\n")

    with pytest.raises(ScanRunError, match="nmap exited with status 1: QUITTING: bad option"):
        scan_run(loopback_scope(), allowed=LOOPBACK, run=failing, nmap_path="nmap")


def test_nmap_is_started_without_a_shell_with_a_minimal_environment_and_a_timeout():
    seen = {}

    def record(argv, **kwargs):
        seen.update(kwargs, argv=argv)
        return subprocess.CompletedProcess(argv, 1, b"", b"stop here")

    with pytest.raises(ScanRunError):
        scan_run(loopback_scope(), allowed=LOOPBACK, run=record, nmap_path="/usr/bin/nmap")

    assert seen["shell"] is False and seen["stdin"] == subprocess.DEVNULL
    assert set(seen["env"]) == {"PATH", "LC_ALL"}
    assert seen["timeout"] == scan_timeout(loopback_scope())
    assert seen["argv"][0] == "/usr/bin/nmap"


def test_the_timeout_grows_with_addresses_ports_and_slower_rates():
    small = loopback_scope(ports=[22])
    large = loopback_scope(networks=["127.0.0.0/24"], ports="1-100", max_rate=10)

    assert scan_timeout(small) == pytest.approx(2 / 200 * 1.5 + 120)
    assert scan_timeout(large) == pytest.approx(256 * 100 * 2 / 10 * 1.5 + 120)


@pytest.mark.slow
def test_a_real_scan_finds_the_open_and_the_closed_port(nmap_binary, listener, free_port):
    open_port = listener("127.0.0.1")
    closed_port = free_port()
    scope = loopback_scope(ports=[open_port, closed_port])

    run = scan_run(scope, allowed=LOOPBACK, nmap_path=nmap_binary)

    (host,) = run.result.hosts
    assert {(p.portid, p.state) for p in host.ports} == {
        (open_port, "open"),
        (closed_port, "closed"),
    }
    assert host.responded and host.primary_address == "127.0.0.1"
    assert run.result.meta.scan_types == ("connect",)
    assert "-sT" in run.result.meta.args and "-sV" not in run.result.meta.args
    assert run.duration_s < 30


@pytest.mark.slow
def test_a_real_nmap_that_overruns_its_timeout_is_stopped(nmap_binary, free_port):
    scope = loopback_scope(networks=["127.0.0.0/24"], ports=[free_port()], max_rate=1)

    with pytest.raises(ScanRunError, match=r"within 0\.5 s and was stopped"):
        scan_run(scope, allowed=LOOPBACK, nmap_path=nmap_binary, timeout_s=0.5)
