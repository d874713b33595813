"""The asset pickers: pages hold only the chosen assets, the lookup finds the rest as you type."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bollwerk.models import Role
from tests.assets.factories import AssetFactory

pytestmark = pytest.mark.django_db


def _options(response) -> list[str]:
    import re

    return re.findall(
        r'<option value="(\d+)"( selected)?>([^<]*)</option>', response.content.decode()
    )


def test_the_lookup_finds_assets_by_name_or_tag_and_keeps_the_chosen_ones_first(
    org, member, client_for
):
    pump = AssetFactory(organization=org, name="Pumpe Nord", asset_tag="WA-0001")
    AssetFactory(organization=org, name="Pumpe Süd", asset_tag="WA-0002")
    chosen = AssetFactory(organization=org, name="Leitrechner", asset_tag="")
    client = client_for(member(Role.VIEWER))

    by_name = _options(
        client.get("/assets/lookup/", {"q": "pumpe", "field": "target", "target": chosen.pk})
    )
    assert by_name[0] == (str(chosen.pk), " selected", "Leitrechner")
    assert [label for _pk, _sel, label in by_name[1:]] == [
        "Pumpe Nord (WA-0001)",
        "Pumpe Süd (WA-0002)",
    ]

    by_tag = _options(client.get("/assets/lookup/", {"q": "wa-0001", "field": "target"}))
    assert by_tag == [(str(pump.pk), "", "Pumpe Nord (WA-0001)")]


def test_the_lookup_never_shows_another_organizations_assets(org, other_org, officer, client_for):
    AssetFactory(organization=other_org, name="Fremde Pumpe")
    foreign = AssetFactory(organization=other_org, name="Fremder Rechner")
    mine = AssetFactory(organization=org, name="Eigene Pumpe")
    client = client_for(officer)
    found = _options(
        client.get("/assets/lookup/", {"q": "", "field": "source", "source": foreign.pk})
    )
    assert found == [(str(mine.pk), "", f"Eigene Pumpe ({mine.asset_tag})")]


def test_the_lookup_stops_at_25_and_says_there_is_more(org, officer, client_for):
    AssetFactory.create_batch(30, organization=org)
    response = client_for(officer).get(
        "/assets/lookup/", {"q": "", "field": "target", "single": "1"}
    )
    assert len(_options(response)) == 25
    assert "More matches: refine the search." in response.content.decode()


def test_the_link_form_holds_only_the_chosen_asset_however_large_the_inventory(
    org, officer, client_for
):
    source = AssetFactory(organization=org, name="SCADA Wasser")
    client = client_for(officer)
    AssetFactory.create_batch(5, organization=org)
    with CaptureQueriesContext(connection) as small:
        page = client.get("/assets/links/new/", {"source": source.pk})
    AssetFactory.create_batch(200, organization=org)
    with CaptureQueriesContext(connection) as large:
        again = client.get("/assets/links/new/", {"source": source.pk})
    assert len(large) == len(small)
    assert len(again.content) == len(page.content)
    selected = [o for o in _options(again) if o[1]]
    assert selected == [(str(source.pk), " selected", f"SCADA Wasser ({source.asset_tag})")]
    assert 'hx-get="/assets/lookup/"' in again.content.decode()


def test_a_link_saved_through_the_picker_joins_the_two_assets(org, officer, client_for):
    source = AssetFactory(organization=org, name="SCADA")
    target = AssetFactory(organization=org, name="Firewall")
    client = client_for(officer)
    response = client.post(
        "/assets/links/new/",
        {"source": source.pk, "target": target.pk, "protocol": "opc_ua", "port": 4840, "q": "Fire"},
    )
    assert response.status_code == 302
    assert source.links_out.get().target == target


def test_a_superscript_digit_is_no_id_and_no_error(org, officer, client_for):
    AssetFactory(organization=org, name="Pumpe")
    response = client_for(officer).get("/assets/lookup/", {"field": "target", "target": "²"})
    assert response.status_code == 200 and len(_options(response)) == 1


def test_exactly_25_matches_do_not_claim_there_are_more(org, officer, client_for):
    AssetFactory.create_batch(25, organization=org)
    response = client_for(officer).get("/assets/lookup/", {"q": "", "field": "target"})
    assert len(_options(response)) == 25
    assert "More matches" not in response.content.decode()
