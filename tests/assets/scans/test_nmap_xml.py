"""The safe nmap XML parser on made-up documents: shapes, refusals and hostile input."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assets.scans.errors import NmapXmlError
from assets.scans.nmap_xml import nmap_xml_parse
from tests.assets.scans.nmapxml import document, host, port

GOOD = document(
    host(
        "10.0.0.5",
        port(22, name="ssh", product="OpenSSH", version="9.2", method="probed"),
        port(502, name="mbap", method="table"),
        port(23, state="closed"),
    ),
    host("10.0.0.6", port(80)),
)


def refusal(data: bytes) -> NmapXmlError:
    with pytest.raises(NmapXmlError) as error:
        nmap_xml_parse(data, name="upload.xml")
    return error.value


def test_it_parses_bytes_into_hosts_ports_and_services():
    result = nmap_xml_parse(GOOD)

    first, second = result.hosts
    assert [(p.portid, p.state) for p in first.ports] == [
        (22, "open"),
        (502, "open"),
        (23, "closed"),
    ]
    assert first.ports[0].service.product == "OpenSSH" and first.ports[0].service.probed
    assert not first.ports[1].service.probed
    assert second.primary_address == "10.0.0.6"
    assert result.open_port_count == 3


def test_it_reads_run_metadata_as_utc_times():
    meta = nmap_xml_parse(GOOD).meta

    assert meta.start == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert meta.end == datetime(2023, 11, 14, 22, 15, tzinfo=UTC)
    assert (meta.version, meta.exit, meta.scan_types) == ("7.93", "success", ("connect",))
    assert (meta.hosts_up, meta.hosts_down, meta.hosts_total) == (2, 0, 2)


def test_it_reads_a_path_and_a_stream_alike(tmp_path):
    path = tmp_path / "scan.xml"
    path.write_bytes(GOOD)

    from_path = nmap_xml_parse(path)
    from_stream = nmap_xml_parse(io.BytesIO(GOOD), name="stream")

    assert from_path.hosts == from_stream.hosts
    assert from_path.source == str(path) and from_stream.source == "stream"


def test_a_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "nope.xml"

    with pytest.raises(NmapXmlError, match=r"nope\.xml: cannot be read \(No such file"):
        nmap_xml_parse(missing)


def test_a_document_cut_in_the_middle_names_the_line():
    cut = GOOD[: GOOD.index(b"<port protocol", 400) + 9]

    error = refusal(cut)

    assert error.file == "upload.xml"
    assert error.place.startswith("line 5, column")
    assert error.problem.startswith("not well-formed XML")


def test_an_empty_document_is_refused():
    assert refusal(b"").problem.startswith("not well-formed XML (no element found")


def test_a_billion_laughs_document_is_refused_before_any_expansion():
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE nmaprun [\n <!ENTITY lol "lol">\n'
        b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        b"<nmaprun>&lol2;</nmaprun>"
    )

    error = refusal(bomb)

    assert error.place == "line 3"
    assert "entity declaration 'lol' refused" in error.problem


def test_an_external_dtd_is_never_fetched():
    external = (
        b'<?xml version="1.0"?>\n<!DOCTYPE nmaprun SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
        b'<nmaprun scanner="nmap"><runstats><hosts up="0" down="0" total="0"/></runstats>'
        b"</nmaprun>"
    )

    result = nmap_xml_parse(external)

    assert result.hosts == ()


def test_an_undeclared_entity_reference_is_not_well_formed():
    error = refusal(b"<nmaprun>&ee;</nmaprun>")

    assert error.place == "line 1, column 9"
    assert "undefined entity" in error.problem


def test_another_root_element_is_refused():
    error = refusal(b'<?xml version="1.0"?>\n<root/>')

    assert (error.place, error.problem) == (
        "line 2",
        "the root element is <root>, not <nmaprun>: this is not an nmap XML output",
    )


def test_a_port_without_protocol_is_refused_at_its_line():
    bad = GOOD.replace(b'<port protocol="tcp" portid="502">', b'<port portid="502">')

    error = refusal(bad)

    assert error.place == "line 5"
    assert error.problem == "<port> lacks the required attribute 'protocol'"


@pytest.mark.parametrize(
    ("portid", "problem"),
    [("abc", "<port portid='abc'> is not a whole number"), ("70000", "outside 0-65535")],
)
def test_a_bad_port_number_is_refused(portid, problem):
    bad = GOOD.replace(b'portid="502"', f'portid="{portid}"'.encode())

    assert problem in refusal(bad).problem


def test_a_scan_without_runstats_is_refused_naming_the_missing_element():
    cut = GOOD[: GOOD.index(b"<runstats>")] + b"</nmaprun>"

    error = refusal(cut)

    assert (error.place, error.problem) == (
        "/nmaprun/runstats",
        "missing element: the scan did not finish (interrupted or failed)",
    )


def test_a_run_that_nmap_marks_as_failed_is_refused_with_its_message():
    failed = GOOD.replace(b'exit="success"', b'exit="error" errormsg="Failed to open device"')

    error = refusal(failed)

    assert error.problem == "nmap reported an error: Failed to open device"


def test_down_hosts_are_counted_but_not_kept_by_default():
    data = document(
        host("10.0.0.1", port(22)), host("10.0.0.2", state="down", reason="no-response")
    )

    result = nmap_xml_parse(data)

    assert [h.primary_address for h in result.hosts] == ["10.0.0.1"]
    assert result.down_hosts_listed == 1


def test_a_user_set_host_without_answers_did_not_respond_and_is_only_counted():
    data = document(
        host("10.0.0.1", port(22, state="filtered"), reason="user-set"),
        host("10.0.0.2", port(22, state="closed"), reason="user-set"),
    )

    result = nmap_xml_parse(data)
    first, second = nmap_xml_parse(data, keep_all_hosts=True).hosts

    assert [h.primary_address for h in result.hosts] == ["10.0.0.2"]
    assert result.silent_hosts_listed == 1
    assert first.is_up and not first.responded
    assert second.responded


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(GOOD) - 12))
def test_any_truncation_is_refused_with_an_nmap_xml_error_and_nothing_else(cut):
    with pytest.raises(NmapXmlError):
        nmap_xml_parse(GOOD[:cut])


@settings(max_examples=150, deadline=None)
@given(noise=st.binary(max_size=200))
def test_random_bytes_are_refused_with_an_nmap_xml_error_and_nothing_else(noise):
    with pytest.raises(NmapXmlError):
        nmap_xml_parse(noise)


def test_ipv6_and_mac_addresses_are_normalised_for_matching():
    data = document(host("10.0.0.1", port(22), mac="00-1b-1b-aa-bb-cc")).replace(
        b'addr="10.0.0.1" addrtype="ipv4"', b'addr="2001:DB8::0001" addrtype="ipv6"'
    )

    (parsed,) = nmap_xml_parse(data).hosts

    assert parsed.ip_addresses == ("2001:db8::1",)
    assert parsed.mac_addresses == ("00:1B:1B:AA:BB:CC",)
    assert parsed.addresses[0].addr == "2001:DB8::0001"
