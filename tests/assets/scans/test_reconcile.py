"""Reconciliation of a scan with the inventory: finding kinds, severities, fingerprints, counts."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from assets.scans.model import ScanResult
from assets.scans.nmap_xml import nmap_xml_parse
from assets.scans.reconcile import scan_reconcile, scan_services, scan_targets
from assets.scans.records import AssetRecord, ServiceObservation, ZoneRecord
from tests.assets.scans.nmapxml import document, host, port

CELL = ZoneRecord(
    id="z-cell",
    level="1",
    allowed_protocols=frozenset({"modbus", "s7comm"}),
    networks=(ip_network("10.0.1.0/24"),),
)
OFFICE = ZoneRecord(id="z-office", level="it", networks=(ip_network("10.0.9.0/24"),))
PLC = AssetRecord(id="a-plc", name="PLC Pumpwerk", ip_addresses=("10.0.1.10",), zone=CELL)
HMI = AssetRecord(
    id="a-hmi",
    name="HMI",
    mac_addresses=("00-1b-1b-aa-bb-cc",),
    hostnames=("hmi.ot.local",),
    zone=CELL,
)


def scan(*hosts: str, **kw) -> ScanResult:
    return nmap_xml_parse(document(*hosts, **kw))


def kinds(result) -> list[tuple[str, str]]:
    return [(f.kind.value, f.address) for f in result.findings]


def test_a_known_host_with_allowed_protocols_gives_no_finding():
    result = scan_reconcile(scan=scan(host("10.0.1.10", port(502), port(102))), inventory=[PLC])

    assert result.findings == ()
    assert [(m.address, m.asset_id, m.basis) for m in result.matches] == [
        ("10.0.1.10", "a-plc", "ip")
    ]


def test_a_host_is_matched_by_mac_then_by_hostname_when_its_ip_is_not_recorded():
    by_mac = scan(host("10.0.1.20", port(22), mac="00:1B:1B:AA:BB:CC"))
    by_name = scan(host("10.0.1.21", port(22), hostname="HMI.ot.local."))

    assert scan_reconcile(scan=by_mac, inventory=[HMI]).matches[0].basis == "mac"
    assert scan_reconcile(scan=by_name, inventory=[HMI]).matches[0].basis == "hostname"


def test_an_unknown_host_in_an_ot_subnet_is_high_and_placed_in_its_zone():
    result = scan_reconcile(scan=scan(host("10.0.1.99", port(22))), inventory=[PLC])

    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.zone_id) == ("unknown_host", "high", "z-cell")
    assert finding.details == {"open_ports": "22/tcp"}


def test_an_unknown_host_outside_any_zone_is_medium():
    (finding,) = scan_reconcile(scan=scan(host("192.0.2.7", port(22))), inventory=[]).findings

    assert (finding.severity, finding.zone_id) == ("medium", None)


def test_modbus_in_a_zone_that_does_not_allow_it_is_unexpected():
    ws = AssetRecord(id="a-ws", name="Workstation", ip_addresses=("10.0.9.5",), zone=OFFICE)

    result = scan_reconcile(scan=scan(host("10.0.9.5", port(502))), inventory=[ws])

    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.port, finding.asset_id) == (
        "unexpected_service",
        "critical",
        502,
        "a-ws",
    )
    assert finding.title == "Modbus/TCP (502/tcp) reachable in an IT or DMZ zone"
    assert result.counts.unexpected_services == 1


def test_an_ot_zone_allows_iso_tsap_through_its_s7comm_alias_but_not_iec_104():
    result = scan_reconcile(scan=scan(host("10.0.1.10", port(102), port(2404))), inventory=[PLC])

    assert [(f.kind.value, f.port, f.severity.value) for f in result.findings] == [
        ("unexpected_service", 2404, "high")
    ]


def test_a_probed_service_overrides_the_port_number_both_ways():
    result = scan_reconcile(
        scan=scan(
            host(
                "10.0.9.5",
                port(502, name="http", method="probed"),
                port(1502, name="modbus", method="probed"),
                port(4840, name="tcpwrapped", method="probed"),
            )
        ),
        inventory=[],
        zones=[OFFICE],
    )

    flagged = sorted(f.port for f in result.findings if f.kind == "unexpected_service")
    assert flagged == [1502, 4840]


def test_clear_text_services_are_flagged_in_every_zone_but_not_when_tunnelled_in_tls():
    result = scan_reconcile(
        scan=scan(
            host(
                "10.0.1.10",
                port(23),
                port(21),
                port(5901),
                port(992, name="telnet", tunnel="ssl", method="probed"),
            )
        ),
        inventory=[PLC],
    )

    assert [(f.port, f.severity.value) for f in result.findings] == [
        (21, "medium"),
        (23, "high"),
        (5901, "high"),
    ]


def test_an_operational_asset_in_the_scanned_networks_that_did_not_answer_is_missing():
    retired = AssetRecord(
        id="a-old", name="Old RTU", ip_addresses=("10.0.1.11",), lifecycle="retired"
    )
    elsewhere = AssetRecord(id="a-far", name="Far PLC", ip_addresses=("10.7.0.1",))

    result = scan_reconcile(
        scan=scan(host("10.0.1.99", port(22))),
        inventory=[PLC, retired, elsewhere],
        scanned_networks=[ip_network("10.0.1.0/24")],
    )

    missing = [f for f in result.findings if f.kind == "missing_asset"]
    assert [(f.asset_id, f.address, f.zone_id) for f in missing] == [
        ("a-plc", "10.0.1.10", "z-cell")
    ]
    assert missing[0].title == "Asset 'PLC Pumpwerk' in operation did not answer the scan"
    assert result.counts.missing_assets == 1


def test_the_scanned_networks_default_to_the_targets_on_the_nmap_command_line():
    lab = AssetRecord(id="a-lab", name="Lab", ip_addresses=("127.0.0.3",))

    result = scan_reconcile(scan=scan(host("127.0.0.1", port(22))), inventory=[lab])

    assert [f.asset_id for f in result.findings if f.kind == "missing_asset"] == ["a-lab"]
    assert scan_targets("nmap -sT -p 22 127.0.0.0/29 'x y'") == (ip_network("127.0.0.0/29"),)


def test_a_decommissioned_asset_that_answers_is_reported():
    retired = AssetRecord(
        id="a-old", name="Old RTU", ip_addresses=("10.0.1.11",), lifecycle="retired"
    )

    (finding,) = scan_reconcile(
        scan=scan(host("10.0.1.11", port(22))), inventory=[retired]
    ).findings

    assert (finding.kind, finding.asset_id, finding.details) == (
        "inactive_asset_seen",
        "a-old",
        {"lifecycle": "retired"},
    )


def test_a_host_that_nmap_only_assumed_up_is_neither_seen_nor_unknown():
    silent = host("10.0.1.10", port(502, state="filtered"), reason="user-set")

    result = scan_reconcile(
        scan=scan(silent), inventory=[PLC], scanned_networks=[ip_network("10.0.1.0/24")]
    )

    assert kinds(result) == [("missing_asset", "10.0.1.10")]
    assert result.counts.hosts_up == 0


def test_counts_have_exactly_the_keys_of_the_cli_contract():
    result = scan_reconcile(
        scan=scan(host("10.0.1.10", port(502), port(23)), host("10.0.1.50", port(80))),
        inventory=[PLC, HMI],
        scanned_networks=[ip_network("10.0.1.0/24")],
    )

    assert result.counts.as_dict() == {
        "hosts_up": 2,
        "open_ports": 3,
        "unknown_hosts": 1,
        "missing_assets": 0,
        "unexpected_services": 1,
        "findings": 2,
    }


def test_running_again_gives_the_same_fingerprints():
    data = scan(host("10.0.1.99", port(23)), host("10.0.9.5", port(502)))

    first = scan_reconcile(scan=data, inventory=[PLC], zones=[OFFICE])
    again = scan_reconcile(
        scan=nmap_xml_parse(document(host("10.0.9.5", port(502)), host("10.0.1.99", port(23)))),
        inventory=[PLC],
        zones=[OFFICE],
    )

    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in again.findings]
    assert len({f.fingerprint for f in first.findings}) == len(first.findings) == 4


def test_adding_the_asset_to_the_inventory_removes_the_unknown_host_but_keeps_the_port_finding():
    data = scan(host("10.0.1.99", port(23)))
    before = scan_reconcile(scan=data, inventory=[PLC])
    added = AssetRecord(id="a-new", name="New RTU", ip_addresses=("10.0.1.99",), zone=CELL)

    after = scan_reconcile(scan=data, inventory=[PLC, added])

    assert kinds(before) == [("unexpected_service", "10.0.1.99"), ("unknown_host", "10.0.1.99")]
    assert kinds(after) == [("unexpected_service", "10.0.1.99")]
    assert after.findings[0].fingerprint == before.findings[0].fingerprint


def test_titles_and_descriptions_reveal_no_addresses_or_versions():
    result = scan_reconcile(
        scan=scan(
            host(
                "10.0.9.5",
                port(502, product="Modicon", version="2.7", name="mbap", method="probed"),
                hostname="plc.example",
            )
        ),
        inventory=[],
        zones=[OFFICE],
        previous=[],
    )

    for finding in result.findings:
        text = finding.title + finding.description
        assert "10.0.9.5" not in text and "2.7" not in text and "plc.example" not in text


def test_without_a_previous_run_no_service_changes_are_reported():
    result = scan_reconcile(scan=scan(host("10.0.1.10", port(22))), inventory=[PLC])

    assert result.findings == ()


def test_new_closed_and_changed_services_since_the_previous_run():
    previous = [
        ServiceObservation("10.0.1.10", "tcp", 22, "ssh", "OpenSSH", "8.4"),
        ServiceObservation("10.0.1.10", "tcp", 80, "http"),
        ServiceObservation("10.0.1.10", "tcp", 9999, "abyss"),
        ServiceObservation("10.0.1.77", "tcp", 22, "ssh"),
    ]
    now = scan(
        host(
            "10.0.1.10",
            port(22, name="ssh", product="OpenSSH", version="9.2", method="probed"),
            port(502, name="mbap"),
        ),
        services="22,80,502",
    )

    result = scan_reconcile(scan=now, inventory=[PLC], previous=previous)

    changes = [(f.kind.value, f.port, f.severity.value, f.details) for f in result.findings]
    assert changes == [
        ("closed_service", 80, "info", {"service": "http", "before": "-"}),
        ("new_service", 502, "low", {"service": "mbap", "now": "-"}),
        ("service_changed", 22, "medium", {"before": "OpenSSH 8.4", "now": "OpenSSH 9.2"}),
    ]


def test_a_port_table_guess_never_looks_like_a_version_change():
    previous = [ServiceObservation("10.0.1.10", "tcp", 22, "ssh", "OpenSSH", "8.4")]
    now = scan(host("10.0.1.10", port(22, name="ssh", method="table")))

    assert scan_reconcile(scan=now, inventory=[PLC], previous=previous).findings == ()


def test_this_runs_services_feed_the_next_comparison():
    data = scan(
        host("10.0.1.10", port(22, name="ssh")), host("10.0.1.11", port(23, state="closed"))
    )

    result = scan_reconcile(scan=data, inventory=[PLC])

    assert (
        result.services
        == scan_services(data)
        == (ServiceObservation("10.0.1.10", "tcp", 22, "ssh"),)
    )
    again = scan_reconcile(scan=data, inventory=[PLC], previous=result.services)
    assert [f.kind for f in again.findings] == ["unknown_host"]


@pytest.mark.slow
def test_a_real_listener_not_in_the_inventory_is_found_and_disappears_once_recorded(
    nmap_binary, listener, free_port
):
    from assets.scans.ports import INSECURE_SERVICES, PortClassifier, ProtocolRule
    from assets.scans.records import ReconcilePolicy
    from assets.scans.runner import scan_run
    from assets.scans.scope import scope_validate

    fieldbus = listener("127.0.0.2")
    telnet_like = listener("127.0.0.2")
    closed = free_port()
    rules = (ProtocolRule("lab-fieldbus", "Lab fieldbus", tcp=frozenset({fieldbus})),)
    lab_telnet = ProtocolRule("lab-telnet", "Lab telnet", tcp=frozenset({telnet_like}))
    policy = ReconcilePolicy(classifier=PortClassifier(rules, (*INSECURE_SERVICES, lab_telnet)))
    loopback = [ip_network("127.0.0.0/8")]
    scope = scope_validate(
        name="lab",
        networks=["127.0.0.1", "127.0.0.2"],
        allowed=loopback,
        ports=[fieldbus, telnet_like, closed],
        max_rate=200,
    )
    lab_zone = ZoneRecord(id="z-lab", level="1", allowed_protocols=frozenset({"lab-fieldbus"}))
    known = AssetRecord(id="a-1", name="Known", ip_addresses=("127.0.0.1",), zone=lab_zone)

    first = scan_run(scope, allowed=loopback, nmap_path=nmap_binary).result
    before = scan_reconcile(
        scan=first, inventory=[known], scanned_networks=scope.networks, policy=policy
    )

    assert {(f.kind.value, f.address, f.port) for f in before.findings} == {
        ("unexpected_service", "127.0.0.2", fieldbus),
        ("unexpected_service", "127.0.0.2", telnet_like),
        ("unknown_host", "127.0.0.2", None),
    }
    assert before.counts.unknown_hosts == 1 and before.counts.hosts_up == 2

    recorded = AssetRecord(id="a-2", name="Lab PLC", ip_addresses=("127.0.0.2",), zone=lab_zone)
    second = scan_run(scope, allowed=loopback, nmap_path=nmap_binary).result
    after = scan_reconcile(
        scan=second,
        inventory=[known, recorded],
        scanned_networks=scope.networks,
        previous=before.services,
        policy=policy,
    )

    assert [(f.kind.value, f.port) for f in after.findings] == [("unexpected_service", telnet_like)]
    telnet_before = next(f for f in before.findings if f.port == telnet_like)
    assert after.findings[0].fingerprint == telnet_before.fingerprint


def test_a_host_listed_twice_gives_each_finding_once():
    twice = scan(host("10.0.1.99", port(23)), host("10.0.1.99", port(23)))

    result = scan_reconcile(scan=twice, inventory=[])

    assert kinds(result) == [("unexpected_service", "10.0.1.99"), ("unknown_host", "10.0.1.99")]
    assert (result.counts.unknown_hosts, result.counts.unexpected_services) == (1, 1)
