"""The network_scan check with the real nmap on loopback; resolution limited to scanned networks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assets.models import ScanRun, ScanScope
from assets.scans import nmap_xml_parse
from assets.services.scans import scan_reconcile_store, scan_scope_save
from bollwerk.checks import services
from bollwerk.checks.models import CheckRun, Finding
from tests.assets.factories import AssetFactory

from .xml import scan_xml

pytestmark = pytest.mark.django_db


def scan_now(org, trigger="manual"):
    return services.check_run_now(organization=org, check_name="network_scan", trigger=trigger)


def open_findings(org):
    return Finding.objects.for_org(org).filter(source="network_scan").exclude(status="resolved")


def test_a_scope_outside_the_allowed_networks_is_refused_and_not_saved(org):
    scope = ScanScope(organization=org, name="office", networks=["10.1.0.0/24"])
    with pytest.raises(ValidationError, match=r"10\.1\.0\.0/24"):
        scan_scope_save(scope=scope)
    assert not ScanScope.objects.exists()


def test_a_bad_maintenance_window_is_refused(org):
    scope = ScanScope(
        organization=org, name="lab", networks=["127.0.0.1/32"], maintenance_windows=["Mon 25:00"]
    )
    with pytest.raises(ValidationError, match="maintenance window"):
        scan_scope_save(scope=scope)


def test_the_check_finds_the_listener_then_resolves_it_once_the_asset_exists(
    org, listener, nmap_binary
):
    scan_scope_save(
        scope=ScanScope(organization=org, name="lab", networks=["127.0.0.1/32"], ports=[listener])
    )
    run = scan_now(org)
    assert run.status == CheckRun.Status.SUCCEEDED, run.error
    [finding] = open_findings(org)
    assert finding.kind == "unknown_host" and finding.details["address"] == "127.0.0.1"
    stored = ScanRun.objects.get(check_run=run)
    assert stored.hosts_up == 1
    assert stored.hosts[0]["ports"][0]["port"] == listener
    assert run.counts["hosts_up"] == 1

    AssetFactory(organization=org, ip_addresses=["127.0.0.1"], lifecycle="in_operation")
    second = scan_now(org)
    assert second.status == CheckRun.Status.SUCCEEDED, second.error
    finding.refresh_from_db()
    assert finding.status == Finding.Status.RESOLVED and finding.resolved_by_run == second
    assert not open_findings(org).exists()


def test_a_scheduled_run_outside_the_window_skips_the_scope(org, listener, nmap_binary):
    scan_scope_save(
        scope=ScanScope(
            organization=org,
            name="lab",
            networks=["127.0.0.1/32"],
            ports=[listener],
            maintenance_windows=["Sun 03:00-03:01"],
        )
    )
    import time_machine

    with time_machine.travel("2026-11-25 12:00 +01:00", tick=True):
        run = scan_now(org, trigger="schedule")
    assert run.status == CheckRun.Status.SUCCEEDED
    assert run.counts["scopes_skipped"] == 1 and not ScanRun.objects.exists()


def test_a_scan_of_one_scope_does_not_resolve_another_scopes_findings(org):
    a = scan_scope_save(scope=ScanScope(organization=org, name="a", networks=["127.0.1.0/24"]))
    b = scan_scope_save(scope=ScanScope(organization=org, name="b", networks=["127.0.2.0/24"]))
    for scope, ip in ((a, "127.0.1.5"), (b, "127.0.2.5")):
        result = nmap_xml_parse(scan_xml([(ip, [(22, "ssh")])]).encode())
        scan_reconcile_store(org=org, result=result, scope=scope, source="scan")
    assert open_findings(org).count() == 2
    empty = nmap_xml_parse(scan_xml([]).encode())
    run = scan_reconcile_store(org=org, result=empty, scope=a, source="scan")
    assert [f.details["address"] for f in open_findings(org)] == ["127.0.2.5"]
    assert run.counts["hosts_up"] == 0


def test_the_previous_run_of_the_scope_gives_new_service_findings(org):
    scope = scan_scope_save(scope=ScanScope(organization=org, name="a", networks=["127.0.1.0/24"]))
    AssetFactory(organization=org, ip_addresses=["127.0.1.5"], lifecycle="in_operation")
    first = nmap_xml_parse(scan_xml([("127.0.1.5", [(22, "ssh")])]).encode())
    scan_reconcile_store(org=org, result=first, scope=scope, source="scan")
    assert not open_findings(org).exists()
    second = nmap_xml_parse(scan_xml([("127.0.1.5", [(22, "ssh"), (8080, "http")])]).encode())
    run = scan_reconcile_store(org=org, result=second, scope=scope, source="scan")
    assert list(open_findings(org).values_list("kind", flat=True)) == ["new_service"]
    assert len(run.services) == 2
