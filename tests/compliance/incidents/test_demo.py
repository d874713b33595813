"""seed_demo: one resolved incident (all reports sent, one late) and one open incident with clocks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from bollwerk.models import Membership, Organization, Role
from compliance.clocks import Stage, State
from compliance.incidents import selectors
from compliance.incidents.models import Incident
from compliance.incidents.presenters import clocks_panel_rows
from tests.conftest import verify_client

from .conftest import berlin

pytestmark = pytest.mark.django_db
SEEDED = berlin(2026, 11, 27, 10, 0)


@pytest.fixture
def demo(capsys):
    with time_machine.travel(SEEDED, tick=False):
        call_command("seed_demo", "--org", "demo-inc", "--assets", "40", "--components", "0",
                     "--json")  # fmt: skip
    counts = json.loads(capsys.readouterr().out)
    return Organization.objects.get(slug="demo-inc"), counts


def states(incident) -> dict:
    loaded = selectors.incident_get(org=incident.organization, pk=incident.pk)
    return {o.stage: o.state for o in selectors.incident_reporting(incident=loaded).obligations}


@time_machine.travel(SEEDED + dt.timedelta(minutes=5), tick=False)
def test_the_demo_has_one_resolved_and_one_open_incident(demo):
    org, counts = demo
    assert counts["incidents"] == 2
    closed = Incident.objects.for_org(org).get(status=Incident.Status.CLOSED)
    running = Incident.objects.for_org(org).exclude(status=Incident.Status.CLOSED).get()
    closed_states = states(closed)
    assert State.SUBMITTED_LATE in closed_states.values()
    assert set(closed_states.values()) <= {State.SUBMITTED_ON_TIME, State.SUBMITTED_LATE}
    assert running.aware_at == SEEDED - dt.timedelta(hours=10)
    running_states = states(running)
    assert running_states[Stage.EARLY_WARNING] is State.SUBMITTED_ON_TIME
    assert running_states[Stage.NOTIFICATION] is State.DUE
    assert running.services.filter(name="Stromverteilnetz Musterstadt").exists()


@time_machine.travel(SEEDED + dt.timedelta(minutes=5), tick=False)
def test_the_clocks_panel_shows_the_open_incidents_clocks(demo, client):
    org, _counts = demo
    running = Incident.objects.for_org(org).exclude(status=Incident.Status.CLOSED).get()
    rows = clocks_panel_rows(org=org, now=SEEDED + dt.timedelta(minutes=5))
    assert [(r["incident"].pk, r["obligation"].stage) for r in rows] == [
        (running.pk, Stage.NOTIFICATION)
    ]
    officer = Membership.objects.get(organization=org, role=Role.SECURITY_OFFICER).user
    page = verify_client(client, officer).get(reverse("compliance:incident-clocks"))
    text = page.content.decode()
    assert running.title in text
    assert "2 d 13:55:00" in text  # 62 h minus the 5 minutes since seeding
