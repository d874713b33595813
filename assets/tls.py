"""Reading a TLS endpoint's certificate (for the ``tls_certificates`` check); no database.

:func:`tls_probe` resolves the host, refuses any address outside
``allowed`` (``settings.BOLLWERK_SCAN_ALLOWED``), connects to the checked
address without verifying the chain (we inspect, not trust) and parses the
peer certificate with ``cryptography``. :func:`tls_problems` turns that into
findings: expired, expiring within 30 days, RSA under 2048 bits, SHA-1
signature, protocol below TLS 1.2.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from django.utils.translation import gettext_lazy as _

EXPIRY_WARN_DAYS = 30
MIN_RSA_BITS = 2048
WEAK_PROTOCOLS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})


class TlsProbeError(Exception):
    """The endpoint is not allowed, does not resolve, or gives no certificate."""


@dataclass(frozen=True)
class TlsInfo:
    """What the handshake showed: protocol, certificate dates, key and signature."""

    address: str
    protocol: str
    subject: str
    not_after: dt.datetime
    key_type: str
    key_bits: int | None
    signature_hash: str


@dataclass(frozen=True)
class TlsProblem:
    kind: str
    severity: str
    title: str
    detail: str


def _resolve(host: str, port: int, allowed: Sequence) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise TlsProbeError(f"{host}:{port}: cannot resolve ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for text in addresses:
        address = ipaddress.ip_address(text)
        if not any(address.version == n.version and address in n for n in allowed):
            nets = ", ".join(str(n) for n in allowed)
            raise TlsProbeError(
                f"{host}:{port}: address {address} is outside the allowed networks ({nets})"
            )
    if not addresses:
        raise TlsProbeError(f"{host}:{port}: no address")
    return addresses[0]


def tls_probe(
    *, host: str, port: int, server_name: str, allowed: Sequence, timeout: float = 10.0
) -> TlsInfo:
    """Connect to ``host:port`` (inside ``allowed`` only) and describe its certificate."""
    address = _resolve(host, port, allowed)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:  # accept old protocols so that we can report them
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        pass
    try:
        with socket.create_connection((address, port), timeout=timeout) as raw:
            sni = server_name if server_name and not _is_ip(server_name) else None
            with context.wrap_socket(raw, server_hostname=sni) as conn:
                der = conn.getpeercert(binary_form=True)
                protocol = conn.version() or ""
    except (OSError, ssl.SSLError) as exc:
        raise TlsProbeError(f"{host}:{port}: TLS handshake failed ({exc})") from None
    if not der:
        raise TlsProbeError(f"{host}:{port}: no certificate presented")
    cert = x509.load_der_x509_certificate(der)
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey):
        key_type, bits = ("RSA" if isinstance(key, rsa.RSAPublicKey) else "DSA"), key.key_size
    else:
        key_type, bits = type(key).__name__.removeprefix("_"), getattr(key, "key_size", None)
    algorithm = cert.signature_hash_algorithm
    return TlsInfo(
        address=address,
        protocol=protocol,
        subject=cert.subject.rfc4514_string(),
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_bits=bits,
        signature_hash=algorithm.name if algorithm is not None else "",
    )


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def tls_problems(info: TlsInfo, *, now: dt.datetime) -> list[TlsProblem]:
    """The weaknesses of one endpoint (empty when all is well)."""
    problems = []
    days = (info.not_after - now).days
    if info.not_after <= now:
        problems.append(
            TlsProblem(
                "cert_expired",
                "high",
                _("TLS certificate expired"),
                f"certificate {info.subject} expired on {info.not_after.date().isoformat()}",
            )
        )
    elif days < EXPIRY_WARN_DAYS:
        problems.append(
            TlsProblem(
                "cert_expiring",
                "medium",
                _("TLS certificate expires within 30 days"),
                f"certificate {info.subject} expires on {info.not_after.date().isoformat()} "
                f"(in {days} days)",
            )
        )
    if info.key_type in ("RSA", "DSA") and info.key_bits and info.key_bits < MIN_RSA_BITS:
        problems.append(
            TlsProblem(
                "weak_key",
                "high",
                _("TLS certificate key too short"),
                f"{info.key_type} key of {info.key_bits} bits (at least {MIN_RSA_BITS})",
            )
        )
    if info.signature_hash in ("sha1", "md5"):
        problems.append(
            TlsProblem(
                "weak_signature",
                "medium",
                _("TLS certificate signed with a weak hash"),
                f"signature hash {info.signature_hash.upper()}",
            )
        )
    if info.protocol in WEAK_PROTOCOLS:
        problems.append(
            TlsProblem(
                "weak_protocol",
                "high",
                _("TLS below version 1.2 negotiated"),
                f"negotiated {info.protocol}",
            )
        )
    return problems
