"""factory_boy factories for the inventory and supply-chain models."""

import factory

from assets.models import (
    Asset,
    Conduit,
    EssentialService,
    Link,
    Product,
    ServiceDependency,
    Site,
    Supplier,
    Zone,
)
from tests.factories import OrganizationFactory


class OrgScoped(factory.django.DjangoModelFactory):
    organization = factory.SubFactory(OrganizationFactory)


class SiteFactory(OrgScoped):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Wasserwerk {n}")
    kind = Site.Kind.WATERWORKS


class ZoneFactory(OrgScoped):
    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"Zone {n}")
    level = Zone.Level.L1
    subnets = factory.LazyFunction(list)


class ConduitFactory(OrgScoped):
    class Meta:
        model = Conduit

    from_zone = factory.SubFactory(
        ZoneFactory, organization=factory.SelfAttribute("..organization")
    )
    to_zone = factory.SubFactory(ZoneFactory, organization=factory.SelfAttribute("..organization"))


class ServiceFactory(OrgScoped):
    class Meta:
        model = EssentialService

    name = factory.Sequence(lambda n: f"Service {n}")
    sector = "drinking_water"
    population_served = 50_000
    max_tolerable_outage_hours = 48


class SupplierFactory(OrgScoped):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n}")
    country = "DE"


class ProductFactory(OrgScoped):
    class Meta:
        model = Product

    supplier = factory.SubFactory(
        SupplierFactory, organization=factory.SelfAttribute("..organization")
    )
    name = factory.Sequence(lambda n: f"Product {n}")
    version = "1.0"


class AssetFactory(OrgScoped):
    class Meta:
        model = Asset

    name = factory.Sequence(lambda n: f"Asset {n}")
    asset_tag = factory.Sequence(lambda n: f"T-{n:05d}")
    kind = Asset.Kind.PLC
    asset_class = Asset.AssetClass.OT


class LinkFactory(OrgScoped):
    class Meta:
        model = Link

    source = factory.SubFactory(AssetFactory, organization=factory.SelfAttribute("..organization"))
    target = factory.SubFactory(AssetFactory, organization=factory.SelfAttribute("..organization"))
    protocol = "modbus_tcp"
    port = 502


class DependencyFactory(OrgScoped):
    class Meta:
        model = ServiceDependency

    service = factory.SubFactory(
        ServiceFactory, organization=factory.SelfAttribute("..organization")
    )
    asset = factory.SubFactory(AssetFactory, organization=factory.SelfAttribute("..organization"))


#: Factories whose names differ from their model's (read by tests/scoping.py).
FACTORIES = {EssentialService: ServiceFactory, ServiceDependency: DependencyFactory}
