"""Models of the assets app: inventory, topology and supply chain."""

from .asset import Asset, Need
from .inventory import Criticality, EssentialService, Site, Zone
from .sbom import Sbom, SbomComponent, SbomDependency, SbomVulnerability
from .supply import Product, Supplier
from .topology import Conduit, Link, Protocol, ServiceDependency

__all__ = [
    "Asset",
    "Conduit",
    "Criticality",
    "EssentialService",
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
    "Zone",
]
