"""Every nmap XML file of the third-party corpus: well-formed scans import with the
counts written in them; broken and hostile ones are refused with one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from assets.scans.errors import NmapXmlError
from assets.scans.model import ScanResult
from assets.scans.nmap_xml import nmap_xml_parse
from assets.scans.reconcile import scan_reconcile


@pytest.fixture
def nmap_dir(external_data: Path) -> Path:
    return external_data / "nmap"


def parse(nmap_dir: Path, name: str) -> ScanResult:
    return nmap_xml_parse(nmap_dir / name)


def open_ports(result: ScanResult) -> dict[str, list[int]]:
    return {host.primary_address: [p.portid for p in host.open_ports] for host in result.hosts}


WELL_FORMED = [
    "1_host_ping.xml",
    "1_hosts_banner.xml",
    "1_hosts_down.xml",
    "1_os_banner_scripts.xml",
    "2_hosts_version.xml",
    "2_null_hosts.xml",
    "dionaea_scan.xml",
    "full_sudo6.xml",
    "os_scan6.xml",
    "scan_base.xml",
    "test_osclass.xml",
]
REFUSED = [
    "1_hosts_incomplete.xml",
    "defused_et_local_includer.xml",
    "scan_error_resolving_name.xml",
    "scan_invalid_services.xml",
]


def test_the_corpus_holds_exactly_the_files_these_tests_know(nmap_dir):
    assert sorted(p.name for p in nmap_dir.glob("*.xml")) == sorted(WELL_FORMED + REFUSED)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_every_well_formed_scan_imports_and_reconciles(nmap_dir, name):
    result = parse(nmap_dir, name)

    reconciled = scan_reconcile(scan=result, inventory=[])

    assert result.meta.scanner == "nmap"
    assert reconciled.counts.open_ports == result.open_port_count


def test_a_ping_scan_records_ip_mac_and_both_hostnames(nmap_dir):
    result = parse(nmap_dir, "1_host_ping.xml")

    (host,) = result.hosts
    assert (result.meta.version, result.meta.hosts_up, result.meta.scaninfo) == ("7.91", 1, ())
    assert host.ip_addresses == ("172.28.1.3",)
    assert host.mac_addresses == ("02:42:AC:1C:01:03",)
    assert [h.name for h in host.hostnames] == ["dionaea", "dionaea.honeynet_testing_net"]
    assert host.reason == "arp-response" and host.ports == ()


def test_a_version_scan_records_probed_products(nmap_dir):
    result = parse(nmap_dir, "1_hosts_banner.xml")

    (host,) = result.hosts
    assert result.meta.scan_types == ("syn",)
    assert open_ports(result) == {"127.0.0.1": [22, 25, 111, 631, 3306]}
    ssh = host.ports[0].service
    assert (ssh.name, ssh.product, ssh.version, ssh.extrainfo) == (
        "ssh",
        "OpenSSH",
        "5.3",
        "protocol 2.0",
    )
    assert ssh.probed and ssh.conf == 10
    assert host.ports[4].service.product == "MySQL"


def test_a_host_with_every_port_filtered_is_up_without_ports(nmap_dir):
    result = parse(nmap_dir, "1_hosts_down.xml")

    (host,) = result.hosts
    assert (host.primary_address, host.state, host.reason) == ("10.1.1.1", "up", "reset")
    assert host.ports == () and result.meta.hosts_up == 1


def test_script_output_and_old_style_os_classes_are_recorded(nmap_dir):
    result = parse(nmap_dir, "1_os_banner_scripts.xml")

    (host,) = result.hosts
    assert open_ports(result) == {"127.0.0.1": [22, 25, 80, 111, 631, 3306, 8009, 8080]}
    scripts = [(p.portid, s.id) for p in host.ports for s in p.scripts]
    assert len(scripts) == 6 and (80, "http-methods") in scripts
    assert len(host.os_classes) == 9 and host.os_matches == ()
    http = host.ports[2].service
    assert (http.product, http.version) == ("Apache httpd", "2.2.15")


def test_two_hosts_with_os_matches_and_a_filtered_port(nmap_dir):
    result = parse(nmap_dir, "2_hosts_version.xml")

    local, remote = result.hosts
    assert open_ports(result) == {
        "127.0.0.1": [22, 25, 111, 631, 3306],
        "74.207.244.221": [22, 80, 9929],
    }
    assert [(p.portid, p.state, p.reason) for p in remote.ports if not p.is_open] == [
        (25, "filtered", "admin-prohibited")
    ]
    assert len(local.os_classes) == 9 and local.os_matches == ()
    assert len(remote.os_matches) == 10 and len(remote.os_classes) == 16
    assert remote.os_matches[0].name == "Netgear DG834G WAP"
    assert remote.os_matches[0].accuracy == 92


def test_a_null_scan_has_two_hosts_without_open_ports(nmap_dir):
    result = parse(nmap_dir, "2_null_hosts.xml")

    assert result.meta.scan_types == ("null",)
    assert open_ports(result) == {"127.0.0.1": [], "74.207.244.221": []}
    assert result.meta.elapsed == pytest.approx(378.25)


def test_a_full_dionaea_scan_keeps_ports_scripts_and_pre_and_post_scripts(nmap_dir):
    result = parse(nmap_dir, "dionaea_scan.xml")

    (host,) = result.hosts
    assert [p.portid for p in host.open_ports] == [
        21, 23, 42, 53, 80, 135, 443, 445, 1433, 1723, 1883, 3306, 5060, 9100, 11211, 27017,
    ]  # fmt: skip
    assert result.meta.scaninfo[0].numservices == 65535
    assert len(host.scripts) == 17 and sum(len(p.scripts) for p in host.ports) == 38
    assert (len(result.prescripts), len(result.postscripts)) == (6, 1)
    assert host.ports[4].service.cpes == ("cpe:/a:igor_sysoev:nginx",)
    assert host.ports[0].service.product == "Synology DiskStation NAS ftpd"
    assert len(host.os_matches) == 1


def test_the_dionaea_honeypot_shows_telnet_and_ftp_as_unexpected(nmap_dir):
    result = parse(nmap_dir, "dionaea_scan.xml")

    reconciled = scan_reconcile(scan=result, inventory=[])

    unexpected = sorted(f.port for f in reconciled.findings if f.kind == "unexpected_service")
    assert unexpected == [21, 23]
    assert reconciled.counts.unknown_hosts == 1


def test_a_slash_24_with_down_hosts_keeps_only_the_four_up(nmap_dir):
    result = parse(nmap_dir, "full_sudo6.xml")

    meta = result.meta
    assert (meta.hosts_up, meta.hosts_down, meta.hosts_total) == (4, 252, 256)
    assert (len(result.hosts), result.down_hosts_listed) == (4, 252)
    assert open_ports(result) == {
        "192.168.1.1": [23, 80, 443, 992, 8080, 8443],
        "192.168.1.2": [62078],
        "192.168.1.5": [2869, 5357],
        "192.168.1.3": [88, 3389, 5900],
    }
    assert result.hosts[0].addresses[1].vendor == "Sagemcom"
    assert result.open_port_count == 12


def test_down_hosts_are_kept_when_asked(nmap_dir):
    result = nmap_xml_parse(nmap_dir / "full_sudo6.xml", keep_all_hosts=True)

    assert len(result.hosts) == 256 and len(result.up_hosts) == 4


def test_an_os_scan_of_a_slash_24_has_three_hosts_and_eleven_open_ports(nmap_dir):
    result = parse(nmap_dir, "os_scan6.xml")

    assert (result.meta.hosts_up, result.meta.hosts_down) == (3, 253)
    assert result.open_port_count == 11
    assert [len(h.os_matches) for h in result.hosts] == [1, 5, 2]


def test_runstats_counts_are_kept_even_when_fewer_hosts_are_listed(nmap_dir):
    result = parse(nmap_dir, "scan_base.xml")

    (host,) = result.hosts
    assert result.meta.hosts_up == 8
    assert [(p.portid, p.state) for p in host.ports] == [(80, "open"), (443, "closed")]
    assert len(host.os_matches) == 10 and result.meta.elapsed is None
    assert host.hostnames[0].name == "freshmeat.net"


def test_a_host_whose_address_is_not_an_ip_is_kept_as_written(nmap_dir):
    result = parse(nmap_dir, "test_osclass.xml")

    (host,) = result.hosts
    assert host.addresses[0].addr == "IP"
    assert host.ip_addresses == () and host.primary_address == "IP"
    assert [p.portid for p in host.open_ports] == [22, 53, 80, 631, 3306, 8000, 9418]
    assert host.os_matches[0].classes[0].cpes == ("cpe:/o:linux:linux_kernel:3",)


def test_an_interrupted_scan_is_refused_at_its_last_line(nmap_dir):
    path = nmap_dir / "1_hosts_incomplete.xml"

    with pytest.raises(NmapXmlError) as error:
        nmap_xml_parse(path)

    assert str(error.value) == (
        f"{path}: line 29, column 0: not well-formed XML (no element found: the document "
        "ends before </nmaprun>, the scan was interrupted)"
    )


def test_an_xxe_probe_is_refused_without_reading_the_referenced_file(nmap_dir):
    path = nmap_dir / "defused_et_local_includer.xml"

    with pytest.raises(NmapXmlError) as error:
        nmap_xml_parse(path)

    assert error.value.file == str(path)
    assert error.value.place == "line 3"
    assert "entity declaration 'ee'" in error.value.problem
    assert "XXE" in error.value.problem


def test_an_error_output_without_host_counts_is_refused_with_nmaps_message(nmap_dir):
    path = nmap_dir / "scan_error_resolving_name.xml"

    with pytest.raises(NmapXmlError) as error:
        nmap_xml_parse(path)

    assert str(error.value) == (
        f"{path}: /nmaprun/runstats/hosts: missing element; "
        "nmap reported: Error resolving name localhost"
    )


def test_a_fake_output_without_status_or_runstats_is_refused_at_its_first_bad_host(nmap_dir):
    path = nmap_dir / "scan_invalid_services.xml"

    with pytest.raises(NmapXmlError) as error:
        nmap_xml_parse(path)

    assert str(error.value) == f"{path}: line 3: <host> has no <status> element"


@pytest.mark.parametrize("name", ["scan_error_resolving_name.xml", "scan_invalid_services.xml"])
def test_python_nmap_crashes_on_the_error_outputs_the_safe_parser_refuses(nmap_dir, name):
    nmap = pytest.importorskip("nmap")

    with pytest.raises(AttributeError, match="NoneType"):
        nmap.PortScanner.__new__(nmap.PortScanner).analyse_nmap_xml_scan(
            (nmap_dir / name).read_text()
        )
