"""Classification records: the command, the wizard service, legal entities and the API."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bollwerk.models import AuditEvent, Role
from compliance.models import ClassificationRecord, LegalEntity
from compliance.selectors import applicable_duty_ids, classification_current
from compliance.services.classification import classification_compute, legal_entity_default
from compliance.services.wizard import wizard_step_save
from tests.compliance.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db


def command_json(*args) -> dict:
    out, saved = StringIO(), sys.stdout
    sys.stdout = out
    try:
        call_command(*args)
    finally:
        sys.stdout = saved
    (line,) = out.getvalue().strip().splitlines()
    return json.loads(line)


def test_classify_entity_json_has_the_contract_keys(utility):
    data = command_json("classify_entity", "--org", utility.slug, "--json")
    assert data["nis2"] == "essential"
    assert data["cer_critical"] is False
    assert isinstance(data["reasons"], list) and data["reasons"]
    assert {"code", "text", "rule"} <= set(data["reasons"][0])
    assert "ENWG-5C" in data["duties"]
    record = classification_current(org=utility)
    assert record.trigger == "command" and record.category == "essential"
    assert AuditEvent.objects.filter(actor_label="command:classify_entity").exists()


def test_classify_entity_names_an_unknown_organization(db):
    with pytest.raises(CommandError, match="unknown organization 'nowhere'"):
        call_command("classify_entity", "--org", "nowhere", "--json")


def test_a_small_utility_is_out_of_scope(org):
    org.sectors = ["drinking_water"]
    org.employees, org.turnover_eur, org.balance_sheet_eur = 20, Decimal("3e6"), Decimal("4e6")
    org.legal_form = "gmbh"
    org.save()
    data = command_json("classify_entity", "--org", org.slug, "--json")
    assert data["nis2"] == "out_of_scope"
    assert applicable_duty_ids(org=org) == (set(data["duties"]), True)


def test_the_wizard_stores_facts_and_inputs_and_classifies(org):
    wizard_step_save(
        org=org,
        step="legal",
        data={"legal_form": "gmbh", "public_ownership_share": Decimal(100), "federal_state": "NI"},
    )
    wizard_step_save(
        org=org,
        step="activities",
        data={
            "activities": ["drinking_water", "waste_management"],
            "exclusions": ["waste_management"],
            "side_activities": [],
        },
    )
    wizard_step_save(
        org=org,
        step="size",
        data={
            "employees": 60,
            "turnover_eur": Decimal("12e6"),
            "balance_sheet_eur": Decimal("9e6"),
        },
    )
    wizard_step_save(
        org=org,
        step="related",
        data=[
            {
                "name": "Holding",
                "share_percent": Decimal(60),
                "relation": "control",
                "employees": 500,
                "turnover_eur": Decimal("90e6"),
                "balance_sheet_eur": Decimal("80e6"),
                "listed_investor": False,
            }
        ],
    )
    wizard_step_save(
        org=org, step="it", data={"it_independent": False, "it_independence_justification": ""}
    )
    records = wizard_step_save(
        org=org, step="kritis", data={"kritis": False, "critical_installation": False}
    )
    org.refresh_from_db()
    assert (org.employees, org.federal_state) == (60, "NI")
    entity = legal_entity_default(org=org)
    assert entity.related.get().name == "Holding"
    assert [a["entity_type"] for a in entity.activities] == ["drinking_water", "waste_management"]
    (record,) = records
    assert record.trigger == "wizard"
    assert record.inputs["figures"]["employees"] == "60"
    assert record.inputs["related"][0]["name"] == "Holding"
    codes = [s["code"] for s in record.result["steps"]]
    assert any("AGGREGAT" in c or "LINKED" in c or "RELATED" in c for c in codes), codes


def test_invalid_related_enterprise_stores_nothing(org):
    with pytest.raises(Exception, match=r"related\[0\]\.share_percent"):
        wizard_step_save(
            org=org, step="related", data=[{"name": "X", "share_percent": Decimal(140)}]
        )
    assert legal_entity_default(org=org).related.count() == 0


def test_each_legal_entity_gets_its_own_record_and_their_duties_unite(utility):
    classification_compute(org=utility)
    grid = LegalEntityFactory(
        organization=utility,
        name="Musterstadt Netz GmbH",
        sectors=["gas"],
        employees=40,
        turnover_eur=Decimal("20e6"),
        balance_sheet_eur=Decimal("30e6"),
        kritis=True,
    )
    record = classification_compute(org=utility, legal_entity=grid)
    assert record.cer_critical is True
    duties, classified = applicable_duty_ids(org=utility)
    assert classified and any(d.startswith("CER-") for d in duties)
    assert "NIS2-23" in duties


def test_the_api_returns_and_recomputes_the_classification(utility, member, api_client_for):
    api = api_client_for(member(Role.SECURITY_OFFICER))
    assert api.get("/api/v1/compliance/classification/").json()["current"] is None
    response = api.post("/api/v1/compliance/classification/")
    assert response.status_code == 200
    assert response.json()["current"]["nis2"] == "essential"
    reader = api_client_for(member(Role.VIEWER))
    assert reader.post("/api/v1/compliance/classification/").status_code == 403
    data = reader.get("/api/v1/compliance/classification/?language=de").json()
    assert data["current"]["category"] == "besonders wichtige Einrichtung"
    assert ClassificationRecord.objects.filter(organization=utility).count() == 1


def test_the_default_entity_cannot_be_edited_through_the_api_in_its_mirrored_facts(
    utility, officer, api_client_for
):
    entity = legal_entity_default(org=utility)
    api = api_client_for(officer)
    response = api.patch(
        f"/api/v1/compliance/legal-entities/{entity.pk}/", {"employees": 3}, format="json"
    )
    assert response.status_code == 400 and "employees" in response.json()
    response = api.patch(
        f"/api/v1/compliance/legal-entities/{entity.pk}/",
        {"critical_installation": True},
        format="json",
    )
    assert response.status_code == 200
    assert ClassificationRecord.objects.filter(legal_entity=entity).count() == 1
    assert LegalEntity.objects.get(pk=entity.pk).critical_installation is True


def test_the_result_page_says_when_the_facts_changed_since_the_record(utility, officer, client_for):
    from bollwerk.services.tenancy import organization_update

    classification_compute(org=utility)
    client = client_for(officer)
    assert "facts-changed" not in client.get("/compliance/classification/").content.decode()
    organization_update(organization=utility, data={"employees": 12})
    page = client.get("/compliance/classification/").content.decode()
    assert "facts-changed" in page
    client.post("/compliance/classification/")
    assert "facts-changed" not in client.get("/compliance/classification/").content.decode()
