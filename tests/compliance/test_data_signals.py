"""The signals computed from inventory, SBOMs, findings and incidents."""

import datetime as dt

import pytest
from django.utils import timezone

from bollwerk.checks.models import CheckRun, Finding
from compliance.signals_registry import signal_compute
from tests.assets.factories import AssetFactory, ProductFactory, SiteFactory, ZoneFactory
from tests.bollwerk.factories import FindingFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def test_every_data_signal_says_no_data_for_an_empty_organization(org):
    for signal in (
        "inv_completeness",
        "sbom_coverage",
        "vuln_open_crit",
        "scan_recon",
        "incident_deadlines",
    ):
        value = signal_compute(org=org, signal_id=signal, today=TODAY)
        assert value.passed is None, signal


def test_inventory_completeness_counts_assets_missing_a_required_field(org):
    complete = {
        "organization": org, "zone": ZoneFactory(organization=org),
        "site": SiteFactory(organization=org), "owner": "Netzleitstelle", "vendor": "Siemens",
        "version": "V2.9", "lifecycle": "in_operation",
    }  # fmt: skip
    for _ in range(3):
        AssetFactory(**complete)
    gap = AssetFactory(**{**complete, "owner": ""})
    value = signal_compute(org=org, signal_id="inv_completeness", today=TODAY)
    assert value.value == pytest.approx(3 / 4)
    assert value.passed is False
    assert [o.label for o in value.objects] == [gap.name]


def test_sbom_coverage_lists_products_without_a_current_sbom(org):
    product = ProductFactory(organization=org)
    AssetFactory(
        organization=org, product=product, supplier=product.supplier, lifecycle="in_operation"
    )
    value = signal_compute(org=org, signal_id="sbom_coverage", today=TODAY)
    assert value.value == 0 and value.passed is False
    assert [o.label for o in value.objects] == [str(product)]


def test_critical_vulnerabilities_past_their_due_date_fail_the_signal(org):
    FindingFactory(
        organization=org,
        source="vulnerability",
        severity="critical",
        due_date=TODAY - dt.timedelta(days=1),
    )
    FindingFactory(
        organization=org,
        source="vulnerability",
        severity="critical",
        due_date=TODAY + dt.timedelta(days=5),
    )
    value = signal_compute(org=org, signal_id="vuln_open_crit", today=TODAY)
    assert (value.value, value.passed) == (1, False)


def test_scan_reconciliation_needs_a_recent_scan_and_no_unknown_hosts(org):
    CheckRun.objects.create(
        organization=org,
        check_name="network_scan",
        status="succeeded",
        trigger="manual",
        finished_at=timezone.now(),
    )
    assert (
        signal_compute(org=org, signal_id="scan_recon", today=timezone.localdate()).passed is True
    )
    FindingFactory(organization=org, source="network_scan", kind="unknown_host")
    value = signal_compute(org=org, signal_id="scan_recon", today=timezone.localdate())
    assert (value.value, value.passed) == (1, False)
    assert Finding.objects.count() == 1
