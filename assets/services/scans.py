"""Storing network scans: scopes, reconciled runs and their findings.

:func:`scan_reconcile_store` is the one path for a scan result, whether the
``network_scan`` check produced it or a person imported an nmap XML file
(``import_scan``, the upload form, the API): it reads the inventory in a few
queries, reconciles with :func:`assets.scans.scan_reconcile`, stores one
:class:`~assets.models.ScanRun` and records the findings (source
``network_scan``). Findings are resolved only for addresses inside the
networks that were scanned, so a scan of scope A never resolves scope B's.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset, Conduit, Link, ScanRun, ScanScope, Zone
from assets.scans import (
    AssetRecord,
    ScanError,
    ScanResult,
    ServiceObservation,
    ZoneRecord,
    nmap_xml_parse,
    scan_reconcile,
    scan_targets,
)
from bollwerk.checks.findings import findings_record
from bollwerk.checks.models import Finding, FindingEvent
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record

SOURCE = "network_scan"
COUNT_KEYS = (
    "hosts_up",
    "open_ports",
    "unknown_hosts",
    "missing_assets",
    "unexpected_services",
    "findings",
)


# --- scopes -------------------------------------------------------------------


def scan_scope_save(*, scope: ScanScope) -> ScanScope:
    """Validate ``scope`` (networks inside BOLLWERK_SCAN_ALLOWED, ports, windows) and save it."""
    scope.full_clean()
    scope.save()
    return scope


# --- inventory as engine records ---------------------------------------------


def _networks(values: Iterable[str]) -> tuple:
    found = []
    for value in values or ():
        try:
            found.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            continue
    return tuple(found)


def _protocol_tokens(text: str) -> set[str]:
    tokens = set()
    for part in (text or "").replace(";", ",").split(","):
        name = part.split("/")[0].strip().lower()
        if name:
            tokens.add(name)
    return tokens


def inventory_records(*, organization: Organization) -> tuple[list[AssetRecord], list[ZoneRecord]]:
    """The organization's assets and zones as engine records (four queries, any size).

    A zone may expose the protocols of its conduits and of the links of its
    assets; assets keep their lifecycle value (``in_operation`` is what the
    engine treats as "in operation").
    """
    allowed: dict[int, set[str]] = {}
    for from_zone, to_zone, text in Conduit.objects.for_org(organization).values_list(
        "from_zone_id", "to_zone_id", "protocols"
    ):
        tokens = _protocol_tokens(text)
        allowed.setdefault(from_zone, set()).update(tokens)
        allowed.setdefault(to_zone, set()).update(tokens)
    for source_zone, target_zone, protocol in Link.objects.for_org(organization).values_list(
        "source__zone_id", "target__zone_id", "protocol"
    ):
        for zone_id in (source_zone, target_zone):
            if zone_id is not None and protocol:
                allowed.setdefault(zone_id, set()).add(protocol)
    zones = {
        pk: ZoneRecord(
            id=str(pk),
            level=level or "",
            allowed_protocols=frozenset(allowed.get(pk, ())),
            networks=_networks(subnets),
        )
        for pk, level, subnets in Zone.objects.for_org(organization).values_list(
            "pk", "level", "subnets"
        )
    }
    assets = [
        AssetRecord(
            id=str(pk),
            name=name,
            ip_addresses=tuple(map(str, ips or ())),
            mac_addresses=tuple(map(str, macs or ())),
            hostnames=tuple(map(str, names or ())),
            zone=zones.get(zone_id),
            lifecycle=lifecycle,
        )
        for pk, name, ips, macs, names, zone_id, lifecycle in Asset.objects.for_org(
            organization
        ).values_list(
            "pk", "name", "ip_addresses", "mac_addresses", "hostnames", "zone_id", "lifecycle"
        )
    ]
    return assets, list(zones.values())


# --- storing ------------------------------------------------------------------


def _services_load(rows: Iterable[dict]) -> list[ServiceObservation]:
    return [ServiceObservation(**row) for row in rows]


def _services_dump(services: Iterable[ServiceObservation]) -> list[dict]:
    return [
        {
            "address": s.address,
            "protocol": s.protocol,
            "port": s.port,
            "name": s.name,
            "product": s.product,
            "version": s.version,
            "extrainfo": s.extrainfo,
        }
        for s in services
    ]


def _hosts_dump(scan: ScanResult, matches: dict[str, str]) -> list[dict]:
    hosts = []
    for host in scan.hosts:
        if not host.responded:
            continue
        address = host.primary_address
        hosts.append(
            {
                "address": address,
                "macs": list(host.mac_addresses),
                "hostnames": [h.name for h in host.hostnames],
                "asset_id": matches.get(address),
                "ports": [
                    {
                        "protocol": p.protocol,
                        "port": p.portid,
                        "state": p.state,
                        "service": p.service.name if p.service else "",
                        "product": p.service.product if p.service else "",
                        "version": p.service.version if p.service else "",
                    }
                    for p in host.ports
                    if p.is_open
                ],
            }
        )
    return hosts


def _previous_services(organization, scope) -> list[ServiceObservation] | None:
    if scope is None:
        return None
    row = (
        ScanRun.objects.for_org(organization)
        .filter(scope=scope, status=ScanRun.Status.SUCCEEDED)
        .order_by("-created_at", "-id")
        .values_list("services", flat=True)
        .first()
    )
    return None if row is None else _services_load(row)


def findings_resolve_in_networks(
    *,
    organization: Organization,
    networks: Sequence,
    seen: set[str],
    run=None,
) -> int:
    """Resolve open network-scan findings whose address lies in ``networks`` and was not seen.

    The platform's ``resolve_missing`` works per source; a scan sees only its
    own networks, so this narrows resolution to them. One audit event.
    """
    nets = list(networks)
    if not nets:
        return 0
    now = timezone.now()
    resolved = []
    open_states = [Finding.Status.OPEN, Finding.Status.ACKNOWLEDGED]
    for finding in Finding.objects.for_org(organization).filter(
        source=SOURCE, status__in=open_states
    ):
        if finding.fingerprint in seen:
            continue
        try:
            address = ipaddress.ip_address(str((finding.details or {}).get("address", "")))
        except ValueError:
            continue
        if any(address.version == n.version and address in n for n in nets):
            finding.status = Finding.Status.RESOLVED
            finding.resolved_at = now
            finding.resolved_by_run = run
            resolved.append(finding)
    if resolved:
        Finding.objects.bulk_update(
            resolved, ["status", "resolved_at", "resolved_by_run"], batch_size=500
        )
        FindingEvent.objects.bulk_create(
            [
                FindingEvent(
                    organization=organization,
                    finding=f,
                    action=FindingEvent.Action.RESOLVED,
                    at=now,
                    run=run,
                    note=_("Not seen again in the scanned networks."),
                )
                for f in resolved
            ],
            batch_size=500,
        )
        audit_record(
            action=AuditEvent.Action.UPDATE,
            organization=organization,
            object_type="bollwerk.finding",
            object_repr=f"findings of {SOURCE} resolved",
            changes={"findings_resolved": len(resolved)},
        )
    return len(resolved)


@dataclass(frozen=True)
class StoredScan:
    """A stored run and the finding candidates it produced (for a check's outcome)."""

    run: ScanRun
    candidates: tuple


@transaction.atomic
def scan_reconcile_store(
    *,
    org: Organization,
    result: ScanResult,
    scope: ScanScope | None = None,
    source: str = ScanRun.Source.IMPORT,
    check_run=None,
    file_name: str = "",
    file_sha256: str = "",
    started=None,
    finished=None,
    nmap_args: str = "",
    record_findings: bool = True,
    resolve: bool = True,
) -> ScanRun:
    """Reconcile ``result`` with the inventory, store a ScanRun, record its findings.

    With a ``scope``, the scope's networks were scanned: assets there that did
    not answer are missing, the previous run of the scope gives the changed
    services, and findings in those networks not seen again are resolved.
    Without one (an imported file), the nmap command line's targets decide
    what is missing and nothing is resolved. ``record_findings=False`` leaves
    the candidates to the caller (the ``network_scan`` check's outcome records
    them) and ``resolve=False`` the resolution (the check resolves once over
    all its scopes); ``run.candidates`` carries them either way.
    """
    assets, zones = inventory_records(organization=org)
    networks = scope.engine_scope().networks if scope is not None else None
    reconciled = scan_reconcile(
        scan=result,
        inventory=assets,
        zones=zones,
        scanned_networks=networks,
        previous=_previous_services(org, scope),
    )
    counts = reconciled.counts.as_dict()
    matches = {m.address: m.asset_id for m in reconciled.matches}
    meta = result.meta
    run = ScanRun(
        organization=org,
        scope=scope,
        check_run=check_run,
        source=source,
        file_name=file_name[:255],
        file_sha256=file_sha256,
        started_at=started or meta.start,
        finished_at=finished or meta.end or timezone.now(),
        nmap_args=nmap_args or meta.args,
        hosts_up=counts["hosts_up"],
        open_ports=counts["open_ports"],
        counts=counts,
        hosts=_hosts_dump(result, matches),
        services=_services_dump(reconciled.services),
        finding_fingerprints=[f.fingerprint for f in reconciled.findings],
    )
    # bulk_create: the audit signal would copy thousands of hosts into the trail;
    # one summary event instead
    [run] = ScanRun.objects.bulk_create([run])
    audit_record(
        action=AuditEvent.Action.CREATE,
        organization=org,
        object_type="assets.scanrun",
        object_id=run.pk,
        object_repr=str(run),
        changes={"source": source, "scope": scope.name if scope else "", **counts},
    )
    if record_findings:
        findings_record(
            organization=org, source=SOURCE, candidates=reconciled.findings, run=check_run
        )
    if scope is not None and resolve:
        findings_resolve_in_networks(
            organization=org,
            networks=networks,
            seen={f.fingerprint for f in reconciled.findings},
            run=check_run,
        )
    run.candidates = reconciled.findings
    return run


def scan_import(
    *,
    org: Organization,
    data: bytes,
    file_name: str,
    scope: ScanScope | None = None,
) -> ScanRun:
    """Parse an nmap XML document and store it (``import_scan``, upload form, API).

    A malformed, truncated or dangerous document raises ValidationError naming
    the file and the place; nothing is stored then.
    """
    try:
        result = nmap_xml_parse(bytes(data), name=file_name)
    except ScanError as exc:
        raise ValidationError(str(exc)) from None
    return scan_reconcile_store(
        org=org,
        result=result,
        scope=scope,
        source=ScanRun.Source.IMPORT,
        file_name=file_name,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )


def scan_import_targets(run: ScanRun) -> tuple:
    """The networks an imported run's nmap command line named (for display)."""
    return scan_targets(run.nmap_args or "")


def scope_allowed_text() -> str:
    """BOLLWERK_SCAN_ALLOWED for messages."""
    return ", ".join(str(n) for n in settings.BOLLWERK_SCAN_ALLOWED)
