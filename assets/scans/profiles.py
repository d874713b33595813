"""nmap argument lists per scan profile, built only from validated scope parts.

No user text is ever interpolated: networks are rendered from ``ip_network``
objects, ports from integers, the rate from an integer, and nmap is started
without a shell. The exact argument lists (``<...>`` filled from the scope)::

    ot_safe (default)
        nmap -oX - --unprivileged -n -Pn -sT --max-retries 1 --max-parallelism 10
             --max-rate <rate> -p <ports> [-6] <network> ...

    full (must be chosen explicitly)
        nmap -oX - --unprivileged -n -Pn -sT -sV --version-intensity 7
             --script "default and safe" --max-retries 2
             --max-rate <rate> -p <ports> [-6] <network> ...

Why each part of ``ot_safe``:
- ``--unprivileged``: nmap behaves as if it had no raw-socket rights even when
  the worker runs as root, so no raw ICMP, ARP or crafted SYN packets are sent.
- ``-sT``: full TCP connects through the operating system's stack, the
  gentlest probe for PLCs (no half-open connections left behind).
- ``-Pn``: no ping sweep; the only packets go to the listed ports. nmap then
  reports every address "up" (reason ``user-set``); :attr:`Host.responded`
  counts a host only when one of its ports answered (open or closed).
- ``-n``: no reverse DNS, so no traffic to name servers and a deterministic run.
- ``--max-retries 1``, ``--max-parallelism 10``, ``--max-rate``: few
  retransmissions, at most ten probes in flight (old PLCs have small
  connection tables), and the scope's packet rate as a hard ceiling.
- never ``-sV``, ``-O``, ``-A`` or ``--script``: service and OS probes send
  malformed or unexpected payloads that have crashed PLCs.
- ``-p``: the scope's ports, else :data:`OT_SAFE_DEFAULT_PORTS` (TCP only: a
  connect scan cannot probe UDP, so BACnet/IP on 47808/udp is not covered).
"""

from __future__ import annotations

from .ports import OT_SAFE_DEFAULT_PORTS, ports_format
from .scope import Profile, ScanScope

_COMMON = ["-oX", "-", "--unprivileged", "-n", "-Pn", "-sT"]

PROFILE_ARGUMENTS: dict[Profile, tuple[str, ...]] = {
    Profile.OT_SAFE: (*_COMMON, "--max-retries", "1", "--max-parallelism", "10"),
    Profile.FULL: (
        *_COMMON,
        "-sV",
        "--version-intensity",
        "7",
        "--script",
        "default and safe",
        "--max-retries",
        "2",
    ),
}

#: Options that must never appear in an ot_safe argument list.
OT_FORBIDDEN = frozenset({"-sV", "-O", "-A", "--script", "-sS", "-sU", "-PE", "-PP", "-PM"})


def nmap_arguments(scope: ScanScope, *, nmap_path: str = "nmap") -> list[str]:
    """The full argv (program first) that scans ``scope`` with its profile."""
    ports = scope.ports or OT_SAFE_DEFAULT_PORTS
    argv = [nmap_path, *PROFILE_ARGUMENTS[Profile(scope.profile)]]
    argv += ["--max-rate", str(int(scope.max_rate)), "-p", ports_format(ports)]
    if any(network.version == 6 for network in scope.networks):
        argv.append("-6")
    argv += [str(network) for network in scope.networks]
    return argv
