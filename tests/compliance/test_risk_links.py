"""Risks link essential services and assets of their own organization (UI, API, migration)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from bollwerk.models import AuditEvent
from compliance.models import Risk
from tests.assets.factories import AssetFactory, ServiceFactory
from tests.compliance.factories import RiskFactory

RISK = {
    "title": "Ransomware in der Leitstelle",
    "inherent_likelihood": "4",
    "inherent_impact": "5",
    "residual_likelihood": "2",
    "residual_impact": "4",
    "treatment": "mitigate",
    "status": "open",
}


def picker_boxes(page: str) -> list[str]:
    return re.findall(r'name="affected_assets" value="(\d+)"', page)


@pytest.mark.django_db
class TestApi:
    def test_a_risk_is_created_with_the_ids_of_its_services_and_assets(
        self, org, officer, api_client_for
    ):
        grid = ServiceFactory(organization=org)
        scada, plc = AssetFactory.create_batch(2, organization=org)
        api = api_client_for(officer)
        response = api.post(
            "/api/v1/compliance/risks/",
            {
                "title": "Ransomware",
                "inherent_likelihood": 4,
                "inherent_impact": 5,
                "affected_services": [grid.pk],
                "affected_assets": [scada.pk, plc.pk],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        risk = Risk.objects.get(pk=response.json()["id"])
        assert set(risk.affected_assets.all()) == {scada, plc}
        data = api.get(f"/api/v1/compliance/risks/{risk.pk}/").json()
        assert (data["affected_services"], sorted(data["affected_assets"])) == (
            [grid.pk],
            sorted([scada.pk, plc.pk]),
        )

    def test_another_organizations_asset_is_refused_naming_its_id(
        self, org, other_org, officer, api_client_for
    ):
        mine, foreign = AssetFactory(organization=org), AssetFactory(organization=other_org)
        risk = RiskFactory(organization=org)
        risk.affected_assets.add(mine)
        response = api_client_for(officer).patch(
            f"/api/v1/compliance/risks/{risk.pk}/",
            {"affected_assets": [mine.pk, foreign.pk]},
            format="json",
        )
        assert response.status_code == 400
        assert response.json() == {
            "affected_assets": [f"No asset with id {foreign.pk} in this organization."]
        }
        assert list(risk.affected_assets.all()) == [mine]

    def test_another_organizations_service_is_refused(
        self, org, other_org, officer, api_client_for
    ):
        foreign = ServiceFactory(organization=other_org)
        response = api_client_for(officer).post(
            "/api/v1/compliance/risks/",
            {"title": "x", "inherent_likelihood": 1, "inherent_impact": 1,
             "affected_services": [foreign.pk]},
            format="json",
        )  # fmt: skip
        assert response.status_code == 400
        assert str(foreign.pk) in response.json()["affected_services"][0]
        assert not Risk.objects.filter(organization=org).exists()

    def test_anything_but_a_list_of_ids_is_refused(self, org, officer, api_client_for):
        response = api_client_for(officer).post(
            "/api/v1/compliance/risks/",
            {"title": "x", "inherent_likelihood": 1, "inherent_impact": 1,
             "affected_assets": [{"type": "asset", "id": "7", "label": "SCADA"}]},
            format="json",
        )  # fmt: skip
        assert response.status_code == 400 and "affected_assets" in response.json()

    def test_the_risk_list_needs_the_same_queries_for_one_and_many_linked_assets(
        self, org, officer, api_client_for
    ):
        api = api_client_for(officer)
        risk = RiskFactory(organization=org)
        risk.affected_assets.add(AssetFactory(organization=org))
        api.get("/api/v1/compliance/risks/")
        with CaptureQueriesContext(connection) as one:
            api.get("/api/v1/compliance/risks/")
        for other in RiskFactory.create_batch(3, organization=org):
            other.affected_assets.add(*AssetFactory.create_batch(4, organization=org))
        with CaptureQueriesContext(connection) as many:
            results = api.get("/api/v1/compliance/risks/").json()["results"]
        assert sum(len(r["affected_assets"]) for r in results) == 13
        assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
class TestForm:
    def test_the_officer_links_services_and_assets_and_the_change_is_audited(
        self, org, officer, client_for
    ):
        grid = ServiceFactory(organization=org)
        scada = AssetFactory(organization=org, name="Netzleitsystem Strom")
        response = client_for(officer).post(
            "/compliance/risks/new/",
            {**RISK, "affected_services": [grid.pk], "affected_assets": [scada.pk]},
        )
        assert response.status_code == 302
        risk = Risk.objects.get(organization=org)
        assert list(risk.affected_services.all()) == [grid]
        assert list(risk.affected_assets.all()) == [scada]
        event = AuditEvent.objects.filter(object_type="compliance.risk", action="update").last()
        assert event.changes["affected_assets"] == {"before": [], "after": [scada.pk]}

    def test_another_organizations_asset_is_a_field_error_and_nothing_is_stored(
        self, org, other_org, officer, client_for
    ):
        foreign = AssetFactory(organization=other_org)
        response = client_for(officer).post(
            "/compliance/risks/new/", {**RISK, "affected_assets": [foreign.pk]}
        )
        assert response.status_code == 200
        assert (
            f"Asset {foreign.pk} is not in this organization&#x27;s inventory."
            in response.content.decode()
        )
        assert not Risk.objects.filter(organization=org).exists()

    def test_the_form_renders_only_the_chosen_assets_whatever_the_inventory_size(
        self, org, officer, client_for
    ):
        client = client_for(officer)
        chosen = AssetFactory.create_batch(2, organization=org)
        risk = RiskFactory(organization=org)
        risk.affected_assets.set(chosen)
        client.get(f"/compliance/risks/{risk.pk}/")
        with CaptureQueriesContext(connection) as few:
            page = client.get(f"/compliance/risks/{risk.pk}/").content.decode()
        assert sorted(picker_boxes(page)) == sorted(str(a.pk) for a in chosen)
        AssetFactory.create_batch(60, organization=org)
        with CaptureQueriesContext(connection) as many:
            page = client.get(f"/compliance/risks/{risk.pk}/").content.decode()
        assert len(picker_boxes(page)) == 2
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_unticking_an_asset_removes_it(self, org, officer, client_for):
        keep, drop = AssetFactory.create_batch(2, organization=org)
        risk = RiskFactory(organization=org)
        risk.affected_assets.set([keep, drop])
        client_for(officer).post(
            f"/compliance/risks/{risk.pk}/", {**RISK, "affected_assets": [keep.pk]}
        )
        assert list(risk.affected_assets.all()) == [keep]

    def test_without_javascript_the_search_shows_matches_in_the_form(
        self, org, officer, client_for
    ):
        risk = RiskFactory(organization=org)
        hit = AssetFactory(organization=org, name="SPS Hochbehälter Nord")
        AssetFactory(organization=org, name="Bedienplatz")
        page = client_for(officer).get(f"/compliance/risks/{risk.pk}/?asset_q=hochbeh").content
        assert picker_boxes(page.decode()) == [str(hit.pk)]


@pytest.mark.django_db
class TestSearch:
    def test_it_finds_own_assets_by_name_tag_or_address_and_never_another_organizations(
        self, org, other_org, officer, client_for
    ):
        mine = AssetFactory(organization=org, name="PLC Wasserwerk", asset_tag="WW-001")
        by_ip = AssetFactory(organization=org, name="RTU 7", ip_addresses=["10.20.0.7"])
        AssetFactory(organization=other_org, name="PLC Wasserwerk")
        client = client_for(officer)

        def found(query):
            page = client.get(f"/compliance/risks/asset-search/?asset_q={query}").content
            return picker_boxes(page.decode())

        assert found("wasserwerk") == [str(mine.pk)]
        assert found("ww-00") == [str(mine.pk)]
        assert found("10.20.0.7") == [str(by_ip.pk)]
        assert found("") == []

    def test_it_shows_twenty_matches_and_says_when_there_are_more(self, org, officer, client_for):
        AssetFactory.create_batch(25, organization=org, name="Zähler")
        page = client_for(officer).get("/compliance/risks/asset-search/?asset_q=zähler")
        assert len(picker_boxes(page.content.decode())) == 20
        assert "More matches: refine the search." in page.content.decode()


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_json_items_of_the_own_organization_and_keeps_the_rest_in_words(
    org, other_org
):
    apps = _migrate([("compliance", "0004_score_snapshot_invalidation")])
    Service = apps.get_model("assets", "EssentialService")
    Asset = apps.get_model("assets", "Asset")
    OldRisk = apps.get_model("compliance", "Risk")
    grid = Service.objects.create(
        organization_id=org.pk, name="Stromverteilung", sector="electricity"
    )
    scada = Asset.objects.create(
        organization_id=org.pk,
        name="SCADA",
        asset_tag="OT-1",
        kind="scada_server",
        asset_class="ot",
    )
    tagged = Asset.objects.create(
        organization_id=org.pk, name="PLC", asset_tag="OT-2", kind="plc", asset_class="ot"
    )
    foreign = Asset.objects.create(organization_id=other_org.pk, name="Fremd", kind="plc", asset_class="ot")  # fmt: skip
    risk = OldRisk.objects.create(
        organization_id=org.pk, title="Ransomware", scenario="Phishing",
        inherent_likelihood=4, inherent_impact=5, residual_likelihood=2, residual_impact=4,
        affected_services=[{"type": "service", "id": "power-distribution", "label": "Stromverteilung"}],
        affected_assets=[
            {"type": "asset", "id": str(scada.pk), "label": "SCADA"},
            # a free-text id that happens to be the pk of another asset: not trusted
            {"type": "asset", "id": str(scada.pk), "label": "RTU Nord"},
            {"type": "asset", "id": "OT-2", "label": ""},
            {"type": "asset", "id": str(foreign.pk), "label": "Fremd"},
            {"type": "asset", "id": "x-99", "label": "Altanlage"},
        ],
    )  # fmt: skip

    _migrate([("compliance", "0006_risk_drop_affected_json")])

    migrated = Risk.objects.get(pk=risk.pk)
    assert list(migrated.affected_services.values_list("pk", flat=True)) == [grid.pk]
    assert set(migrated.affected_assets.values_list("pk", flat=True)) == {scada.pk, tagged.pk}
    assert migrated.scenario.startswith("Phishing\n\n[Migration]")
    assert f"Fremd ({foreign.pk})" in migrated.scenario and "Altanlage (x-99)" in migrated.scenario
    assert f"RTU Nord ({scada.pk})" in migrated.scenario
