"""Benchmark: parse an nmap XML of a /16 and reconcile it with 10,000 inventory records.

    .venv/bin/python bench/scan_reconcile.py [--seed 8] [--no-store] [--no-roundtrip]

The whole import (parse + reconcile + storage) must stay under 30 s and
500 MB. First the scan engine's part alone; then (unless ``--no-store``) the
same file through ``assets.services.scans.scan_reconcile_store`` against
10,000 assets and 16 zones stored in the database (``DATABASE_URL`` when set,
else a fresh SQLite file), with a previous run of the scope; then (unless
``--no-roundtrip``) bench/check_roundtrip.py's no-op check round trip through
Redis and a real worker. Timings come from runs without tracemalloc (it slows
Python down); peak memory from a second run under tracemalloc, and the
process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scan_reconcile_gen import NETWORK, OUTSIDE, Generated, scan_generate

from assets.scans.nmap_xml import nmap_xml_parse
from assets.scans.reconcile import scan_reconcile
from assets.scans.records import AssetRecord, ServiceObservation, ZoneRecord

TARGET_S, TARGET_MB = 30.0, 500.0
INVENTORY = 10_000


def zones() -> list[ZoneRecord]:
    """Sixteen /20 zones: levels 1-3 allow a protocol each, the rest are IT."""
    levels = ["1", "2", "3", "dmz", "4", "it"]
    allowed = [{"modbus"}, {"iso-tsap", "iec104"}, {"opcua"}, set(), set(), set()]
    return [
        ZoneRecord(
            id=f"z{i}",
            level=levels[i % 6],
            allowed_protocols=frozenset(allowed[i % 6]),
            networks=(subnet,),
        )
        for i, subnet in enumerate(NETWORK.subnets(new_prefix=20))
    ]


def inventory(
    generated: Generated, zone_list: list[ZoneRecord], rng: random.Random
) -> list[AssetRecord]:
    """4,500 of the up hosts, 3,000 silent addresses in the /16, the rest outside it."""
    by_net = [(z.networks[0], z) for z in zone_list]

    def zone_of(ip: str) -> ZoneRecord:
        addr = ipaddress.ip_address(ip)
        return next(z for net, z in by_net if addr in net)

    known = rng.sample(generated.up_hosts, 4_500)
    up = set(generated.up_hosts)
    silent = [str(a) for a in rng.sample(list(NETWORK), 6_000) if str(a) not in up][:3_000]
    outside = [str(OUTSIDE[i + 1]) for i in range(INVENTORY - len(known) - len(silent))]
    records = []
    for index, ip in enumerate(known + silent):
        lifecycle = "retired" if index % 50 == 0 else "operational"
        records.append(
            AssetRecord(
                id=f"a{index}",
                name=f"Asset {index}",
                ip_addresses=(ip,),
                hostnames=(f"dev{index}.ot.local",),
                zone=zone_of(ip),
                lifecycle=lifecycle,
            )
        )
    for index, ip in enumerate(outside, start=len(records)):
        records.append(AssetRecord(id=f"a{index}", name=f"Asset {index}", ip_addresses=(ip,)))
    return records


def previous_services(generated: Generated, rng: random.Random) -> list[ServiceObservation]:
    """The last run: the same open ports minus 2 % (new now), plus 1 % closed since; SSH was
    OpenSSH 8.4p1 (so probed SSH ports now show a version change)."""
    found = []
    for ip, ports in generated.open_ports.items():
        for port in ports:
            if rng.random() >= 0.02:
                product, version = ("OpenSSH", "8.4p1") if port == 22 else ("", "")
                found.append(ServiceObservation(ip, "tcp", port, "", product, version))
        if rng.random() < 0.01:
            found.append(ServiceObservation(ip, "tcp", 8080, "http-proxy"))
    return found


def measure(path: Path, assets, zone_list, previous):
    started = time.perf_counter()
    scan = nmap_xml_parse(path)
    parsed = time.perf_counter()
    result = scan_reconcile(
        scan=scan, inventory=assets, zones=zone_list, scanned_networks=[NETWORK], previous=previous
    )
    done = time.perf_counter()
    return scan, result, parsed - started, done - parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--pn", action="store_true", help="silent addresses as -Pn reports them (up, user-set)"
    )
    parser.add_argument("--no-store", action="store_true", help="skip the database part")
    parser.add_argument("--no-roundtrip", action="store_true", help="skip the check round trip")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bollwerk-bench-") as tmp:
        t0 = time.perf_counter()
        generated = scan_generate(Path(tmp), seed=args.seed, assume_up=args.pn)
        zone_list = zones()
        assets = inventory(generated, zone_list, rng)
        previous = previous_services(generated, rng)
        print(
            f"generated {generated.bytes_written / 1e6:.1f} MB nmap XML (65,536 addresses, "
            f"{len(generated.up_hosts):,} up) and {len(assets):,} inventory records "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        gc.collect()
        scan, result, parse_s, reconcile_s = measure(generated.path, assets, zone_list, previous)
        del scan, result
        gc.collect()
        tracemalloc.start()
        scan, result, _, _ = measure(generated.path, assets, zone_list, previous)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if not args.no_store:
            store_bench(generated.path, assets, zone_list, previous, tmp)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by_kind: dict[str, int] = {}
    for finding in result.findings:
        by_kind[finding.kind.value] = by_kind.get(finding.kind.value, 0) + 1
    total = parse_s + reconcile_s
    print(
        f"host entries {len(scan.hosts):,}, open ports {scan.open_port_count:,}, "
        f"down listed {scan.down_hosts_listed:,}, silent (-Pn) listed {scan.silent_hosts_listed:,}"
    )
    print(f"counts   {result.counts.as_dict()}")
    print(f"findings {dict(sorted(by_kind.items()))}")
    print(f"parse      {parse_s:6.2f} s")
    print(f"reconcile  {reconcile_s:6.2f} s")
    print(f"total      {total:6.2f} s   = {total / TARGET_S:.1%} of the {TARGET_S:.0f} s target")
    print(
        f"peak (tracemalloc, parse+reconcile) {peak / 2**20:7.1f} MB = "
        f"{peak / 2**20 / TARGET_MB:.1%} of the {TARGET_MB:.0f} MB target"
    )
    print(
        f"ru_maxrss (whole process, incl. generator and inventory) {maxrss_mb:7.1f} MB = "
        f"{maxrss_mb / TARGET_MB:.1%} of the target"
    )
    if not args.no_roundtrip:
        print("no-op check round trip through Redis and a real worker (bench/check_roundtrip.py):")
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("check_roundtrip.py")), "--runs", "20"],
            check=False,
        )


def _django(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ["BOLLWERK_SCAN_ALLOWED"] = f"127.0.0.0/8,{NETWORK}"
    if "DATABASE_URL" not in os.environ:
        os.environ["BOLLWERK_VAR_DIR"] = tmp
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def store_bench(path: Path, assets, zone_list, previous, tmp: str) -> None:
    """parse + scan_reconcile_store against the inventory stored in the database."""
    _django(tmp)
    from django.conf import settings

    from assets.models import Asset, Conduit, ScanRun, ScanScope, Zone
    from assets.services.scans import _services_dump, scan_reconcile_store
    from bollwerk.checks.models import Finding
    from bollwerk.models import Organization

    org, _ = Organization.objects.get_or_create(
        slug="bench-scan", defaults={"name": "Benchmark utility"}
    )
    Finding.objects.filter(organization=org).delete()
    Conduit.objects.filter(organization=org).delete()
    ScanRun.objects.filter(organization=org).delete()
    Asset.objects.filter(organization=org).delete()
    Zone.objects.filter(organization=org).delete()
    ScanScope.objects.filter(organization=org).delete()
    zone_rows = {
        z.id: Zone.objects.create(
            organization=org,
            name=f"Zone {z.id}",
            level=z.level,
            subnets=[str(n) for n in z.networks],
        )
        for z in zone_list
    }
    office = zone_rows[zone_list[5].id]
    for z in zone_list:  # the zones' allowed protocols, as conduits to the office zone
        if z.allowed_protocols:
            Conduit.objects.create(
                organization=org,
                from_zone=zone_rows[z.id],
                to_zone=office,
                protocols=", ".join(sorted(z.allowed_protocols)),
            )
    lifecycle = {"operational": "in_operation", "retired": "decommissioned"}
    Asset.objects.bulk_create(
        [
            Asset(
                organization=org,
                name=a.name,
                asset_tag=f"B-{a.id}",
                kind="plc",
                asset_class="ot",
                ip_addresses=list(a.ip_addresses),
                hostnames=list(a.hostnames),
                zone=zone_rows[a.zone.id] if a.zone else None,
                lifecycle=lifecycle.get(a.lifecycle, "in_operation"),
            )
            for a in assets
        ],
        batch_size=1000,
    )
    scope = ScanScope.objects.create(organization=org, name="bench", networks=[str(NETWORK)])
    ScanRun.objects.create(
        organization=org, scope=scope, source="scan", services=_services_dump(previous)
    )
    database = settings.DATABASES["default"]
    print(
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}; "
        f"{Asset.objects.filter(organization=org).count():,} assets stored"
    )

    def once():
        started = time.perf_counter()
        scan = nmap_xml_parse(path)
        parsed = time.perf_counter()
        run = scan_reconcile_store(org=org, result=scan, scope=scope, source="scan")
        return run, parsed - started, time.perf_counter() - parsed

    gc.collect()
    run, parse_s, store_s = once()
    print(
        f"first import:  parse {parse_s:6.2f} s + reconcile/store {store_s:6.2f} s "
        f"= {parse_s + store_s:6.2f} s ({(parse_s + store_s) / TARGET_S:.1%} of {TARGET_S:.0f} s)"
    )
    print(
        f"  counts {run.counts}; findings stored {Finding.objects.filter(organization=org).count():,}"
    )
    run, parse_s, store_s = once()
    print(
        f"second import: parse {parse_s:6.2f} s + reconcile/store {store_s:6.2f} s "
        f"= {parse_s + store_s:6.2f} s (findings seen again)"
    )
    gc.collect()
    tracemalloc.start()
    once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak (tracemalloc, parse+reconcile+store) {peak / 2**20:7.1f} MB = "
        f"{peak / 2**20 / TARGET_MB:.1%} of {TARGET_MB:.0f} MB; ru_maxrss {maxrss_mb:7.1f} MB"
    )


if __name__ == "__main__":
    main()
