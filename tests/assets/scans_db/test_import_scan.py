"""import_scan: the contract's JSON, the corpus, bad files stored nowhere, scope-limited resolution."""

from __future__ import annotations

import json
from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.models import ScanRun
from assets.scans import NmapXmlError, nmap_xml_parse
from bollwerk.checks.models import Finding
from bollwerk.models import AuditEvent
from tests.assets.factories import AssetFactory

from .xml import scan_xml

pytestmark = pytest.mark.django_db
KEYS = {
    "hosts_up",
    "open_ports",
    "unknown_hosts",
    "missing_assets",
    "unexpected_services",
    "findings",
}


def run_import(path, *extra):
    out = StringIO()
    with redirect_stdout(out):
        call_command("import_scan", str(path), "--org", "eigenstadt", "--json", *extra)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_an_unknown_host_becomes_a_finding_and_the_json_has_the_contract_keys(org, tmp_path):
    path = tmp_path / "scan.xml"
    path.write_text(scan_xml([("10.0.0.5", [(23, "telnet")]), ("10.0.0.6", [(443, "https")])]))
    AssetFactory(organization=org, ip_addresses=["10.0.0.6"], lifecycle="in_operation")
    data = run_import(path)
    assert set(data) == KEYS
    assert data["hosts_up"] == 2 and data["open_ports"] == 2
    assert data["unknown_hosts"] == 1 and data["unexpected_services"] == 1
    run = ScanRun.objects.get()
    assert run.source == "import" and len(run.file_sha256) == 64
    assert {h["address"] for h in run.hosts} == {"10.0.0.5", "10.0.0.6"}
    kinds = set(Finding.objects.for_org(org).values_list("kind", flat=True))
    assert {"unknown_host", "unexpected_service"} <= kinds
    assert Finding.objects.filter(source="network_scan").count() == data["findings"]
    [event] = AuditEvent.objects.filter(object_type="assets.scanrun")
    assert event.changes["hosts_up"] == 2 and "hosts" not in event.changes  # a summary only


def _well_formed(path):
    try:
        nmap_xml_parse(path)
    except NmapXmlError:
        return False
    return True


def test_every_well_formed_file_of_the_corpus_imports(org, external_data):
    files = sorted((external_data / "nmap").glob("*.xml"))
    assert files
    imported = 0
    for path in files:
        if _well_formed(path):
            assert set(run_import(path)) == KEYS
            imported += 1
        else:
            with pytest.raises(CommandError, match=path.name):
                run_import(path)
    assert imported >= 8
    assert ScanRun.objects.count() == imported


@pytest.mark.parametrize(
    "content, place",
    [
        (None, "line"),  # truncated
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            "<nmaprun>&e;</nmaprun>",
            "",
        ),
        ('<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap x"></nmaprun>', ""),
    ],
    ids=["truncated", "xxe", "no-runstats"],
)
def test_a_bad_file_exits_with_one_line_naming_it_and_stores_nothing(org, tmp_path, content, place):
    path = tmp_path / "bad.xml"
    if content is None:
        content = scan_xml([("10.0.0.5", [(23, "telnet")])])[:-120]
    path.write_text(content)
    with pytest.raises(CommandError) as info:
        run_import(path)
    message = str(info.value)
    assert "bad.xml" in message and "\n" not in message
    assert place in message
    assert not ScanRun.objects.exists() and not Finding.objects.exists()


def test_an_unknown_scope_is_refused(org, tmp_path):
    path = tmp_path / "scan.xml"
    path.write_text(scan_xml([("10.0.0.5", [(23, "telnet")])]))
    with pytest.raises(CommandError, match="--scope: no scan scope 'nope'"):
        run_import(path, "--scope", "nope")
