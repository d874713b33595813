"""Plain, immutable dataclasses for a parsed nmap scan (no Django, no I/O).

The parser in :mod:`assets.scans.nmap_xml` produces a :class:`ScanResult`.
Every value is copied from the XML as text or number; nothing is resolved or
looked up. Addresses stay strings because real files contain non-addresses
(``test_osclass.xml`` has ``addr="IP"``); :func:`normalise_ip` interprets them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

#: Port states that prove a host answered (a SYN-ACK or a RST came back).
RESPONDING_PORT_STATES = frozenset({"open", "closed", "unfiltered"})


def normalise_ip(value: str) -> str | None:
    """The canonical text of an IPv4/IPv6 address, or None when ``value`` is none."""
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None


def normalise_mac(value: str) -> str:
    """A MAC address as upper-case colon-separated hex (``00:1F:3C:87:66:50``)."""
    digits = "".join(ch for ch in value if ch.isalnum()).upper()
    if len(digits) != 12:
        return value.strip().upper()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


@dataclass(frozen=True, slots=True)
class Address:
    """One ``<address>``: ``addrtype`` is ``ipv4``, ``ipv6`` or ``mac``."""

    addr: str
    addrtype: str = "ipv4"
    vendor: str = ""


@dataclass(frozen=True, slots=True)
class Hostname:
    """One ``<hostname>`` (``type`` is ``user`` or ``PTR``)."""

    name: str
    type: str = ""


@dataclass(frozen=True, slots=True)
class ScriptOutput:
    """An NSE script result: its id and its text output (structured tables are not kept)."""

    id: str
    output: str


@dataclass(frozen=True, slots=True)
class Service:
    """``<service>`` of a port. ``method`` is ``table`` (guessed from the port number)
    or ``probed`` (identified by version detection); only probed values say much."""

    name: str = ""
    product: str = ""
    version: str = ""
    extrainfo: str = ""
    tunnel: str = ""
    method: str = ""
    conf: int | None = None
    cpes: tuple[str, ...] = ()

    @property
    def probed(self) -> bool:
        return self.method == "probed"


@dataclass(frozen=True, slots=True)
class Port:
    """One ``<port>`` with its state and, where nmap named it, the service."""

    protocol: str
    portid: int
    state: str
    reason: str = ""
    service: Service | None = None
    scripts: tuple[ScriptOutput, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True, slots=True)
class OsClass:
    """One ``<osclass>`` guess (type, vendor, family, generation, accuracy %)."""

    type: str = ""
    vendor: str = ""
    osfamily: str = ""
    osgen: str = ""
    accuracy: int | None = None
    cpes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OsMatch:
    """One ``<osmatch>`` with the classes nested in it (nmap ≥ 4.6x writes them there)."""

    name: str
    accuracy: int | None = None
    classes: tuple[OsClass, ...] = ()


@dataclass(frozen=True, slots=True)
class Host:
    """One ``<host>`` of the scan.

    ``os_classes`` holds ``<osclass>`` elements written directly under ``<os>``
    (the layout of nmap 5.x); newer files nest them in ``os_matches``.
    """

    state: str
    reason: str = ""
    addresses: tuple[Address, ...] = ()
    hostnames: tuple[Hostname, ...] = ()
    ports: tuple[Port, ...] = ()
    os_matches: tuple[OsMatch, ...] = ()
    os_classes: tuple[OsClass, ...] = ()
    scripts: tuple[ScriptOutput, ...] = ()
    _ips: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Computed once: reconciliation asks for the addresses of every host many times.
        ips = []
        for address in self.addresses:
            if address.addrtype in ("ipv4", "ipv6"):
                ip = normalise_ip(address.addr)
                if ip is not None:
                    ips.append(ip)
        object.__setattr__(self, "_ips", tuple(ips))

    @property
    def is_up(self) -> bool:
        return self.state == "up"

    @property
    def responded(self) -> bool:
        """Did the host really answer? With ``-Pn`` nmap marks every target "up"
        (reason ``user-set``); such a host counts only when a port answered."""
        if not self.is_up:
            return False
        if self.reason != "user-set":
            return True
        return any(port.state in RESPONDING_PORT_STATES for port in self.ports)

    @property
    def ip_addresses(self) -> tuple[str, ...]:
        """Canonical IPv4/IPv6 addresses; addresses that do not parse are left out."""
        return self._ips

    @property
    def mac_addresses(self) -> tuple[str, ...]:
        return tuple(normalise_mac(a.addr) for a in self.addresses if a.addrtype == "mac")

    @property
    def primary_address(self) -> str:
        """The first IP address, else the first address as written (for messages and keys)."""
        ips = self.ip_addresses
        if ips:
            return ips[0]
        return self.addresses[0].addr if self.addresses else ""

    @property
    def open_ports(self) -> tuple[Port, ...]:
        return tuple(port for port in self.ports if port.is_open)


@dataclass(frozen=True, slots=True)
class ScanInfo:
    """``<scaninfo>``: scan type (``connect``, ``syn``, ...), protocol and the port list."""

    type: str
    protocol: str
    numservices: int | None = None
    services: str = ""


@dataclass(frozen=True, slots=True)
class ScanMeta:
    """Run-level facts: the nmap command line, times, version and the runstats counts."""

    scanner: str
    args: str
    version: str
    xmloutputversion: str
    start: datetime | None
    end: datetime | None
    elapsed: float | None
    exit: str
    summary: str
    scaninfo: tuple[ScanInfo, ...]
    hosts_up: int
    hosts_down: int
    hosts_total: int

    @property
    def scan_types(self) -> tuple[str, ...]:
        return tuple(info.type for info in self.scaninfo)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A parsed scan: metadata, the hosts that are up, and script output before/after.

    Down hosts (which ``-v`` lists one by one, 252 of 256 in ``full_sudo6.xml``)
    are counted in ``down_hosts_listed``; hosts that ``-Pn`` declared up
    (reason ``user-set``) but that answered on no port in
    ``silent_hosts_listed``. Both are kept in ``hosts`` only when the parser
    was asked to (``keep_all_hosts=True``).
    """

    source: str
    meta: ScanMeta
    hosts: tuple[Host, ...]
    down_hosts_listed: int = 0
    silent_hosts_listed: int = 0
    prescripts: tuple[ScriptOutput, ...] = ()
    postscripts: tuple[ScriptOutput, ...] = ()

    @property
    def up_hosts(self) -> tuple[Host, ...]:
        return tuple(host for host in self.hosts if host.is_up)

    @property
    def open_port_count(self) -> int:
        return sum(len(host.open_ports) for host in self.hosts if host.is_up)
