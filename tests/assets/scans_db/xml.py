"""nmap XML documents for the storage tests (built with the engine tests' helper)."""

from tests.assets.scans.nmapxml import document, host, port


def scan_xml(hosts) -> str:
    """``hosts``: [(ip, [(port, service name), ...]), ...] → a complete nmap XML text."""
    return document(
        *(host(ip, *(port(p, name=name) for p, name in ports)) for ip, ports in hosts)
    ).decode()
