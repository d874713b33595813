"""A test section provider with realistic sensitive data, and hypothesis strategies for it.

Rows carry IPs (v4/v6), MACs, host names, zone and site names, coordinates,
OT firmware versions, and free text that repeats them, tagged with the
fake model label ``fakeinv.device`` whose fields are registered sensitive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import strategies as st

from bollwerk import sensitivity
from reports.sections import (
    Chart,
    Column,
    EvidenceFile,
    Fact,
    Facts,
    Paragraph,
    Row,
    Section,
    SourceRef,
    Table,
)

LABEL = "fakeinv.device"
for _field, _kind, _cond in (
    ("hostname", "hostname", None),
    ("ip", "ip", None),
    ("ipv6", "ip", None),
    ("mac", "mac", None),
    ("zone", "zone", None),
    ("site", "site", None),
    ("coordinate", "coordinate", None),
    ("firmware", "firmware", "ot_only"),
):
    sensitivity.register(LABEL, _field, _kind, condition=_cond)


@dataclass
class Device:
    name: str
    hostname: str
    ip: str
    ipv6: str
    mac: str
    zone: str
    site: str
    coordinate: str
    firmware: str
    ot: bool = True


@dataclass
class FakeInventory:
    devices: list[Device] = field(default_factory=list)

    def sensitive_values(self, include_it_firmware: bool = False) -> set[str]:
        values = set()
        for d in self.devices:
            values |= {d.hostname, d.ip, d.ipv6, d.mac, d.zone, d.site, d.coordinate}
            if d.ot or include_it_firmware:
                values.add(d.firmware)
        return values

    def provider(self, ctx):
        """The section: an aggregate chart and facts, a device table, and a narrative."""
        src = lambda f: SourceRef(LABEL, f)  # noqa: E731
        columns = [
            Column("name", "Device"),
            Column("hostname", "Host name", src("hostname")),
            Column("ip", "IPv4", src("ip")),
            Column("ipv6", "IPv6", src("ipv6")),
            Column("mac", "MAC", src("mac")),
            Column("zone", "Zone", src("zone")),
            Column("site", "Site", src("site")),
            Column("coordinate", "Location", src("coordinate")),
            Column("firmware", "Firmware", src("firmware")),
            Column("note", "Note"),
        ]
        rows = [
            Row(
                {
                    "name": d.name,
                    "hostname": d.hostname,
                    "ip": d.ip,
                    "ipv6": d.ipv6,
                    "mac": d.mac,
                    "zone": d.zone,
                    "site": d.site,
                    "coordinate": d.coordinate,
                    "firmware": d.firmware,
                    "note": f"{d.hostname} ({d.ip}, {d.mac}) in {d.zone} at {d.site}; "
                    f"fallback {d.ipv6}; firmware {d.firmware} since audit",
                },
                ot=d.ot,
            )
            for d in self.devices
        ]
        by_zone: dict[str, int] = {}
        for d in self.devices:
            by_zone[d.zone] = by_zone.get(d.zone, 0) + 1
        first = self.devices[0] if self.devices else None
        narrative = (
            f"The control centre {first.site} ({first.coordinate}) reaches {first.hostname} "
            f"over {first.ip}/24 in zone {first.zone}."
            if first
            else "No devices."
        )
        return Section(
            title="Field devices",
            blocks=[
                Facts(
                    [
                        Fact("Devices", len(self.devices)),
                        Fact("OT devices", sum(d.ot for d in self.devices)),
                    ]
                ),
                Chart("Devices per zone", sorted(by_zone.items())),
                Table(columns, rows, caption="All field devices"),
                Paragraph(narrative),
            ],
        )

    def evidence(self, ctx):
        text = "\n".join(f"{d.hostname};{d.ip};{d.mac};{d.zone}" for d in self.devices)
        return [
            EvidenceFile("firewall-export.csv", text.encode(), "text/csv"),
            EvidenceFile(f"{self.devices[0].hostname}-photo.png", b"\x89PNG binary", "image/png")
            if self.devices
            else EvidenceFile("empty.png", b"\x89PNG", "image/png"),
        ]


# --- deterministic data (fixtures, benchmark) -------------------------------------
def make_inventory(n: int, seed: int = 7) -> FakeInventory:
    rng = random.Random(seed)
    zones = [f"Leitstelle-{rng.choice('NSWO')}{i}" for i in range(max(1, n // 50))]
    sites = [f"Wasserwerk Kleinau {i}" for i in range(max(1, n // 200))]
    devices = []
    for i in range(n):
        ot = i % 3 != 0
        devices.append(
            Device(
                name=f"Pumpe {i}",
                hostname=f"plc-{i:05d}.ot.swk-kleinau.example",
                ip=f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
                ipv6=f"fd00:{i >> 16:x}:{i & 0xFFFF:x}::1",
                mac=":".join(f"{(i * 7919 + k * 31) & 255:02x}" for k in range(6)),
                zone=rng.choice(zones),
                site=rng.choice(sites),
                coordinate=f"{50 + rng.random():.5f}, {8 + rng.random():.5f}",
                firmware=f"V{rng.randint(1, 4)}.{rng.randint(0, 9)}.{i % 97}-fw",
                ot=ot,
            )
        )
    return FakeInventory(devices)


# --- hypothesis strategies ------------------------------------------------------------
_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=10)
hostnames = st.builds(
    lambda a, b, tld: f"{a}-{b}.{tld}",
    _label,
    _label,
    st.sampled_from(["net", "de", "example", "local"]),
)
zone_names = st.builds(
    lambda w, tag: f"{w}-{tag}",
    st.sampled_from(["Leitstelle", "Prozessnetz", "Fernwirk", "Pumpwerk", "Umspannwerk"]),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=4, max_size=6),
)
site_names = st.builds(
    lambda w, tag: f"{w} {tag}",
    st.sampled_from(["Wasserwerk", "Klaerwerk", "Heizkraftwerk", "Hochbehaelter"]),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=5, max_size=8),
)
ipv4s = st.ip_addresses(v=4).map(str)
ipv6s = st.ip_addresses(v=6).map(str)
macs = st.lists(st.integers(0, 255), min_size=6, max_size=6).map(
    lambda bs: ":".join(f"{b:02X}" for b in bs)
)
coordinates = st.tuples(
    st.floats(47.0, 55.0, allow_nan=False), st.floats(6.0, 15.0, allow_nan=False)
).map(lambda t: f"{t[0]:.5f}, {t[1]:.5f}")
firmwares = st.builds(
    lambda a, b, c, tag: f"V{a}.{b}.{c}-{tag}",
    st.integers(1, 9),
    st.integers(0, 99),
    st.integers(0, 999),
    st.text(alphabet="abcdefghkmnpqrstuvwxyz", min_size=3, max_size=5),
)
devices = st.builds(
    Device,
    name=st.sampled_from(["Pumpe", "Schieber", "RTU", "HMI"]),
    hostname=hostnames,
    ip=ipv4s,
    ipv6=ipv6s,
    mac=macs,
    zone=zone_names,
    site=site_names,
    coordinate=coordinates,
    firmware=firmwares,
    ot=st.booleans(),
)
inventories = st.lists(devices, min_size=1, max_size=4, unique_by=lambda d: d.hostname).map(
    FakeInventory
)
