"""Plain input and output records of the reconciliation (no Django).

Inputs: the inventory as :class:`AssetRecord` and :class:`ZoneRecord`, and the
previous run's services as :class:`ServiceObservation`. Output: a
:class:`ReconcileResult` with :class:`FindingCandidate` objects that the
storage layer turns into Findings, keyed by ``fingerprint``.

Sensitivity: titles and descriptions carry no IP/MAC addresses, host names,
zone names or product versions; those travel in the structured fields
(``address``, ``details``) that the platform's sensitivity registry covers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from .ports import PortClassifier
from .scope import Network

#: Zone levels (the inventory's ``Zone.Level`` values) that are operational technology.
OT_LEVELS = frozenset({"0", "1", "2", "3"})
#: Lifecycle values that mean "in operation": only such assets can be missing.
OPERATIONAL_LIFECYCLES = frozenset({"operational", "in_operation", "operation", "active"})
FINGERPRINT_VERSION = "bollwerk-scan/1"


class FindingKind(StrEnum):
    UNKNOWN_HOST = "unknown_host"
    MISSING_ASSET = "missing_asset"
    UNEXPECTED_SERVICE = "unexpected_service"
    NEW_SERVICE = "new_service"
    CLOSED_SERVICE = "closed_service"
    SERVICE_CHANGED = "service_changed"
    INACTIVE_ASSET_SEEN = "inactive_asset_seen"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    """A network zone: Purdue ``level`` ("0"-"3", "dmz", "4", "5", "it"), an optional
    ``kind``, the industrial protocols it may expose (keys or aliases from
    :mod:`assets.scans.ports`, e.g. ``{"modbus", "s7comm"}``) and its subnets,
    which place hosts that are not in the inventory."""

    id: str
    level: str = ""
    kind: str = ""
    allowed_protocols: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @property
    def is_ot(self) -> bool:
        return self.level in OT_LEVELS or self.kind.lower() == "ot"


@dataclass(frozen=True, slots=True)
class AssetRecord:
    """An inventory asset as plain data; addresses in any common notation."""

    id: str
    name: str
    ip_addresses: tuple[str, ...] = ()
    mac_addresses: tuple[str, ...] = ()
    hostnames: tuple[str, ...] = ()
    zone: ZoneRecord | None = None
    lifecycle: str = "operational"


@dataclass(frozen=True, slots=True)
class ServiceObservation:
    """An open port seen on an address in one run (stored per run for the next comparison)."""

    address: str
    protocol: str
    port: int
    name: str = ""
    product: str = ""
    version: str = ""
    extrainfo: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.address, self.protocol, self.port)

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.product, self.version, self.extrainfo)


@dataclass(frozen=True, slots=True)
class FindingCandidate:
    """What the storage layer turns into a Finding; equal fingerprints mean the same finding."""

    kind: FindingKind
    severity: Severity
    title: str
    description: str
    fingerprint: str
    address: str = ""
    asset_id: str | None = None
    zone_id: str | None = None
    protocol: str = ""
    port: int | None = None
    details: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class HostMatch:
    """A scanned host tied to an inventory asset, and by what (``ip``, ``mac``, ``hostname``)."""

    address: str
    asset_id: str
    basis: str


@dataclass(frozen=True, slots=True)
class ReconcileCounts:
    """The numbers the ``import_scan --json`` contract reports."""

    hosts_up: int
    open_ports: int
    unknown_hosts: int
    missing_assets: int
    unexpected_services: int
    findings: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """Findings, counts, host-to-asset matches and this run's services (for the next run)."""

    findings: tuple[FindingCandidate, ...]
    counts: ReconcileCounts
    matches: tuple[HostMatch, ...]
    services: tuple[ServiceObservation, ...]


@dataclass(frozen=True, slots=True)
class ReconcilePolicy:
    """Tunable knowledge: how ports are classified and which lifecycles are "in operation"."""

    classifier: PortClassifier = field(default_factory=PortClassifier)
    operational_lifecycles: frozenset[str] = OPERATIONAL_LIFECYCLES


def fingerprint(kind: FindingKind, *parts: object) -> str:
    """Stable SHA-256 over the kind and the identifying parts (never titles or times)."""
    text = "|".join([FINGERPRINT_VERSION, kind.value, *(str(part) for part in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
