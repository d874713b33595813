"""Synthetic data for bench/scan_reconcile.py: an nmap XML of a /16 and an inventory.

Not a real scan: the file is written in nmap 7.93's XML layout (``-v`` output,
so down hosts are listed one by one) from a seeded random generator. The
addresses (10.20.0.0/16) exist only in the file; nothing is sent anywhere.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path

NETWORK = ipaddress.ip_network("10.20.0.0/16")
OUTSIDE = ipaddress.ip_network("10.30.0.0/16")
PORT_CHOICES = (22, 80, 443, 502, 102, 23, 2404, 4840, 3389, 8080, 20000, 44818, 161, 21, 5900)
PROBED = {
    22: ("ssh", "OpenSSH", "9.2p1"),
    80: ("http", "nginx", "1.24.0"),
    502: ("mbap", "", ""),
    443: ("https", "Apache httpd", "2.4.57"),
}
SERVICE_NAMES = {
    102: "iso-tsap",
    23: "telnet",
    2404: "iec-104",
    4840: "opcua-tcp",
    3389: "ms-wbt-server",
    8080: "http-proxy",
    20000: "dnp",
    44818: "EtherNetIP-2",
    161: "snmp",
    21: "ftp",
    5900: "vnc",
}

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated Mon Mar  3 01:00:00 2025 as: nmap -oX - -v -n -sT -p {ports} {net} -->
<nmaprun scanner="nmap" args="nmap -oX - -v -n -sT -p {ports} {net}" start="1740960000" startstr="Mon Mar  3 01:00:00 2025" version="7.93" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="{count}" services="{ports}"/>
<verbose level="1"/>
<debugging level="0"/>
"""
TAIL = """<runstats><finished time="1740967200" timestr="Mon Mar  3 03:00:00 2025" summary="Nmap done at Mon Mar  3 03:00:00 2025; {total} IP addresses ({up} hosts up) scanned in 7200.00 seconds" elapsed="7200.00" exit="success"/><hosts up="{up}" down="{down}" total="{total}"/>
</runstats>
</nmaprun>
"""


@dataclass(frozen=True)
class Generated:
    """What the generator wrote: the up hosts and their open ports, for the inventory."""

    path: Path
    up_hosts: list[str]
    open_ports: dict[str, list[int]]
    bytes_written: int


def _port(portid: int, rng: random.Random) -> str:
    if portid in PROBED and rng.random() < 0.5:
        name, product, version = PROBED[portid]
        extra = f' product="{product}" version="{version}"' if product else ""
        service = f'<service name="{name}"{extra} method="probed" conf="10"/>'
    else:
        name = PROBED[portid][0] if portid in PROBED else SERVICE_NAMES.get(portid, "unknown")
        service = f'<service name="{name}" method="table" conf="3"/>'
    return (
        f'<port protocol="tcp" portid="{portid}"><state state="open" reason="syn-ack" '
        f'reason_ttl="64"/>{service}</port>\n'
    )


def _silent(address: object, assume_up: bool, ports: int) -> str:
    """An address that did not answer: listed "down" (``-v``), or "up" by ``-Pn``'s fiat."""
    if not assume_up:
        return (
            f'<host><status state="down" reason="no-response" reason_ttl="0"/>\n'
            f'<address addr="{address}" addrtype="ipv4"/>\n</host>\n'
        )
    return (
        f'<host><status state="up" reason="user-set" reason_ttl="0"/>\n'
        f'<address addr="{address}" addrtype="ipv4"/>\n<hostnames>\n</hostnames>\n'
        f'<ports><extraports state="filtered" count="{ports}">\n<extrareasons '
        f'reason="no-response" count="{ports}"/>\n</extraports>\n</ports>\n</host>\n'
    )


def scan_generate(
    directory: Path,
    *,
    hosts_up: int = 5_000,
    ports_per_host: int = 4,
    seed: int = 8,
    assume_up: bool = False,
) -> Generated:
    """Write ``scan.xml`` for all 65,536 addresses of NETWORK into ``directory``.

    ``assume_up`` writes silent addresses the way the ot_safe profile's ``-Pn``
    makes nmap report them (up, reason ``user-set``, every port filtered).
    """
    rng = random.Random(seed)
    addresses = list(NETWORK)
    up = set(rng.sample(range(len(addresses)), hosts_up))
    ports_text = ",".join(str(p) for p in sorted(PORT_CHOICES))
    path = directory / "scan.xml"
    open_ports: dict[str, list[int]] = {}
    up_hosts: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.format(ports=ports_text, net=NETWORK, count=len(PORT_CHOICES)))
        for index, address in enumerate(addresses):
            if index not in up:
                out.write(_silent(address, assume_up, len(PORT_CHOICES)))
                continue
            ports = sorted(rng.sample(PORT_CHOICES, ports_per_host))
            up_hosts.append(str(address))
            open_ports[str(address)] = ports
            mac = ":".join(f"{rng.randrange(256):02X}" for _ in range(6))
            closed = len(PORT_CHOICES) - ports_per_host
            out.write(
                f'<host starttime="1740960100" endtime="1740960200"><status state="up" '
                f'reason="syn-ack" reason_ttl="0"/>\n<address addr="{address}" addrtype="ipv4"/>\n'
                f'<address addr="{mac}" addrtype="mac" vendor="Siemens AG"/>\n<hostnames>\n'
                f'</hostnames>\n<ports><extraports state="closed" count="{closed}">\n'
                f'<extrareasons reason="conn-refused" count="{closed}"/>\n</extraports>\n'
                + "".join(_port(p, rng) for p in ports)
                + '</ports>\n<times srtt="500" rttvar="200" to="100000"/>\n</host>\n'
            )
        down = 0 if assume_up else len(addresses) - hosts_up
        out.write(TAIL.format(up=len(addresses) - down, down=down, total=len(addresses)))
    return Generated(path, up_hosts, open_ports, path.stat().st_size)
