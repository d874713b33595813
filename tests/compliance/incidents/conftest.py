"""Organizations with the facts classification needs, and a helper to read an incident's clocks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compliance.clocks import BERLIN, Stage
from compliance.incidents import selectors
from compliance.incidents.models import Incident
from compliance.incidents.services import incident_save


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def utility(org):
    """``utility(sectors, kritis=False)`` → ``org`` with the size of a mid-sized Stadtwerk."""

    def make(sectors=("drinking_water",), kritis=False, federal_state="Niedersachsen"):
        org.sectors = list(sectors)
        org.kritis = kritis
        org.employees = 240
        org.turnover_eur = Decimal("78000000")
        org.balance_sheet_eur = Decimal("112000000")
        org.legal_form = "gmbh"
        org.federal_state = federal_state
        org.save()
        return org

    return make


def new_incident(org, aware_at, *, services=(), assets=(), **fields) -> Incident:
    """An incident saved through the service (clocks refreshed)."""
    fields.setdefault("title", "Störung")
    fields.setdefault("category", Incident.Category.CYBER)
    fields.setdefault("detected_at", aware_at)
    incident = Incident(aware_at=aware_at, **fields)
    return incident_save(org=org, instance=incident, services=list(services), assets=list(assets))


def clocks(incident: Incident, now: dt.datetime | None = None) -> dict:
    """Stage → Obligation, read the way the pages read it (fresh from the database)."""
    loaded = selectors.incident_get(org=incident.organization, pk=incident.pk)
    result = selectors.incident_reporting(incident=loaded, now=now)
    return {Stage(o.stage): o for o in result.obligations}
