"""Port knowledge: industrial protocols, insecure clear-text services, port lists.

A port is classified by its number (``502/tcp`` is Modbus) unless nmap's
version detection *probed* it and found something else (``102/tcp`` answering
HTTP is not S7comm); a probed service name such as ``modbus`` on any port
also counts. Services tunnelled through SSL (``telnets`` on 992) are not
clear-text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Port

#: Service names that say nothing about the protocol; they never veto a port-number match.
_UNINFORMATIVE = frozenset({"", "unknown", "tcpwrapped"})


@dataclass(frozen=True, slots=True)
class ProtocolRule:
    """A protocol recognised by port number or by nmap service name.

    ``key`` and ``aliases`` are the names a zone uses to permit the protocol
    (``allowed_protocols``); ``severity`` is the default for an insecure service.
    """

    key: str
    label: str
    tcp: frozenset[int] = frozenset()
    udp: frozenset[int] = frozenset()
    service_names: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()
    severity: str = "high"

    @property
    def names(self) -> frozenset[str]:
        return self.aliases | {self.key}

    def ports(self, protocol: str) -> frozenset[int]:
        return self.tcp if protocol == "tcp" else self.udp if protocol == "udp" else frozenset()


def _rule(
    key: str,
    label: str,
    *,
    tcp: Iterable[int] = (),
    udp: Iterable[int] = (),
    names: Iterable[str] = (),
    aliases: Iterable[str] = (),
    severity: str = "high",
) -> ProtocolRule:
    return ProtocolRule(
        key=key,
        label=label,
        tcp=frozenset(tcp),
        udp=frozenset(udp),
        service_names=frozenset(name.lower() for name in names),
        aliases=frozenset(aliases),
        severity=severity,
    )


#: Industrial protocols: reachable only in zones whose ``allowed_protocols`` name them.
INDUSTRIAL_PROTOCOLS: tuple[ProtocolRule, ...] = (
    _rule(
        "iso-tsap",
        "ISO-TSAP (Siemens S7comm, IEC 61850 MMS, ICCP)",
        tcp=[102],
        names=["iso-tsap", "s7comm", "siemens-s7", "mms"],
        aliases=["s7comm", "iec61850-mms", "iccp"],
    ),
    _rule("modbus", "Modbus/TCP", tcp=[502], udp=[502], names=["mbap", "modbus"]),
    _rule("iec104", "IEC 60870-5-104", tcp=[2404], names=["iec-104", "iec104"]),
    _rule("opcua", "OPC UA", tcp=[4840, 4843], names=["opcua-tcp", "opcua-tls", "opc-ua"]),
    _rule("dnp3", "DNP3", tcp=[20000], udp=[20000], names=["dnp", "dnp3"]),
    _rule(
        "enip",
        "EtherNet/IP (CIP)",
        tcp=[44818],
        udp=[44818, 2222],
        names=["ethernetip-1", "ethernetip-2", "enip"],
    ),
    _rule("bacnet", "BACnet/IP", tcp=[47808], udp=[47808], names=["bacnet"]),
    _rule("niagara-fox", "Tridium Niagara Fox", tcp=[1911, 4911], names=["niagara-fox", "fox"]),
    _rule(
        "profinet",
        "PROFINET",
        tcp=range(34962, 34965),
        udp=range(34962, 34965),
        names=["profinet-rt", "profinet-rtm", "profinet-cm"],
    ),
    _rule("codesys", "CODESYS runtime", tcp=[1217, 2455, 11740], names=["codesys"]),
    _rule("melsec", "Mitsubishi MELSEC", tcp=[5006, 5007], udp=[5006, 5007], names=["melsec"]),
    _rule("omron-fins", "Omron FINS", tcp=[9600], udp=[9600], names=["omron-fins", "fins"]),
    _rule("hart-ip", "HART-IP", tcp=[5094], udp=[5094], names=["hart-ip"]),
    _rule("ge-srtp", "GE SRTP", tcp=[18245, 18246], names=["ge-srtp"]),
    _rule("pcworx", "Phoenix Contact PCWorx", tcp=[1962], names=["pcworx"]),
    _rule("proconos", "ProConOS", tcp=[20547], names=["proconos"]),
    _rule("ff-hse", "Foundation Fieldbus HSE", tcp=range(1089, 1092), udp=range(1089, 1092)),
    _rule("crimson", "Red Lion Crimson v3", tcp=[789], names=["crimson"]),
)

#: Clear-text or unauthenticated remote access: a finding in every zone.
INSECURE_SERVICES: tuple[ProtocolRule, ...] = (
    _rule("telnet", "Telnet", tcp=[23, 2323], names=["telnet"], severity="high"),
    _rule("ftp", "FTP", tcp=[21], names=["ftp"], severity="medium"),
    _rule("tftp", "TFTP", udp=[69], names=["tftp"], severity="medium"),
    _rule("rexec", "rexec", tcp=[512], names=["exec", "rexec"], severity="high"),
    _rule("rlogin", "rlogin", tcp=[513], names=["login", "rlogin"], severity="high"),
    _rule("rsh", "rsh", tcp=[514], names=["shell", "rsh"], severity="high"),
    _rule(
        "vnc",
        "VNC (unencrypted remote desktop)",
        tcp=range(5900, 5907),
        names=["vnc", "vnc-1", "vnc-2", "vnc-3", "vnc-http", "rfb"],
        severity="high",
    ),
    _rule("x11", "X11", tcp=[6000], names=["x11"], severity="medium"),
)

_ADMIN_PORTS = (22, 80, 443, 445, 3389, 8080, 8443)


def _default_ports() -> tuple[int, ...]:
    ports: set[int] = set(_ADMIN_PORTS)
    for rule in INDUSTRIAL_PROTOCOLS + INSECURE_SERVICES:
        ports.update(rule.tcp)
    return tuple(sorted(ports))


#: TCP ports the OT-safe profile scans when a scope lists none: every industrial
#: and insecure TCP port above plus SSH, HTTP(S), SMB and RDP.
OT_SAFE_DEFAULT_PORTS: tuple[int, ...] = _default_ports()


class PortClassifier:
    """Finds which industrial protocols and insecure services a scanned port is.

    Rules are indexed by (protocol, port) and by service name, so a lookup
    costs two dictionary probes however many rules there are.
    """

    def __init__(
        self,
        industrial: Iterable[ProtocolRule] = INDUSTRIAL_PROTOCOLS,
        insecure: Iterable[ProtocolRule] = INSECURE_SERVICES,
    ) -> None:
        self.industrial_rules = tuple(industrial)
        self.insecure_rules = tuple(insecure)
        self._industrial = _index(self.industrial_rules)
        self._insecure = _index(self.insecure_rules)

    def industrial(self, port: Port) -> tuple[ProtocolRule, ...]:
        return _lookup(self._industrial, port)

    def insecure(self, port: Port) -> tuple[ProtocolRule, ...]:
        if port.service is not None and port.service.tunnel == "ssl":
            return ()
        return _lookup(self._insecure, port)


_Index = tuple[dict[tuple[str, int], list[ProtocolRule]], dict[str, list[ProtocolRule]]]


def _index(rules: Iterable[ProtocolRule]) -> _Index:
    by_port: dict[tuple[str, int], list[ProtocolRule]] = {}
    by_name: dict[str, list[ProtocolRule]] = {}
    for rule in rules:
        for protocol in ("tcp", "udp"):
            for number in rule.ports(protocol):
                by_port.setdefault((protocol, number), []).append(rule)
        for name in rule.service_names:
            by_name.setdefault(name, []).append(rule)
    return by_port, by_name


def _lookup(index: _Index, port: Port) -> tuple[ProtocolRule, ...]:
    by_port, by_name = index
    candidates = by_port.get((port.protocol, port.portid), [])
    service = port.service
    if service is not None and service.probed:
        candidates = candidates + by_name.get(service.name.lower(), [])
    if not candidates:
        return ()
    return tuple(dict.fromkeys(rule for rule in candidates if _matches(rule, port)))


def _matches(rule: ProtocolRule, port: Port) -> bool:
    """By probed service name on any port; by port number unless a probe found another service."""
    service = port.service
    probed = service is not None and service.probed
    name = service.name.lower() if service is not None else ""
    if probed and name in rule.service_names:
        return True
    if port.portid not in rule.ports(port.protocol):
        return False
    return not (probed and name not in _UNINFORMATIVE and name not in rule.service_names)


def ports_format(ports: Iterable[int]) -> str:
    """``[21, 22, 23, 502]`` → ``"21-23,502"`` (sorted, merged into ranges)."""
    ordered = sorted(set(ports))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        first = last = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == last + 1:
            index += 1
            last = ordered[index]
        parts.append(str(first) if first == last else f"{first}-{last}")
        index += 1
    return ",".join(parts)


def ports_parse(text: str) -> tuple[int, ...]:
    """``"21-23, 502"`` → ``(21, 22, 23, 502)``; raises ValueError naming the bad part.

    Only digits, commas and ranges are accepted; ports lie in 1-65535.
    """
    ports: set[int] = set()
    for raw in text.split(","):
        part = raw.strip()
        first_text, _, last_text = part.partition("-")
        if not first_text.isdecimal() or (last_text and not last_text.isdecimal()):
            raise ValueError(f"{part!r} is not a port or a range like 20-25")
        first, last = int(first_text), int(last_text or first_text)
        if not 1 <= first <= last <= 65535:
            raise ValueError(f"{part!r} is outside 1-65535 or reversed")
        ports.update(range(first, last + 1))
    return tuple(sorted(ports))


class PortRanges:
    """Membership test over nmap's compact port list (``"1,3-4,6-7"``) without expanding it."""

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            first, _, last = part.partition("-")
            if first.isdecimal() and (not last or last.isdecimal()):
                starts.append(int(first))
                ends.append(int(last or first))
        order = sorted(range(len(starts)), key=starts.__getitem__)
        self._starts = [starts[i] for i in order]
        self._ends = [ends[i] for i in order]

    def __contains__(self, port: object) -> bool:
        if not isinstance(port, int):
            return False
        index = bisect.bisect_right(self._starts, port) - 1
        return index >= 0 and port <= self._ends[index]

    def __bool__(self) -> bool:
        return bool(self._starts)
