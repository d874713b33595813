"""Build small nmap XML documents in nmap's real layout for parser and reconciliation tests."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
    '<nmaprun scanner="nmap" args="nmap -sT -p 22,502 127.0.0.0/29" start="1700000000" '
    'version="7.93" xmloutputversion="1.05">\n'
    '<scaninfo type="connect" protocol="tcp" numservices="{count}" services="{services}"/>\n'
)
TAIL = (
    '<runstats><finished time="1700000100" elapsed="100.00" exit="success" summary="done"/>'
    '<hosts up="{up}" down="{down}" total="{total}"/></runstats>\n</nmaprun>\n'
)


def port(portid: int, state: str = "open", protocol: str = "tcp", **service: str) -> str:
    """One ``<port>``; keyword arguments become ``<service>`` attributes."""
    svc = ""
    if service:
        svc = "<service " + " ".join(f"{k}={quoteattr(v)}" for k, v in service.items()) + "/>"
    return (
        f'<port protocol="{protocol}" portid="{portid}"><state state="{state}" '
        f'reason="syn-ack" reason_ttl="64"/>{svc}</port>'
    )


def host(
    ip: str,
    *ports: str,
    mac: str = "",
    hostname: str = "",
    state: str = "up",
    reason: str = "syn-ack",
) -> str:
    """One ``<host>`` with the given ``port(...)`` strings."""
    parts = [
        f'<host><status state="{state}" reason="{reason}"/>',
        f'<address addr="{ip}" addrtype="ipv4"/>',
    ]
    if mac:
        parts.append(f'<address addr="{mac}" addrtype="mac" vendor="Siemens"/>')
    names = f'<hostname name="{hostname}" type="PTR"/>' if hostname else ""
    parts.append(f"<hostnames>{names}</hostnames>")
    parts.append(f"<ports>{''.join(ports)}</ports></host>\n")
    return "".join(parts)


def document(*hosts: str, services: str = "1-65535", up: int | None = None, down: int = 0) -> bytes:
    """A complete scan output with the given ``host(...)`` strings."""
    count = up if up is not None else len(hosts)
    body = HEAD.format(count=len(services.split(",")), services=services) + "".join(hosts)
    return (body + TAIL.format(up=count, down=down, total=count + down)).encode()
