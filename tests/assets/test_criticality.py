"""Derived criticality: inherited from the most critical service, along links, with its path."""

import pytest

from assets.models import Asset, Criticality, EssentialService
from assets.services.criticality import criticality_compute, criticality_recompute
from tests.assets.factories import AssetFactory, DependencyFactory, LinkFactory, ServiceFactory


def _service(pk, population, outage):
    return EssentialService(pk=pk, name=f"s{pk}", sector="electricity",
                            population_served=population, max_tolerable_outage_hours=outage)  # fmt: skip


@pytest.mark.parametrize(
    ("population", "customers", "outage", "expected"),
    [
        (5_000, None, 72, Criticality.LOW),
        (10_000, None, 72, Criticality.MEDIUM),
        (100_000, None, None, Criticality.HIGH),
        (500_000, None, 72, Criticality.VERY_HIGH),
        (5_000, None, 24, Criticality.MEDIUM),
        (5_000, None, 8, Criticality.HIGH),
        (5_000, None, 2, Criticality.VERY_HIGH),
        (None, 150_000, None, Criticality.HIGH),
        (None, None, None, Criticality.LOW),
    ],
)
def test_service_criticality_is_the_higher_of_people_and_outage_levels(
    population, customers, outage, expected
):
    service = EssentialService(population_served=population, customers_served=customers,
                               max_tolerable_outage_hours=outage)  # fmt: skip
    assert service.criticality == expected


def test_a_firewall_on_the_path_inherits_the_scada_servers_criticality():
    scada, firewall, plc, historian = 1, 2, 3, 4
    result = criticality_compute(
        services=[_service(10, 200_000, 4)],
        dependencies=[(10, scada)],
        links=[(scada, firewall), (firewall, plc), (historian, scada)],
        active={1, 2, 3, 4},
    )
    assert result[firewall].criticality == Criticality.HIGH
    assert result[plc].path == [scada, firewall, plc]
    assert historian not in result  # the historian needs SCADA, not the other way round


def test_an_asset_takes_the_most_critical_of_several_services():
    shared = 1
    result = criticality_compute(
        services=[_service(10, 1_000, 72), _service(11, 600_000, 72)],
        dependencies=[(10, shared), (11, 2)],
        links=[(2, shared)],
        active={1, 2},
    )
    assert result[shared].criticality == Criticality.VERY_HIGH
    assert result[shared].service_id == 11
    assert result[shared].path == [2, shared]


def test_the_path_is_the_shortest_one():
    result = criticality_compute(
        services=[_service(10, 1_000, 72)],
        dependencies=[(10, 1)],
        links=[(1, 2), (2, 3), (3, 4), (1, 4)],
        active={1, 2, 3, 4},
    )
    assert result[4].path == [1, 4]


def test_decommissioned_assets_are_neither_reached_nor_passed_through():
    result = criticality_compute(
        services=[_service(10, 1_000, 72)],
        dependencies=[(10, 1)],
        links=[(1, 2), (2, 3)],
        active={1, 3},
    )
    assert set(result) == {1}


def test_cycles_terminate():
    result = criticality_compute(
        services=[_service(10, 1_000, 72)],
        dependencies=[(10, 1)],
        links=[(1, 2), (2, 1), (2, 3), (3, 2)],
        active={1, 2, 3},
    )
    assert set(result) == {1, 2, 3}


@pytest.mark.django_db
def test_recompute_stores_criticality_service_and_path(org):
    service = ServiceFactory(organization=org, population_served=200_000)
    scada = AssetFactory(organization=org, name="SCADA")
    firewall = AssetFactory(organization=org, name="Firewall", kind="firewall")
    lonely = AssetFactory(organization=org)
    DependencyFactory(organization=org, service=service, asset=scada)
    LinkFactory(organization=org, source=scada, target=firewall)

    updated = criticality_recompute(org=org)

    firewall.refresh_from_db()
    lonely.refresh_from_db()
    assert updated == 2
    assert (firewall.criticality, firewall.criticality_service_id) == (Criticality.HIGH, service.pk)
    assert firewall.criticality_path == [scada.pk, firewall.pk]
    assert lonely.criticality == Criticality.NONE


@pytest.mark.django_db
def test_recompute_writes_only_what_changed(org):
    service = ServiceFactory(organization=org)
    asset = AssetFactory(organization=org)
    DependencyFactory(organization=org, service=service, asset=asset)
    criticality_recompute(org=org)

    assert criticality_recompute(org=org) == 0


@pytest.mark.django_db
def test_recompute_leaves_other_organizations_alone(org, other_org):
    foreign = AssetFactory(organization=other_org)
    DependencyFactory(organization=other_org, asset=foreign)

    criticality_recompute(org=org)

    foreign.refresh_from_db()
    assert foreign.criticality == Criticality.NONE


@pytest.mark.django_db
def test_removing_the_dependency_clears_the_inherited_criticality(org):
    dependency = DependencyFactory(organization=org)
    criticality_recompute(org=org)
    dependency.delete()

    criticality_recompute(org=org)

    assert Asset.objects.get(pk=dependency.asset_id).criticality == Criticality.NONE
