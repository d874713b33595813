"""Scan scopes: what may be scanned, on which ports, when, and how fast.

A scope is refused unless every network lies inside the allowed networks
(``settings.BOLLWERK_SCAN_ALLOWED``, passed in so this module stays pure).
:func:`scope_validate` is the only way to build a :class:`ScanScope` from user
input; the runner calls it again on the scope it is handed (defence in depth),
so a scope built by hand or altered with ``dataclasses.replace`` is checked too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from .errors import ScopeError
from .ports import ports_format, ports_parse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Largest scope: a /16 (an IPv6 scope is held to the same number of addresses).
MAX_ADDRESSES = 65_536
#: --max-rate bounds in packets per second; the default suits PLC networks.
MIN_RATE, MAX_RATE, DEFAULT_RATE = 1, 1_000, 50
MAX_NAME_LENGTH = 120
BERLIN = ZoneInfo("Europe/Berlin")

_WEEKDAYS = {
    "mon": 0, "mo": 0, "tue": 1, "tu": 1, "di": 1, "wed": 2, "we": 2, "mi": 2,
    "thu": 3, "th": 3, "do": 3, "fri": 4, "fr": 4, "sat": 5, "sa": 5, "sun": 6, "su": 6, "so": 6,
}  # fmt: skip
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Profile(StrEnum):
    """Scan profiles; see :mod:`assets.scans.profiles` for their exact nmap arguments."""

    OT_SAFE = "ot_safe"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class MaintenanceWindow:
    """Weekly window in Europe/Berlin wall-clock time.

    The window opens on each of ``weekdays`` (0 = Monday) at ``start`` and
    closes at ``end``; when ``end`` is not after ``start`` it closes on the next
    day (``Fri 22:00-06:00`` runs into Saturday morning; ``00:00-24:00``, stored
    as ``start == end``, is the whole day).
    """

    weekdays: frozenset[int]
    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        """Is ``moment`` (timezone-aware) inside the window, in Berlin local time?"""
        if moment.tzinfo is None:
            raise ValueError("maintenance windows need a timezone-aware datetime")
        local = moment.astimezone(BERLIN)
        minute = local.hour * 60 + local.minute
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        weekday = local.weekday()
        if start < end:
            return weekday in self.weekdays and start <= minute < end
        if weekday in self.weekdays and minute >= start:
            return True
        return (weekday - 1) % 7 in self.weekdays and minute < end

    def __str__(self) -> str:
        days = ",".join(_DAY_NAMES[d] for d in sorted(self.weekdays))
        end = "24:00" if self.start == self.end == time(0) else self.end.strftime("%H:%M")
        return f"{days} {self.start.strftime('%H:%M')}-{end}"


def _clock(text: str) -> time:
    hours, sep, minutes = text.partition(":")
    if not (sep and hours.isdecimal() and minutes.isdecimal() and len(minutes) == 2):
        raise ValueError(f"{text!r} is not a time like 22:00")
    if (int(hours), int(minutes)) == (24, 0):
        return time(0)
    return time(int(hours), int(minutes))


def _days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.lower().split(","):
        first, _, last = part.strip().partition("-")
        if first not in _WEEKDAYS or (last and last not in _WEEKDAYS):
            raise ValueError(f"{part.strip()!r} is not a weekday or range like Mon-Fri")
        a, b = _WEEKDAYS[first], _WEEKDAYS[last or first]
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def window_parse(text: str) -> MaintenanceWindow:
    """``"Mon-Fri 22:00-05:00"`` or ``"Sa,So 00:00-24:00"`` → a :class:`MaintenanceWindow`.

    Weekdays in English or German abbreviations; raises ValueError naming the part.
    """
    day_text, _, range_text = text.strip().partition(" ")
    start_text, sep, end_text = range_text.strip().partition("-")
    if not sep:
        raise ValueError(f"{text!r} is not a window like 'Mon-Fri 22:00-05:00'")
    start, end = _clock(start_text.strip()), _clock(end_text.strip())
    if start == end and not (start == time(0) and end_text.strip() == "24:00"):
        raise ValueError(f"{text!r} is empty: start and end are the same")
    return MaintenanceWindow(weekdays=_days(day_text), start=start, end=end)


@dataclass(frozen=True, slots=True)
class ScanScope:
    """A validated scan scope. Build it with :func:`scope_validate`.

    ``ports`` empty means the profile's default port list; ``windows`` empty
    means the scope may run at any time.
    """

    name: str
    networks: tuple[Network, ...]
    ports: tuple[int, ...] = ()
    profile: Profile = Profile.OT_SAFE
    windows: tuple[MaintenanceWindow, ...] = ()
    max_rate: int = DEFAULT_RATE

    @property
    def address_count(self) -> int:
        return sum(network.num_addresses for network in self.networks)

    def window_open(self, moment: datetime) -> bool:
        return not self.windows or any(window.contains(moment) for window in self.windows)

    def describe(self) -> str:
        nets = ", ".join(str(n) for n in self.networks)
        ports = ports_format(self.ports) if self.ports else "profile default"
        return f"{self.name}: {nets}; ports {ports}; {self.profile}; {self.max_rate} pkt/s"


def _network(value: object) -> Network:
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if not isinstance(value, str):
        raise ScopeError(f"scope network {value!r} is not a network in CIDR notation")
    try:
        return ipaddress.ip_network(value.strip())
    except ValueError:
        try:
            loose = ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            raise ScopeError(f"scope network {value!r} is not a network in CIDR notation") from None
        raise ScopeError(
            f"scope network {value!r} has host bits set; did you mean {loose}?"
        ) from None


def scope_check_allowed(networks: Iterable[Network], allowed: Sequence[Network]) -> None:
    """Raise ScopeError naming every network that is not inside one of ``allowed``."""
    outside = [
        network
        for network in networks
        if not any(
            network.version == permitted.version and network.subnet_of(permitted)  # type: ignore[arg-type]
            for permitted in allowed
        )
    ]
    if outside:
        names = ", ".join(str(n) for n in outside)
        permitted = ", ".join(str(n) for n in allowed) or "nothing"
        raise ScopeError(
            f"network {names} lies outside the networks scans may target "
            f"(BOLLWERK_SCAN_ALLOWED: {permitted})"
        )


def _ports(ports: str | Iterable[int] | None) -> tuple[int, ...]:
    if ports is None:
        return ()
    if isinstance(ports, str):
        try:
            return ports_parse(ports) if ports.strip() else ()
        except ValueError as exc:
            raise ScopeError(f"scope ports: {exc}") from None
    checked = []
    for port in ports:
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise ScopeError(f"scope ports: {port!r} is not a port number 1-65535")
        checked.append(port)
    return tuple(sorted(set(checked)))


def _windows(windows: Iterable[str | MaintenanceWindow]) -> tuple[MaintenanceWindow, ...]:
    result = []
    for window in windows:
        if isinstance(window, MaintenanceWindow):
            if not window.weekdays or not window.weekdays <= frozenset(range(7)):
                raise ScopeError(f"maintenance window {window!r} has no valid weekdays")
            try:
                result.append(window_parse(str(window)))  # the round trip re-validates it
            except ValueError as exc:
                raise ScopeError(f"maintenance window: {exc}") from None
            continue
        if not isinstance(window, str):
            raise ScopeError(f"maintenance window {window!r} is not a window")
        try:
            result.append(window_parse(window))
        except ValueError as exc:
            raise ScopeError(f"maintenance window: {exc}") from None
    return tuple(result)


def scope_validate(
    *,
    name: str,
    networks: Iterable[str | Network],
    allowed: Sequence[Network],
    ports: str | Iterable[int] | None = None,
    profile: str | Profile = Profile.OT_SAFE,
    windows: Iterable[str | MaintenanceWindow] = (),
    max_rate: int = DEFAULT_RATE,
    max_addresses: int = MAX_ADDRESSES,
) -> ScanScope:
    """Validate user input into a :class:`ScanScope`; raise ScopeError with one clear message.

    ``allowed`` is ``settings.BOLLWERK_SCAN_ALLOWED``. Checks: a name; at least
    one network, each in strict CIDR form, one address family, every one
    inside ``allowed``, at most ``max_addresses`` addresses in all; ports
    1-65535; a known profile; parseable windows; ``max_rate`` within
    ``MIN_RATE``-``MAX_RATE`` packets per second.
    """
    if not isinstance(name, str) or not name.strip():
        raise ScopeError("scope name is empty")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise ScopeError(f"scope name is longer than {MAX_NAME_LENGTH} characters")
    if isinstance(networks, str):
        networks = [networks]
    parsed = tuple(dict.fromkeys(_network(n) for n in networks))
    if not parsed:
        raise ScopeError(f"scope {name.strip()!r} lists no network")
    if len({n.version for n in parsed}) > 1:
        raise ScopeError("scope mixes IPv4 and IPv6 networks; make one scope per family")
    scope_check_allowed(parsed, allowed)
    total = sum(n.num_addresses for n in parsed)
    if total > max_addresses:
        raise ScopeError(
            f"scope covers {total:,} addresses, more than the limit of {max_addresses:,}"
        )
    try:
        profile = Profile(profile)
    except ValueError:
        known = ", ".join(p.value for p in Profile)
        raise ScopeError(f"unknown scan profile {profile!r} (known: {known})") from None
    if isinstance(max_rate, bool) or not isinstance(max_rate, int):
        raise ScopeError(f"rate limit {max_rate!r} is not a whole number of packets per second")
    if not MIN_RATE <= max_rate <= MAX_RATE:
        raise ScopeError(f"rate limit {max_rate} is outside {MIN_RATE}-{MAX_RATE} packets/s")
    return ScanScope(
        name=name.strip(),
        networks=parsed,
        ports=_ports(ports),
        profile=profile,
        windows=_windows(windows),
        max_rate=max_rate,
    )
