"""Legal entities in the UI and the API: officer writes, others read, each entity classified."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bollwerk.models import Role
from compliance.models import ClassificationRecord, LegalEntity
from compliance.selectors import applicable_duty_ids
from compliance.services.classification import classification_compute, legal_entity_default
from tests.compliance.factories import LegalEntityFactory

pytestmark = pytest.mark.django_db

GRID = {
    "name": "Musterstadt Netz GmbH",
    "legal_form": "gmbh",
    "sectors": ["gas"],
    "employees": "40",
    "turnover_eur": "20000000",
    "balance_sheet_eur": "30000000",
    "kritis": "on",
    "related-TOTAL_FORMS": "0",
    "related-INITIAL_FORMS": "0",
}


def related_row(index: int, **values) -> dict:
    """One filled row of the related-enterprise table (and a table of that many rows)."""
    row = {f"related-{index}-{k}": v for k, v in values.items()}
    return {**row, "related-TOTAL_FORMS": str(index + 1)}


def test_the_officer_creates_an_entity_which_is_classified_and_adds_its_duties(
    utility, officer, client_for
):
    classification_compute(org=utility)
    before, _ = applicable_duty_ids(org=utility)
    client = client_for(officer)
    response = client.post("/compliance/legal-entities/new/", GRID)
    entity = LegalEntity.objects.get(organization=utility, name="Musterstadt Netz GmbH")
    assert response.status_code == 302
    assert response["Location"] == f"/compliance/legal-entities/{entity.pk}/"
    record = ClassificationRecord.objects.get(legal_entity=entity)
    assert record.cer_critical is True and record.trigger == "legal_entity"
    after, _ = applicable_duty_ids(org=utility)
    assert any(d.startswith("CER-") for d in after - before)
    page = client.get("/compliance/legal-entities/").content.decode()
    assert f'<tr data-entity="{entity.pk}">' in page
    assert f'data-code="{record.category}"' in page


def test_related_enterprises_are_stored_with_the_entity_and_count_in_its_size(
    org, officer, client_for
):
    data = {
        **GRID,
        "kritis": "",
        "employees": "30",
        "turnover_eur": "6000000",
        "balance_sheet_eur": "5000000",
        **related_row(
            0,
            name="Stadtwerke Holding",
            share_percent="100",
            relation="control",
            employees="400",
            turnover_eur="90000000",
            balance_sheet_eur="80000000",
        ),
    }
    data.pop("kritis")
    client_for(officer).post("/compliance/legal-entities/new/", data)
    entity = LegalEntity.objects.get(organization=org, name="Musterstadt Netz GmbH")
    assert list(entity.related.values_list("name", flat=True)) == ["Stadtwerke Holding"]
    record = ClassificationRecord.objects.get(legal_entity=entity)
    assert record.inputs["related"][0]["name"] == "Stadtwerke Holding"
    # 30 staff on their own is small; linked to a 400-staff holding it is not
    assert record.category != "out_of_scope"


def test_invalid_input_stores_nothing_and_names_the_field(org, officer, client_for):
    data = {
        **GRID,
        "it_independent": "on",
        **related_row(0, name="Holding", share_percent="140", relation="auto"),
    }
    response = client_for(officer).post("/compliance/legal-entities/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please justify the independence." in page
    assert not LegalEntity.objects.filter(organization=org, name=GRID["name"]).exists()


def test_editing_an_entity_reclassifies_it(org, officer, client_for):
    entity = LegalEntityFactory(organization=org, sectors=["drinking_water"], employees=20)
    response = client_for(officer).post(
        f"/compliance/legal-entities/{entity.pk}/",
        {**GRID, "name": "Wasser GmbH", "sectors": ["drinking_water"], "employees": "300"},
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert (entity.name, entity.employees) == ("Wasser GmbH", 300)
    assert ClassificationRecord.objects.filter(legal_entity=entity).count() == 1


def test_the_default_entity_form_leaves_out_what_it_mirrors_from_the_organization(
    utility, officer, client_for
):
    entity = legal_entity_default(org=utility)
    client = client_for(officer)
    page = client.get(f"/compliance/legal-entities/{entity.pk}/").content.decode()
    assert 'name="employees"' not in page and 'name="critical_installation"' in page
    response = client.post(
        f"/compliance/legal-entities/{entity.pk}/",
        {
            "employees": "3",
            "critical_installation": "on",
            "related-TOTAL_FORMS": "0",
            "related-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    utility.refresh_from_db()
    entity.refresh_from_db()
    assert utility.employees == 240 and entity.critical_installation is True


def test_readers_see_the_entities_but_only_the_officer_may_write(org, member, client_for):
    entity = LegalEntityFactory(organization=org)
    for role in (Role.VIEWER, Role.AUDITOR, Role.PROCUREMENT):
        client = client_for(member(role))
        assert client.get("/compliance/legal-entities/").status_code == 200
        page = client.get(f"/compliance/legal-entities/{entity.pk}/").content.decode()
        assert "Save and classify" not in page and "Delete legal entity" not in page
        assert client.get("/compliance/legal-entities/new/").status_code == 403
        assert client.post("/compliance/legal-entities/new/", GRID).status_code == 403
        assert client.post(f"/compliance/legal-entities/{entity.pk}/", GRID).status_code == 403
        delete = client.post(f"/compliance/legal-entities/{entity.pk}/delete/")
        assert delete.status_code == 403
    assert list(LegalEntity.objects.filter(organization=org, is_default=False)) == [entity]


def test_deleting_an_entity_drops_its_duties_but_the_default_one_stays(
    utility, officer, client_for
):
    classification_compute(org=utility)
    grid = LegalEntityFactory(organization=utility, sectors=["gas"], kritis=True, employees=40)
    classification_compute(org=utility, legal_entity=grid)
    with_grid, _ = applicable_duty_ids(org=utility)
    client = client_for(officer)
    assert client.post(f"/compliance/legal-entities/{grid.pk}/delete/").status_code == 302
    without, _ = applicable_duty_ids(org=utility)
    assert not LegalEntity.objects.filter(pk=grid.pk).exists()
    assert any(d.startswith("CER-") for d in with_grid - without)
    default = legal_entity_default(org=utility)
    client.post(f"/compliance/legal-entities/{default.pk}/delete/")
    assert LegalEntity.objects.filter(pk=default.pk).exists()


def test_the_list_needs_the_same_queries_for_one_and_for_many_entities(org, officer, client_for):
    client = client_for(officer)
    classification_compute(org=org, legal_entity=LegalEntityFactory(organization=org))
    client.get("/compliance/legal-entities/")
    with CaptureQueriesContext(connection) as one:
        client.get("/compliance/legal-entities/")
    for entity in LegalEntityFactory.create_batch(5, organization=org):
        classification_compute(org=org, legal_entity=entity)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/compliance/legal-entities/").content.decode()
    assert page.count("<tr data-entity=") == 7  # with the default entity
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_pages_read_in_german(org, officer, client_for):
    client = client_for(officer)
    client.cookies["django_language"] = "de"
    page = client.get("/compliance/legal-entities/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Juristische Einheiten" in page and "Neue juristische Einheit" in page


def test_the_api_creates_classifies_and_deletes_entities(utility, officer, api_client_for):
    api = api_client_for(officer)
    response = api.post(
        "/api/v1/compliance/legal-entities/",
        {
            "name": "Musterstadt Netz GmbH",
            "legal_form": "gmbh",
            "sectors": ["gas"],
            "employees": 40,
            "turnover_eur": "20000000",
            "balance_sheet_eur": "30000000",
            "kritis": True,
            "related": [{"name": "Holding", "share_percent": "60", "relation": "control"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    entity = LegalEntity.objects.get(pk=response.json()["id"])
    assert entity.related.get().name == "Holding"
    assert ClassificationRecord.objects.get(legal_entity=entity).trigger == "api"
    default = legal_entity_default(org=utility)
    refused = api.delete(f"/api/v1/compliance/legal-entities/{default.pk}/")
    assert refused.status_code == 400 and "is_default" in refused.json()
    assert api.delete(f"/api/v1/compliance/legal-entities/{entity.pk}/").status_code == 204
    assert not LegalEntity.objects.filter(pk=entity.pk).exists()


def test_an_invalid_activity_through_the_api_stores_nothing(org, officer, api_client_for):
    response = api_client_for(officer).post(
        "/api/v1/compliance/legal-entities/",
        {"name": "X GmbH", "legal_form": "gmbh", "activities": [{"entity_type": "shipping"}]},
        format="json",
    )
    assert response.status_code == 400 and "activities" in response.json()
    assert not LegalEntity.objects.filter(organization=org, name="X GmbH").exists()


def test_figures_are_decimals_in_the_record(org, officer, client_for):
    client_for(officer).post("/compliance/legal-entities/new/", GRID)
    record = ClassificationRecord.objects.get(legal_entity__name=GRID["name"])
    assert Decimal(record.inputs["figures"]["turnover_eur"]) == Decimal("20000000")
