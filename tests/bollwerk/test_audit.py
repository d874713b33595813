"""The hash-chained audit trail detects editing and deletion."""

import json

import pytest
from django.core.management import call_command

from bollwerk.models import AuditChain, AuditEvent
from bollwerk.services.audit import Actor, acting_as, audit_record, audit_verify

pytestmark = pytest.mark.django_db


def _events(org, n=5):
    with acting_as(Actor(user_id=None, label="test")):
        return [
            audit_record(
                action="other",
                organization=org,
                object_type="t",
                object_id=i,
                object_repr=f"event {i}",
                changes={"n": i},
            )
            for i in range(n)
        ]


def _verify_json(capsys, org=None):
    args = ["verify_audit_log", "--json"] + (["--org", org.slug] if org else [])
    try:
        call_command(*args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(capsys.readouterr().out)


def test_an_intact_chain_verifies(org, capsys):
    _events(org)
    code, result = _verify_json(capsys, org)
    assert code == 0
    assert result["ok"] is True
    assert result["first_broken"] is None
    assert result["events"] == AuditEvent.objects.filter(organization=org).count()


def test_events_are_chained_per_organization(org, other_org):
    a = _events(org, 2)
    b = _events(other_org, 2)
    assert a[1].prev_hash == a[0].hash
    assert b[1].prev_hash == b[0].hash
    assert {a[0].chain_key, b[0].chain_key} == {f"org:{org.pk}", f"org:{other_org.pk}"}


def test_editing_an_event_in_the_database_breaks_the_chain_at_that_event(org, capsys):
    events = _events(org)
    AuditEvent.objects.filter(pk=events[2].pk).update(object_repr="nothing happened")
    code, result = _verify_json(capsys, org)
    assert code == 1
    assert result["ok"] is False
    assert result["first_broken"]["event_id"] == events[2].pk
    assert "edited" in result["first_broken"]["problem"]


def test_deleting_an_event_breaks_the_chain_at_the_gap(org, capsys):
    events = _events(org)
    seq = events[1].seq
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    code, result = _verify_json(capsys, org)
    assert code == 1
    assert result["first_broken"]["seq"] == seq
    assert "missing" in result["first_broken"]["problem"]


def test_deleting_the_newest_event_is_detected_by_the_chain_head(org):
    events = _events(org)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    report = audit_verify(organization=org)
    assert report.ok is False
    assert "chain head" in report.first_broken["problem"]


def test_recomputing_a_forged_hash_is_still_caught_by_the_successor(org):
    events = _events(org)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.object_repr = "forged"
    from bollwerk.services.audit import _content, event_digest

    forged.hash = event_digest(prev_hash=forged.prev_hash, fields=_content(forged))
    forged.save()
    report = audit_verify(organization=org)
    assert report.ok is False
    assert report.first_broken["seq"] == events[2].seq


def test_verify_audit_log_without_json_names_the_broken_event_on_stderr(org, capsys):
    events = _events(org)
    AuditEvent.objects.filter(pk=events[0].pk).update(action="login")
    with pytest.raises(SystemExit) as exc:
        call_command("verify_audit_log")
    assert exc.value.code == 1
    assert f"org:{org.pk} event #{events[0].seq}" in capsys.readouterr().err


def test_an_audit_event_is_attributed_to_the_current_actor(org):
    with acting_as(Actor(user_id=None, label="command:test", ip="127.0.0.1")):
        event = audit_record(action="other", organization=org)
    assert event.actor_label == "command:test"
    assert event.ip_address == "127.0.0.1"
    assert AuditChain.objects.get(key=f"org:{org.pk}").last_hash == event.hash


def test_deleting_an_object_records_one_event_that_counts_the_rows_deleted_with_it(org):
    from tests.assets.factories import SbomComponentFactory, SbomFactory

    sbom = SbomFactory(organization=org)
    SbomComponentFactory.create_batch(40, organization=org, sbom=sbom)
    product = sbom.product
    before = AuditEvent.objects.filter(organization=org).count()
    product.delete()
    [event] = AuditEvent.objects.filter(organization=org).order_by("seq")[before:]
    assert event.action == AuditEvent.Action.DELETE
    assert event.object_type == "assets.product" and event.object_repr == str(product)
    assert event.changes["deleted_with_it"] == {"assets.sbom": 1, "assets.sbomcomponent": 40}
    assert event.changes["before"]["name"] == product.name


def test_a_queryset_delete_still_records_every_row(org):
    from assets.models import Supplier
    from tests.assets.factories import SupplierFactory

    SupplierFactory.create_batch(3, organization=org)
    before = AuditEvent.objects.filter(organization=org).count()
    Supplier.objects.for_org(org).delete()
    events = AuditEvent.objects.filter(organization=org).order_by("seq")[before:]
    assert [e.action for e in events] == [AuditEvent.Action.DELETE] * 3
