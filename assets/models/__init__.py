"""Models of the assets app: inventory, topology and supply chain."""

from assets.advisories.models import (  # the instance-wide advisory catalogue
    Advisory,
    AdvisoryAlias,
    AffectedEntry,
    EpssScore,
    ImportedFile,
    KevEntry,
)

from .asset import Asset, Need
from .inventory import Criticality, EssentialService, Site, Zone
from .matching import VexStatement, VulnerabilityMatch
from .sbom import Sbom, SbomComponent, SbomDependency, SbomVulnerability
from .supply import Product, Supplier
from .topology import Conduit, Link, Protocol, ServiceDependency

__all__ = [
    "Advisory",
    "AdvisoryAlias",
    "AffectedEntry",
    "Asset",
    "Conduit",
    "Criticality",
    "EpssScore",
    "EssentialService",
    "ImportedFile",
    "KevEntry",
    "Link",
    "Need",
    "Product",
    "Protocol",
    "Sbom",
    "SbomComponent",
    "SbomDependency",
    "SbomVulnerability",
    "ServiceDependency",
    "Site",
    "Supplier",
    "VexStatement",
    "VulnerabilityMatch",
    "Zone",
]
