"""Reconcile a parsed scan with the inventory: pure, deterministic, no I/O.

Finding kinds and their fingerprint keys (stable across runs, so a second run
with the same facts yields the same fingerprints and updates the same findings):

=====================  ==========================================  =========================
kind                   when                                        fingerprint key
=====================  ==========================================  =========================
unknown_host           a host answered and matches no asset by     first IP (else MAC)
                       IP, then MAC, then host name
missing_asset          an asset in operation with an IP inside     asset id
                       the scanned networks did not answer
unexpected_service     an industrial protocol open in a zone that  IP, protocol, port
                       does not allow it; or a clear-text service
                       (telnet, FTP, VNC, r-services, ...) anywhere
inactive_asset_seen    an asset not in operation answered          asset id
new_service            open now, not open in the previous run      IP, protocol, port
closed_service         open before, now not, on a host that        IP, protocol, port
                       answered and a port this scan covered
service_changed        product/version/extra info differ           IP, protocol, port, new
                                                                   product and version
=====================  ==========================================  =========================

Service-change findings need ``previous``; without it (the first run) there
are none. A host counts only when it really answered (:attr:`Host.responded`).
"""

from __future__ import annotations

import ipaddress
import shlex
from collections.abc import Iterable, Sequence

from .changes import service_changes
from .model import Host, Port, ScanResult, normalise_ip, normalise_mac
from .ports import ProtocolRule
from .records import (
    AssetRecord,
    FindingCandidate,
    FindingKind,
    HostMatch,
    ReconcileCounts,
    ReconcilePolicy,
    ReconcileResult,
    ServiceObservation,
    Severity,
    ZoneRecord,
    fingerprint,
)
from .scope import Network

_DEFAULT_POLICY = ReconcilePolicy()


class _Inventory:
    """Lookup tables over the asset records: by IP, by MAC, by host name."""

    def __init__(self, assets: Iterable[AssetRecord], zones: Iterable[ZoneRecord]) -> None:
        self.assets = list(assets)
        self.by_ip: dict[str, AssetRecord] = {}
        self.by_mac: dict[str, AssetRecord] = {}
        self.by_name: dict[str, AssetRecord] = {}
        for asset in self.assets:
            for ip in filter(None, map(normalise_ip, asset.ip_addresses)):
                self.by_ip.setdefault(ip, asset)
            for mac in asset.mac_addresses:
                self.by_mac.setdefault(normalise_mac(mac), asset)
            for name in asset.hostnames:
                self.by_name.setdefault(name.lower().rstrip("."), asset)
        known = {asset.zone.id: asset.zone for asset in self.assets if asset.zone is not None}
        known.update({zone.id: zone for zone in zones})
        self.zone_nets = [(net, zone) for zone in known.values() for net in zone.networks]

    def match(self, host: Host) -> tuple[AssetRecord, str] | None:
        for ip in host.ip_addresses:
            if ip in self.by_ip:
                return self.by_ip[ip], "ip"
        for mac in host.mac_addresses:
            if mac in self.by_mac:
                return self.by_mac[mac], "mac"
        for hostname in host.hostnames:
            name = hostname.name.lower().rstrip(".")
            if name in self.by_name:
                return self.by_name[name], "hostname"
        return None

    def zone_for(self, address: str) -> ZoneRecord | None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        best: tuple[int, ZoneRecord] | None = None
        for network, zone in self.zone_nets:
            inside = ip.version == network.version and ip in network
            if inside and (best is None or network.prefixlen > best[0]):
                best = (network.prefixlen, zone)
        return best[1] if best else None


def scan_targets(args: str) -> tuple[Network, ...]:
    """Networks and addresses named on an nmap command line (best effort, for imports)."""
    found: list[Network] = []
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    for word in words:
        try:
            found.append(ipaddress.ip_network(word, strict=False))
        except ValueError:
            continue
    return tuple(found)


def scan_services(scan: ScanResult) -> tuple[ServiceObservation, ...]:
    """This scan's open ports on hosts that answered, as records for the next comparison."""
    found: list[ServiceObservation] = []
    for host in scan.hosts:
        if host.responded:
            address = host.primary_address
            found.extend(_observation(address, port) for port in host.open_ports)
    return tuple(found)


def _observation(address: str, port: Port) -> ServiceObservation:
    service = port.service
    return ServiceObservation(
        address=address,
        protocol=port.protocol,
        port=port.portid,
        name=service.name if service else "",
        product=service.product if service else "",
        version=service.version if service else "",
        extrainfo=service.extrainfo if service else "",
    )


def _unknown_host(host: Host, zone: ZoneRecord | None) -> FindingCandidate:
    address = host.primary_address
    ports = ", ".join(f"{p.portid}/{p.protocol}" for p in host.open_ports) or "none"
    details = {"open_ports": ports}
    if host.mac_addresses:
        details["mac"] = ", ".join(host.mac_addresses)
    if host.hostnames:
        details["hostnames"] = ", ".join(sorted({h.name for h in host.hostnames}))
    return FindingCandidate(
        kind=FindingKind.UNKNOWN_HOST,
        severity=Severity.HIGH if zone is not None and zone.is_ot else Severity.MEDIUM,
        title="Host not in the inventory answered the scan",
        description=(
            "A host answered the scan but matches no inventory asset by IP address, "
            f"MAC address or host name. Open ports: {ports}. Add it to the inventory "
            "or remove it from the network."
        ),
        fingerprint=fingerprint(FindingKind.UNKNOWN_HOST, address),
        address=address,
        zone_id=zone.id if zone else None,
        details=details,
    )


def _industrial(
    port: Port, rules: Sequence[ProtocolRule], address: str, asset: AssetRecord | None,
    zone: ZoneRecord | None,
) -> FindingCandidate:  # fmt: skip
    label = " / ".join(rule.label for rule in rules)
    keys = ", ".join(sorted({rule.key for rule in rules}))
    if zone is None:
        severity, where = Severity.HIGH, "on a host whose zone is unknown"
    elif zone.is_ot:
        severity, where = Severity.HIGH, "in an OT zone that does not allow it"
    else:
        severity, where = Severity.CRITICAL, "in an IT or DMZ zone"
    return FindingCandidate(
        kind=FindingKind.UNEXPECTED_SERVICE,
        severity=severity,
        title=f"{label} ({port.portid}/{port.protocol}) reachable {where}",
        description=(
            f"Industrial protocol {keys} answers on {port.portid}/{port.protocol}. Such "
            "protocols usually carry no authentication and give control of field devices; "
            "they belong only in zones whose allowed protocols name them."
        ),
        fingerprint=fingerprint(
            FindingKind.UNEXPECTED_SERVICE, address, port.protocol, port.portid
        ),
        address=address,
        asset_id=asset.id if asset else None,
        zone_id=zone.id if zone else None,
        protocol=port.protocol,
        port=port.portid,
        details={"category": "industrial", "protocols": keys},
    )


def _insecure(
    port: Port, rules: Sequence[ProtocolRule], address: str, asset: AssetRecord | None,
    zone: ZoneRecord | None,
) -> FindingCandidate:  # fmt: skip
    rule = max(rules, key=lambda r: list(Severity).index(Severity(r.severity)))
    return FindingCandidate(
        kind=FindingKind.UNEXPECTED_SERVICE,
        severity=Severity(rule.severity),
        title=f"{rule.label} ({port.portid}/{port.protocol}) open: clear-text access",
        description=(
            f"{rule.label} sends credentials and sessions unencrypted or without proper "
            "authentication. Replace it with an encrypted alternative (SSH, SFTP, TLS) "
            "or close the port."
        ),
        fingerprint=fingerprint(
            FindingKind.UNEXPECTED_SERVICE, address, port.protocol, port.portid
        ),
        address=address,
        asset_id=asset.id if asset else None,
        zone_id=zone.id if zone else None,
        protocol=port.protocol,
        port=port.portid,
        details={"category": "insecure", "protocols": rule.key},
    )


def _unexpected(
    host: Host, asset: AssetRecord | None, zone: ZoneRecord | None, policy: ReconcilePolicy
) -> list[FindingCandidate]:
    found = []
    address = host.primary_address
    allowed = zone.allowed_protocols if zone else frozenset()
    for port in host.open_ports:
        rules = policy.classifier.industrial(port)
        if rules and not any(rule.names & allowed for rule in rules):
            found.append(_industrial(port, rules, address, asset, zone))
        insecure = policy.classifier.insecure(port)
        if insecure:
            found.append(_insecure(port, insecure, address, asset, zone))
    return found


def _missing(asset: AssetRecord, networks: Sequence[Network]) -> FindingCandidate | None:
    for text in asset.ip_addresses:
        ip = normalise_ip(text)
        if ip is None:
            continue
        parsed = ipaddress.ip_address(ip)
        if any(parsed.version == net.version and parsed in net for net in networks):
            return FindingCandidate(
                kind=FindingKind.MISSING_ASSET,
                severity=Severity.MEDIUM,
                title=f"Asset {asset.name!r} in operation did not answer the scan",
                description=(
                    "The asset is recorded as in operation and its address lies in the "
                    "scanned networks, but it answered on none of the scanned ports. It may "
                    "be down, replaced, re-addressed or filtered; check and update the inventory."
                ),
                fingerprint=fingerprint(FindingKind.MISSING_ASSET, asset.id),
                address=ip,
                asset_id=asset.id,
                zone_id=asset.zone.id if asset.zone else None,
            )
    return None


def _inactive_seen(host: Host, asset: AssetRecord) -> FindingCandidate:
    return FindingCandidate(
        kind=FindingKind.INACTIVE_ASSET_SEEN,
        severity=Severity.MEDIUM,
        title=f"Asset {asset.name!r} answered although it is not in operation",
        description=(
            f"The inventory records the asset as {asset.lifecycle!r}, yet it answered the "
            "scan. Decommissioned devices that stay on the network are rarely patched."
        ),
        fingerprint=fingerprint(FindingKind.INACTIVE_ASSET_SEEN, asset.id),
        address=host.primary_address,
        asset_id=asset.id,
        zone_id=asset.zone.id if asset.zone else None,
        details={"lifecycle": asset.lifecycle},
    )


def scan_reconcile(
    *,
    scan: ScanResult,
    inventory: Iterable[AssetRecord],
    zones: Iterable[ZoneRecord] = (),
    scanned_networks: Sequence[Network] | None = None,
    previous: Iterable[ServiceObservation] | None = None,
    policy: ReconcilePolicy = _DEFAULT_POLICY,
) -> ReconcileResult:
    """Compare ``scan`` with the inventory and the previous run; return finding candidates.

    ``scanned_networks`` (the scope's networks) decides which unseen assets are
    missing; by default the targets on the nmap command line. ``zones`` adds
    zones (with subnets) beyond those the assets reference, to place unknown
    hosts. ``previous`` is the last run's :attr:`ReconcileResult.services`.
    """
    inv = _Inventory(inventory, zones)
    networks = (
        tuple(scanned_networks) if scanned_networks is not None else scan_targets(scan.meta.args)
    )
    state = _HostPass(inv, policy)
    for host in scan.hosts:
        if host.responded:
            state.visit(host)
    findings = state.findings
    if networks:
        findings.extend(_missing_assets(inv, state.seen_assets, networks, policy))
    services = scan_services(scan)
    if previous is not None:
        findings.extend(service_changes(scan, services, tuple(previous), state.zones))
    unique = {f.fingerprint: f for f in reversed(findings)}  # a host listed twice counts once
    ordered = sorted(
        unique.values(),
        key=lambda f: (f.kind.value, f.address, f.protocol, f.port or 0, f.fingerprint),
    )
    counts = ReconcileCounts(
        hosts_up=state.hosts_up,
        open_ports=state.open_ports,
        unknown_hosts=sum(f.kind == FindingKind.UNKNOWN_HOST for f in ordered),
        missing_assets=sum(f.kind == FindingKind.MISSING_ASSET for f in ordered),
        unexpected_services=sum(f.kind == FindingKind.UNEXPECTED_SERVICE for f in ordered),
        findings=len(ordered),
    )
    return ReconcileResult(tuple(ordered), counts, tuple(state.matches), services)


class _HostPass:
    """Walks the hosts that answered: matches them, places them in zones, collects findings."""

    def __init__(self, inv: _Inventory, policy: ReconcilePolicy) -> None:
        self.inv = inv
        self.policy = policy
        self.findings: list[FindingCandidate] = []
        self.matches: list[HostMatch] = []
        self.zones: dict[str, ZoneRecord | None] = {}
        self.seen_assets: set[str] = set()
        self.hosts_up = 0
        self.open_ports = 0

    def visit(self, host: Host) -> None:
        self.hosts_up += 1
        self.open_ports += len(host.open_ports)
        address = host.primary_address
        matched = self.inv.match(host)
        asset = matched[0] if matched else None
        zone = asset.zone if asset and asset.zone else self.inv.zone_for(address)
        self.zones[address] = zone
        if matched is None:
            self.findings.append(_unknown_host(host, zone))
        else:
            asset, basis = matched
            self.matches.append(HostMatch(address, asset.id, basis))
            self.seen_assets.add(asset.id)
            if asset.lifecycle not in self.policy.operational_lifecycles:
                self.findings.append(_inactive_seen(host, asset))
        self.findings.extend(_unexpected(host, asset, zone, self.policy))


def _missing_assets(
    inv: _Inventory, seen: set[str], networks: Sequence[Network], policy: ReconcilePolicy
) -> list[FindingCandidate]:
    found = []
    for asset in inv.assets:
        if asset.id in seen or asset.lifecycle not in policy.operational_lifecycles:
            continue
        candidate = _missing(asset, networks)
        if candidate is not None:
            found.append(candidate)
    return found
