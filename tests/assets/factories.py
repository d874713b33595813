"""factory_boy factories for the inventory and supply-chain models."""

import factory
from django.utils import timezone

from assets.models import (
    Advisory,
    Asset,
    ClaimAnswer,
    Conduit,
    Decision,
    DecisionCondition,
    EssentialService,
    Link,
    Offer,
    Product,
    Sbom,
    SbomComponent,
    SbomDependency,
    SbomVulnerability,
    ScanRun,
    ScanScope,
    ServiceDependency,
    Site,
    Supplier,
    TlsEndpoint,
    VulnerabilityMatch,
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


class SbomFactory(OrgScoped):
    """A stored SBOM row with a small placeholder file (no components; see sbom_import for real ones)."""

    class Meta:
        model = Sbom

    product = factory.SubFactory(
        ProductFactory, organization=factory.SelfAttribute("..organization")
    )
    file = factory.django.FileField(filename="bom.json", data=b'{"bomFormat": "CycloneDX"}')
    file_name = "bom.json"
    file_sha256 = "0" * 64
    file_size = 26
    document_sha256 = "0" * 64
    kind = Sbom.Kind.CYCLONEDX
    format = Sbom.Format.JSON
    spec_version = "1.6"
    quality_score = 50


class SbomComponentFactory(OrgScoped):
    class Meta:
        model = SbomComponent

    sbom = factory.SubFactory(SbomFactory, organization=factory.SelfAttribute("..organization"))
    position = factory.Sequence(lambda n: n)
    bom_ref = factory.Sequence(lambda n: f"ref-{n}")
    type = "library"
    name = factory.Sequence(lambda n: f"lib{n}")
    version = "1.0.0"


class SbomDependencyFactory(OrgScoped):
    class Meta:
        model = SbomDependency

    sbom = factory.SubFactory(SbomFactory, organization=factory.SelfAttribute("..organization"))
    ref = "a"
    depends_on = "b"


class SbomVulnerabilityFactory(OrgScoped):
    class Meta:
        model = SbomVulnerability

    sbom = factory.SubFactory(SbomFactory, organization=factory.SelfAttribute("..organization"))
    vuln_id = factory.Sequence(lambda n: f"CVE-2024-{n:05d}")


class OfferFactory(OrgScoped):
    class Meta:
        model = Offer

    supplier = factory.SubFactory(
        SupplierFactory, organization=factory.SelfAttribute("..organization")
    )
    product = factory.SubFactory(
        ProductFactory,
        organization=factory.SelfAttribute("..organization"),
        supplier=factory.SelfAttribute("..supplier"),
    )


class ClaimAnswerFactory(OrgScoped):
    class Meta:
        model = ClaimAnswer

    offer = factory.SubFactory(OfferFactory, organization=factory.SelfAttribute("..organization"))
    claim_id = "AUTH-01"


class DecisionFactory(OrgScoped):
    class Meta:
        model = Decision

    offer = factory.SubFactory(OfferFactory, organization=factory.SelfAttribute("..organization"))
    outcome = "conditions"


class DecisionConditionFactory(OrgScoped):
    class Meta:
        model = DecisionCondition

    decision = factory.SubFactory(
        DecisionFactory, organization=factory.SelfAttribute("..organization")
    )
    text = "Deliver a signed SBOM"
    due_date = factory.LazyFunction(lambda: __import__("datetime").date(2027, 1, 31))


class ScanScopeFactory(OrgScoped):
    class Meta:
        model = ScanScope

    name = factory.Sequence(lambda n: f"Scope {n}")
    networks = factory.LazyFunction(lambda: ["127.0.0.1/32"])


class ScanRunFactory(OrgScoped):
    class Meta:
        model = ScanRun

    scope = factory.SubFactory(
        ScanScopeFactory, organization=factory.SelfAttribute("..organization")
    )
    source = "scan"


class TlsEndpointFactory(OrgScoped):
    class Meta:
        model = TlsEndpoint

    host = "127.0.0.1"
    port = factory.Sequence(lambda n: 10000 + n)


class VulnerabilityMatchFactory(OrgScoped):
    """A match of a fresh advisory on a fresh component of the same organization."""

    class Meta:
        model = VulnerabilityMatch

    advisory = factory.LazyFunction(
        lambda: Advisory.objects.create(
            source_id=f"GHSA-fact-{Advisory.objects.count() + 1}-{timezone.now().timestamp()}",
            source="osv",
            raw="{}",
            severity_label="HIGH",
            severity_score=7.5,
        )
    )
    component = factory.SubFactory(
        SbomComponentFactory, organization=factory.SelfAttribute("..organization")
    )
    identifier = "purl"
    matched = "npm/lib"
    version = "1.0.0"
    why = "SEMVER range: introduced 0, fixed 2.0.0"
    engine_status = "affected"
    status = "affected"
    first_matched_at = factory.LazyFunction(timezone.now)
    last_matched_at = factory.LazyFunction(timezone.now)


#: Factories whose names differ from their model's (read by tests/scoping.py).
FACTORIES = {EssentialService: ServiceFactory, ServiceDependency: DependencyFactory}
