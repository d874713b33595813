"""0007_decision_report_ref: the decision's FK to its report becomes a plain reference, both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("assets", "0006_matching")]
AFTER = [("assets", "0007_decision_report_ref")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    """The schema before 0007; the latest one again afterwards."""
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def _decision_with_report(apps, slug: str, with_report: bool = True):
    org = apps.get_model("bollwerk", "Organization").objects.create(
        name=slug, slug=slug, pseudonym_secret="s" * 64
    )
    supplier = apps.get_model("assets", "Supplier").objects.create(organization=org, name="Vendor")
    product = apps.get_model("assets", "Product").objects.create(
        organization=org, supplier=supplier, name="RTU", version="1"
    )
    offer = apps.get_model("assets", "Offer").objects.create(
        organization=org, supplier=supplier, product=product, offered_on=dt.date(2026, 1, 5)
    )
    Decision = apps.get_model("assets", "Decision")
    report = None
    if with_report:
        report = Decision._meta.get_field("report").related_model.objects.create(
            organization=org,
            report_type="supply_chain",
            audience="internal",
            status="done",
            sha256="ab" * 32,
        )
    decision = Decision.objects.create(
        organization=org, offer=offer, outcome="reject", report=report
    )
    return decision, report


def test_it_copies_the_report_id_and_hash_and_restores_the_link_on_the_way_back(old_schema):
    decision, report = _decision_with_report(old_schema, "mig-a")
    undecided, _ = _decision_with_report(old_schema, "mig-b", with_report=False)

    Decision = _migrate(AFTER).get_model("assets", "Decision")
    moved = Decision.objects.get(pk=decision.pk)
    assert (moved.report_public_id, moved.report_sha256) == (report.public_id, "ab" * 32)
    untouched = Decision.objects.get(pk=undecided.pk)
    assert (untouched.report_public_id, untouched.report_sha256) == (None, "")
    assert "report" not in {f.name for f in Decision._meta.get_fields()}

    Decision = _migrate(BEFORE).get_model("assets", "Decision")
    assert Decision.objects.get(pk=decision.pk).report_id == report.pk
    assert Decision.objects.get(pk=undecided.pk).report_id is None
