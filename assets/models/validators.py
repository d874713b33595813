"""Syntax checks and normalisation for network identifiers (IP, MAC, CIDR, host name).

Each ``normalise_*`` function takes a list of strings and returns the
canonical list, or raises one ``ValidationError`` naming the bad value.
Forms, serializers, the model's ``clean()`` and the CSV import share them.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MAC = re.compile(r"^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$")
_MAC_DOTTED = re.compile(r"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)
_SPLIT = re.compile(r"[\s,;|]+")


def split_list(value) -> list[str]:
    """A list from a list or from a string separated by spaces, commas, semicolons or bars."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item for item in _SPLIT.split(value.strip()) if item]
    return [str(item).strip() for item in value if str(item).strip()]


def normalise_ips(values) -> list[str]:
    """IPv4/IPv6 host addresses in canonical form, duplicates removed."""
    result = []
    for value in split_list(values):
        try:
            result.append(str(ipaddress.ip_address(value)))
        except ValueError:
            raise ValidationError(
                _("%(value)s is not a valid IP address."), code="ip", params={"value": value}
            ) from None
    return list(dict.fromkeys(result))


def normalise_macs(values) -> list[str]:
    """MAC addresses as lower-case, colon-separated pairs (aa:bb:cc:dd:ee:ff)."""
    result = []
    for value in split_list(values):
        lowered = value.lower()
        if not (_MAC.match(lowered) or _MAC_DOTTED.match(lowered)):
            raise ValidationError(
                _("%(value)s is not a valid MAC address (expected e.g. 00:1b:1b:12:34:56)."),
                code="mac",
                params={"value": value},
            )
        digits = re.sub(r"[^0-9a-f]", "", lowered)
        result.append(":".join(digits[i : i + 2] for i in range(0, 12, 2)))
    return list(dict.fromkeys(result))


def normalise_hostnames(values) -> list[str]:
    """DNS host names (RFC 1123 labels), lower-cased."""
    result = []
    for value in split_list(values):
        name = value.lower().rstrip(".")
        if len(name) > 253 or not all(_HOST_LABEL.match(label) for label in name.split(".")):
            raise ValidationError(
                _("%(value)s is not a valid host name."), code="hostname", params={"value": value}
            )
        result.append(name)
    return list(dict.fromkeys(result))


def normalise_cidrs(values) -> list[str]:
    """Network prefixes such as 10.20.0.0/24; host bits must be zero."""
    result = []
    for value in split_list(values):
        try:
            result.append(str(ipaddress.ip_network(value, strict=True)))
        except ValueError:
            hint = ""
            with contextlib.suppress(ValueError):
                hint = str(ipaddress.ip_network(value, strict=False))
            message = (
                _("%(value)s is not a valid network (did you mean %(hint)s?).")
                if hint
                else _("%(value)s is not a valid network in CIDR notation (e.g. 10.20.0.0/24).")
            )
            raise ValidationError(
                message, code="cidr", params={"value": value, "hint": hint}
            ) from None
    return list(dict.fromkeys(result))


@functools.lru_cache(maxsize=256)
def _networks(subnets: tuple[str, ...]) -> list:
    return [ipaddress.ip_network(net) for net in subnets]


def ips_outside(ips: list[str], subnets: list[str]) -> list[str]:
    """The addresses of ``ips`` that lie in none of ``subnets`` (all already normalised)."""
    networks = _networks(tuple(subnets))
    outside = []
    for ip in ips:
        address = ipaddress.ip_address(ip)
        if not any(address.version == net.version and address in net for net in networks):
            outside.append(ip)
    return outside
