"""Models of the assets app: inventory, topology and supply chain."""

from assets.advisories.models import (  # the instance-wide advisory catalogue
    Advisory,
    AdvisoryAlias,
    AffectedEntry,
    EpssScore,
    ImportedFile,
    KevEntry,
)
from assets.procurement.models import ClaimAnswer, Decision, DecisionCondition, Offer

from .asset import Asset, Need
from .inventory import Criticality, EssentialService, Site, Zone
from .matching import VexStatement, VulnerabilityMatch
from .sbom import Sbom, SbomComponent, SbomDependency, SbomVulnerability
from .scans import ScanRun, ScanScope, TlsEndpoint
from .supply import Product, Supplier
from .topology import Conduit, Link, Protocol, ServiceDependency

__all__ = [
    "Advisory",
    "AdvisoryAlias",
    "AffectedEntry",
    "Asset",
    "ClaimAnswer",
    "Conduit",
    "Criticality",
    "Decision",
    "DecisionCondition",
    "EpssScore",
    "EssentialService",
    "ImportedFile",
    "KevEntry",
    "Link",
    "Need",
    "Offer",
    "Product",
    "Protocol",
    "Sbom",
    "SbomComponent",
    "SbomDependency",
    "SbomVulnerability",
    "ScanRun",
    "ScanScope",
    "ServiceDependency",
    "Site",
    "Supplier",
    "TlsEndpoint",
    "VexStatement",
    "VulnerabilityMatch",
    "Zone",
]
