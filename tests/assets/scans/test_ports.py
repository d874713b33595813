"""Port lists and the port classifier; and the package stays free of Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assets.scans.model import Port, Service
from assets.scans.ports import (
    OT_SAFE_DEFAULT_PORTS,
    PortClassifier,
    PortRanges,
    ports_format,
    ports_parse,
)


@given(st.sets(st.integers(min_value=1, max_value=65535), min_size=1, max_size=300))
def test_formatting_and_parsing_a_port_list_round_trips(ports):
    assert ports_parse(ports_format(ports)) == tuple(sorted(ports))


def test_consecutive_ports_are_merged_into_ranges():
    assert ports_format([5903, 23, 5900, 5901, 5902, 21, 22]) == "21-23,5900-5903"


@given(st.sets(st.integers(min_value=1, max_value=65535), max_size=200), st.integers(0, 65536))
def test_port_ranges_answer_membership_without_expanding(ports, probe):
    assert (probe in PortRanges(ports_format(ports))) == (probe in ports)


def test_the_default_ot_safe_list_covers_industrial_and_clear_text_ports():
    expected = {21, 23, 102, 502, 1911, 2404, 4840, 4911, 5900, 20000, 44818, 47808}

    assert expected <= set(OT_SAFE_DEFAULT_PORTS)
    assert all(1 <= port <= 65535 for port in OT_SAFE_DEFAULT_PORTS)


def keys(rules) -> list[str]:
    return [rule.key for rule in rules]


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        (Port("tcp", 102, "open"), ["iso-tsap"]),
        (Port("tcp", 502, "open"), ["modbus"]),
        (Port("udp", 47808, "open"), ["bacnet"]),
        (Port("udp", 2222, "open"), ["enip"]),
        (Port("tcp", 2222, "open"), []),
        (Port("tcp", 502, "open", service=Service(name="http", method="probed")), []),
        (Port("tcp", 502, "open", service=Service(name="http", method="table")), ["modbus"]),
        (Port("tcp", 8502, "open", service=Service(name="Modbus", method="probed")), ["modbus"]),
    ],
)
def test_industrial_protocols_are_recognised_by_port_or_probed_name(port, expected):
    assert keys(PortClassifier().industrial(port)) == expected


def test_a_tls_tunnel_is_not_clear_text():
    telnets = Port("tcp", 23, "open", service=Service(name="telnet", tunnel="ssl", method="probed"))

    assert PortClassifier().insecure(telnets) == ()
    assert keys(PortClassifier().insecure(Port("tcp", 23, "open"))) == ["telnet"]


def test_importing_the_scan_engine_loads_no_django():
    code = (
        "import sys, assets.scans; print(sorted(m for m in sys.modules if m.startswith('django')))"
    )

    repo = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )

    assert out.stdout.strip() == "[]"
