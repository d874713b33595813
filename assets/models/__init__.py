"""Models of the assets app: inventory, topology and supply chain."""

from .asset import Asset, Need
from .inventory import Criticality, EssentialService, Site, Zone
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
    "ServiceDependency",
    "Site",
    "Supplier",
    "Zone",
]
