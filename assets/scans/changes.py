"""Changed services since the previous run: new, closed and changed open ports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import ScanResult
from .ports import PortRanges
from .records import (
    FindingCandidate,
    FindingKind,
    ServiceObservation,
    Severity,
    ZoneRecord,
    fingerprint,
)


def _covered(scan: ScanResult) -> dict[str, PortRanges]:
    """Per protocol, the ports this scan probed (from ``<scaninfo services=...>``)."""
    return {info.protocol: PortRanges(info.services) for info in scan.meta.scaninfo}


def _zone_id(zones: Mapping[str, ZoneRecord | None], address: str) -> str | None:
    zone = zones.get(address)
    return zone.id if zone else None


def _version_text(obs: ServiceObservation) -> str:
    return " ".join(part for part in (obs.product, obs.version, obs.extrainfo) if part) or "-"


def _new(obs: ServiceObservation, zones: Mapping[str, ZoneRecord | None]) -> FindingCandidate:
    where = f"{obs.port}/{obs.protocol}"
    return FindingCandidate(
        kind=FindingKind.NEW_SERVICE,
        severity=Severity.LOW,
        title=f"New open port {where} since the last scan",
        description=(
            f"Port {where} is open now and was not in the previous scan. Check that the "
            "change was planned (change management) and update the inventory."
        ),
        fingerprint=fingerprint(FindingKind.NEW_SERVICE, obs.address, obs.protocol, obs.port),
        address=obs.address,
        zone_id=_zone_id(zones, obs.address),
        protocol=obs.protocol,
        port=obs.port,
        details={"service": obs.name, "now": _version_text(obs)},
    )


def _closed(obs: ServiceObservation, zones: Mapping[str, ZoneRecord | None]) -> FindingCandidate:
    where = f"{obs.port}/{obs.protocol}"
    return FindingCandidate(
        kind=FindingKind.CLOSED_SERVICE,
        severity=Severity.INFO,
        title=f"Port {where} no longer open since the last scan",
        description=(
            f"Port {where} was open in the previous scan and is not open now, although the "
            "host answered and the port was scanned. Confirm the service was retired on purpose."
        ),
        fingerprint=fingerprint(FindingKind.CLOSED_SERVICE, obs.address, obs.protocol, obs.port),
        address=obs.address,
        zone_id=_zone_id(zones, obs.address),
        protocol=obs.protocol,
        port=obs.port,
        details={"service": obs.name, "before": _version_text(obs)},
    )


def _changed(
    before: ServiceObservation, now: ServiceObservation, zones: Mapping[str, ZoneRecord | None]
) -> FindingCandidate:
    where = f"{now.port}/{now.protocol}"
    zone = zones.get(now.address)
    return FindingCandidate(
        kind=FindingKind.SERVICE_CHANGED,
        severity=Severity.MEDIUM if zone is not None and zone.is_ot else Severity.LOW,
        title=f"Service on port {where} changed product or version since the last scan",
        description=(
            f"The software answering on {where} reports a different product, version or "
            "detail than in the previous scan (an update, a replacement or a new device). "
            "Check it against change management and the asset's recorded firmware."
        ),
        fingerprint=fingerprint(
            FindingKind.SERVICE_CHANGED,
            now.address,
            now.protocol,
            now.port,
            now.product,
            now.version,
        ),
        address=now.address,
        zone_id=zone.id if zone else None,
        protocol=now.protocol,
        port=now.port,
        details={"before": _version_text(before), "now": _version_text(now)},
    )


def service_changes(
    scan: ScanResult,
    current: Sequence[ServiceObservation],
    previous: Sequence[ServiceObservation],
    zones: Mapping[str, ZoneRecord | None],
) -> list[FindingCandidate]:
    """Findings for ports opened, closed or changed between ``previous`` and ``current``.

    ``zones`` maps every address that answered this scan to its zone; a port
    counts as closed only on such an address and only if this scan probed it.
    A version change needs version information on both sides: a port-table
    guess (no ``-sV``) never looks like a change.
    """
    now = {obs.key: obs for obs in current}
    before = {obs.key: obs for obs in previous}
    covered = _covered(scan)
    found: list[FindingCandidate] = []
    for key, obs in now.items():
        old = before.get(key)
        if old is None:
            found.append(_new(obs, zones))
        elif any(old.identity) and any(obs.identity) and old.identity != obs.identity:
            found.append(_changed(old, obs, zones))
    for key, obs in before.items():
        if key in now or obs.address not in zones:
            continue
        ranges = covered.get(obs.protocol)
        if ranges is not None and obs.port in ranges:
            found.append(_closed(obs, zones))
    return found
