"""Incident services: validation, atomicity, audit of affected objects, the people proposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from bollwerk.models import AuditEvent
from compliance.incidents.models import Incident, ReportSubmission, SignificanceDecision
from compliance.incidents.people import affected_people_propose
from compliance.incidents.services import (
    followup_toggle,
    incident_save,
    significance_decide,
    submission_record,
)
from tests.assets.factories import AssetFactory, DependencyFactory, LinkFactory, ServiceFactory
from tests.compliance.incidents.factories import FollowUpActionFactory, IncidentFactory

from .conftest import berlin, new_incident

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_the_proposal_weights_each_service_by_the_share_of_its_assets_affected(org):
    grid = ServiceFactory(organization=org, population_served=100_000)
    scada, rtu, firewall, spare = (AssetFactory(organization=org) for _ in range(4))
    DependencyFactory(organization=org, service=grid, asset=scada)
    LinkFactory(organization=org, source=scada, target=rtu)  # reached through a link
    LinkFactory(organization=org, source=scada, target=firewall)
    water = ServiceFactory(organization=org, population_served=None, customers_served=20_000)
    proposal = affected_people_propose(services=[grid, water], asset_ids={rtu.pk, spare.pk})
    grid_share, water_share = proposal.services
    assert (grid_share.affected_assets, grid_share.total_assets) == (1, 3)
    assert water_share.share == 1  # no asset of the water service named: the whole service
    assert proposal.people == round(100_000 / 3) + 20_000
    assert proposal.share_percent == Decimal("44.44")


def test_decommissioned_assets_do_not_count_towards_a_service(org):
    service = ServiceFactory(organization=org, population_served=1_000)
    live = AssetFactory(organization=org)
    retired = AssetFactory(organization=org, lifecycle="decommissioned")
    DependencyFactory(organization=org, service=service, asset=live)
    DependencyFactory(organization=org, service=service, asset=retired)
    proposal = affected_people_propose(services=[service], asset_ids={live.pk})
    assert proposal.services[0].total_assets == 1
    assert proposal.people == 1_000


def test_another_organizations_service_is_refused_and_nothing_is_stored(org, other_org):
    foreign = ServiceFactory(organization=other_org)
    incident = Incident(title="x", category="cyber", detected_at=berlin(2026, 6, 1, 9, 0))
    with pytest.raises(ValidationError) as error:
        incident_save(org=org, instance=incident, services=[foreign])
    assert "services" in error.value.message_dict
    assert not Incident.objects.exists()


def test_awareness_before_detection_is_refused_naming_the_field(org):
    incident = Incident(
        title="x", category="cyber", detected_at=berlin(2026, 6, 1, 9, 0),
        aware_at=berlin(2026, 6, 1, 8, 0),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        incident_save(org=org, instance=incident)
    assert "aware_at" in error.value.message_dict


def test_changing_the_affected_services_is_recorded_in_the_audit_trail(org):
    service = ServiceFactory(organization=org)
    incident = new_incident(org, berlin(2026, 6, 1, 9, 0))
    incident_save(org=org, instance=incident, services=[service])
    event = AuditEvent.objects.filter(object_type="compliance.incident").latest("id")
    assert event.changes == {"services": {"before": [], "after": [service.pk]}}


@time_machine.travel(berlin(2026, 6, 2, 12, 0), tick=False)
def test_reaching_resolved_stamps_containment_and_resolution_times_once(org):
    incident = new_incident(org, berlin(2026, 6, 1, 9, 0))
    incident.status = Incident.Status.RESOLVED
    incident_save(org=org, instance=incident)
    incident.refresh_from_db()
    assert incident.contained_at == incident.resolved_at == berlin(2026, 6, 2, 12, 0)


def test_a_decision_needs_reasons_and_decisions_cannot_be_edited(org):
    incident = IncidentFactory(organization=org)
    with pytest.raises(ValidationError):
        significance_decide(incident=incident, regime="nis2", significant=True, reasons=" ")
    decision = significance_decide(incident=incident, regime="nis2", significant=True,
                                   reasons="Outage")  # fmt: skip
    decision.significant = False
    with pytest.raises(ValidationError):
        decision.save()
    assert SignificanceDecision.objects.get().significant is True


@time_machine.travel(berlin(2026, 6, 10, 12, 0), tick=False)
def test_a_submission_in_the_future_or_before_awareness_is_refused(org):
    incident = IncidentFactory(organization=org, aware_at=berlin(2026, 6, 10, 9, 0))
    with pytest.raises(ValidationError) as future:
        submission_record(incident=incident, stage="early_warning",
                          submitted_at=berlin(2026, 6, 10, 13, 0))  # fmt: skip
    with pytest.raises(ValidationError) as early:
        submission_record(incident=incident, stage="early_warning",
                          submitted_at=berlin(2026, 6, 10, 8, 0))  # fmt: skip
    assert (
        "submitted_at" in future.value.message_dict and "submitted_at" in early.value.message_dict
    )
    assert not ReportSubmission.objects.exists()


@time_machine.travel(berlin(2026, 6, 10, 12, 0), tick=False)
def test_the_same_report_cannot_be_recorded_twice(org):
    incident = IncidentFactory(organization=org, aware_at=berlin(2026, 6, 10, 9, 0))
    submission_record(
        incident=incident, stage="early_warning", submitted_at=berlin(2026, 6, 10, 10, 0)
    )
    with pytest.raises(ValidationError, match="recorded already"):
        submission_record(incident=incident, stage="early_warning",
                          submitted_at=berlin(2026, 6, 10, 11, 0))  # fmt: skip


def test_reports_cannot_be_recorded_before_the_awareness_time_is_set(org):
    incident = IncidentFactory(organization=org, aware_at=None)
    with pytest.raises(ValidationError, match="awareness"):
        submission_record(incident=incident, stage="early_warning",
                          submitted_at=berlin(2026, 6, 10, 10, 0))  # fmt: skip


@time_machine.travel(berlin(2026, 7, 1, 8, 0), tick=False)
def test_toggling_a_follow_up_action_stamps_and_clears_the_done_time(org):
    action = FollowUpActionFactory(organization=org)
    followup_toggle(action=action)
    assert action.done and action.done_at == berlin(2026, 7, 1, 8, 0)
    followup_toggle(action=action)
    assert not action.done and action.done_at is None


def test_indicators_with_an_unknown_type_are_refused(org):
    incident = Incident(title="x", category="cyber", detected_at=berlin(2026, 6, 1, 9, 0),
                        indicators=[{"type": "email", "value": "a@b.c"}])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        incident_save(org=org, instance=incident)
    assert "indicators" in error.value.message_dict


@time_machine.travel(berlin(2026, 6, 10, 10, 0), tick=False)
def test_the_refresh_task_follows_a_change_of_the_organizations_kritis_designation(utility):
    from compliance.incidents.tasks import refresh_incident_clocks_task

    org = utility(["drinking_water"])
    incident = new_incident(org, berlin(2026, 6, 10, 9, 0))
    significance_decide(incident=incident, regime="nis2", significant=False, reasons="minor")
    incident.refresh_from_db()
    assert incident.next_due_at is None
    org.kritis = True  # now a critical entity: the undecided CER clock runs
    org.save()
    assert refresh_incident_clocks_task.apply(args=[org.pk]).get() == 1
    incident.refresh_from_db()
    assert incident.next_due_at == berlin(2026, 6, 11, 9, 0)
