"""Model validation: address syntax, zone subnets, same-organization relations."""

import pytest
from django.core.exceptions import ValidationError

from assets.models import Asset, Zone
from assets.models.validators import normalise_cidrs, normalise_ips, normalise_macs
from assets.services.inventory import inventory_delete, inventory_save
from bollwerk.models import AuditEvent
from tests.assets.factories import AssetFactory, ServiceFactory, SiteFactory, ZoneFactory


def test_ips_are_normalised_and_deduplicated():
    assert normalise_ips("10.0.0.1, 10.0.0.1 2001:DB8::1") == ["10.0.0.1", "2001:db8::1"]


def test_a_malformed_ip_is_named_in_the_error():
    with pytest.raises(ValidationError, match=r"10\.0\.0\.300 is not a valid IP address"):
        normalise_ips(["10.0.0.300"])


@pytest.mark.parametrize("mac", ["00-1B-1B-12-34-56", "001b.1b12.3456", "001b1b123456"])
def test_macs_in_common_notations_become_colon_pairs(mac):
    assert normalise_macs([mac]) == ["00:1b:1b:12:34:56"]


def test_a_malformed_mac_is_refused():
    with pytest.raises(ValidationError, match=r"00:1b:1b:12:34 is not a valid MAC"):
        normalise_macs(["00:1b:1b:12:34"])


def test_a_network_with_host_bits_suggests_the_network():
    with pytest.raises(ValidationError, match=r"did you mean 10.20.1.0/24"):
        normalise_cidrs(["10.20.1.5/24"])


@pytest.mark.django_db
def test_an_ip_outside_the_zones_subnets_is_refused(org):
    zone = ZoneFactory(organization=org, name="Field", subnets=["10.20.1.0/24"])
    asset = Asset(name="PLC", kind="plc", asset_class="ot", zone=zone, ip_addresses=["10.9.9.9"])

    with pytest.raises(ValidationError) as caught:
        inventory_save(org=org, instance=asset)

    assert "10.9.9.9 not in the subnets of zone Field" in str(
        caught.value.message_dict["ip_addresses"]
    )


@pytest.mark.django_db
def test_an_ip_inside_the_zones_subnets_is_accepted(org):
    zone = ZoneFactory(organization=org, subnets=["10.20.1.0/24"])
    asset = Asset(name="PLC", kind="plc", asset_class="ot", zone=zone, ip_addresses=["10.20.1.7"])

    inventory_save(org=org, instance=asset)

    assert Asset.objects.for_org(org).get().ip_addresses == ["10.20.1.7"]


@pytest.mark.django_db
def test_a_zone_of_another_organization_is_refused(org, other_org):
    foreign_zone = ZoneFactory(organization=other_org)
    asset = Asset(name="PLC", kind="plc", asset_class="ot", zone=foreign_zone)

    with pytest.raises(ValidationError) as caught:
        inventory_save(org=org, instance=asset)

    assert "zone" in caught.value.message_dict


@pytest.mark.django_db
def test_an_asset_tag_is_unique_within_the_organization_only(org, other_org):
    AssetFactory(organization=other_org, asset_tag="A-1")
    inventory_save(org=org, instance=Asset(name="x", kind="plc", asset_class="ot", asset_tag="A-1"))

    with pytest.raises(ValidationError, match="asset tag exists already"):
        inventory_save(
            org=org, instance=Asset(name="y", kind="plc", asset_class="ot", asset_tag="A-1")
        )


@pytest.mark.django_db
def test_saving_an_asset_with_services_recomputes_criticality_and_is_audited(org):
    service = ServiceFactory(organization=org, population_served=600_000)

    asset = inventory_save(
        org=org,
        instance=Asset(name="SCADA", kind="scada_server", asset_class="ot"),
        services=[service],
    )

    assert asset.criticality == 4
    assert AuditEvent.objects.filter(
        organization=org, object_type="assets.servicedependency", action="create"
    ).exists()


@pytest.mark.django_db
def test_zone_subnets_are_validated_and_normalised(org):
    zone = Zone(name="Z", level="1", subnets="10.1.0.0/16, 2001:DB8::/32")

    inventory_save(org=org, instance=zone)

    assert zone.subnets == ["10.1.0.0/16", "2001:db8::/32"]


@pytest.mark.django_db
def test_deleting_a_site_keeps_its_assets(org):
    site = SiteFactory(organization=org)
    asset = AssetFactory(organization=org, site=site)

    inventory_delete(org=org, instance=site)

    asset.refresh_from_db()
    assert asset.site is None
