"""Version schemes per ecosystem and the OSV range-event algorithm.

Versions are parsed with univers' own classes so each ecosystem keeps its semantics (npm
semver, PEP 440, Maven, Go pseudo-versions, Composer ``v`` prefixes, NuGet, RubyGems, rpm, deb);
the ``firmware`` scheme uses :class:`~assets.vuln.firmware.FirmwareVersion`.

univers 32's ``from_osv_v1`` is an empty stub, so :func:`osv_range_contains` implements the
OSV evaluation itself: events sorted by version (``introduced: "0"`` first), walked in order;
``introduced`` opens the range, ``fixed`` closes it at that version, ``last_affected`` closes it
after that version, and any ``limit`` caps the whole range.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from univers import versions as uv

from assets.vuln.errors import VersionSyntaxError
from assets.vuln.firmware import FirmwareVersion

# OSV ecosystem (the part before any ":" suffix) → version scheme (a purl/vers type name).
SCHEME_BY_ECOSYSTEM: dict[str, str] = {
    "npm": "npm",
    "PyPI": "pypi",
    "Maven": "maven",
    "Go": "golang",
    "Packagist": "composer",
    "NuGet": "nuget",
    "RubyGems": "gem",
    "crates.io": "cargo",
    "Hex": "hex",
    "Pub": "pub",
    "Debian": "deb",
    "Ubuntu": "deb",
    "Alpine": "apk",
    "Red Hat": "rpm",
    "Rocky Linux": "rpm",
    "AlmaLinux": "rpm",
    "SUSE": "rpm",
    "openSUSE": "rpm",
    "Mageia": "rpm",
}

_CLASSES: dict[str, type[uv.Version]] = {
    "npm": uv.SemverVersion,
    "semver": uv.SemverVersion,
    "pypi": uv.PypiVersion,
    "maven": uv.MavenVersion,
    "golang": uv.GolangVersion,
    "composer": uv.ComposerVersion,
    "nuget": uv.NugetVersion,
    "gem": uv.RubygemsVersion,
    "cargo": uv.SemverVersion,
    "hex": uv.SemverVersion,
    "pub": uv.SemverVersion,
    "deb": uv.DebianVersion,
    "apk": uv.AlpineLinuxVersion,
    "rpm": uv.RpmVersion,
}
FIRMWARE = "firmware"
# classes whose is_valid() is exactly "build_value() succeeds" (checked in univers 32's source)
_BUILD_ONCE = (uv.SemverVersion, uv.GolangVersion, uv.ComposerVersion, uv.PypiVersion)


def scheme_for_ecosystem(ecosystem: str) -> str | None:
    """The version scheme of an OSV ecosystem (``"Debian:11"`` → ``"deb"``), None if unknown."""
    return SCHEME_BY_ECOSYSTEM.get(ecosystem.split(":", 1)[0])


def known_scheme(scheme: str) -> bool:
    """True when versions of ``scheme`` can be ordered."""
    return scheme in _CLASSES or scheme == FIRMWARE


@lru_cache(maxsize=262144)
def parse_version(scheme: str, text: str) -> Any:
    """Parse ``text`` in ``scheme``; raise :class:`VersionSyntaxError` when it is no version."""
    if scheme == FIRMWARE:
        return FirmwareVersion.parse(text)
    cls = _CLASSES.get(scheme)
    if cls is None:
        raise VersionSyntaxError(f"no ordering known for version scheme {scheme!r}")
    if scheme == "rpm" and ":" not in text:
        text = f"0:{text}"  # rpm's epoch defaults to 0; univers compares it explicitly
    try:
        if cls in _BUILD_ONCE:
            # univers validates by building the value, then builds it again; build once.
            normalized = cls.normalize(text)
            if not normalized:
                raise ValueError("empty version")
            return cls.build_value(normalized)
        version = cls(text)
    except Exception as exc:  # univers raises InvalidVersion, ValueError, TypeError…
        raise VersionSyntaxError(f"{text!r} is not a valid {scheme} version: {exc}") from exc
    # univers orders these classes by their value alone (attrs order on ``value``); comparing the
    # values directly skips the attrs tuple machinery. Gentoo/Alpine define their own operators.
    return version if cls is uv.AlpineLinuxVersion else version.value


def try_parse(scheme: str, text: str) -> Any | None:
    """Like :func:`parse_version` but None for a text that is no version."""
    try:
        return parse_version(scheme, text)
    except VersionSyntaxError:
        return None


_ORDER = {"introduced": 0, "fixed": 1, "last_affected": 2, "limit": 3}


def sorted_events(scheme: str, events: Iterable[tuple[str, str]]) -> list[tuple[str, Any]]:
    """Events as ``(kind, parsed version or None for introduced "0")`` in OSV order.

    Raises :class:`VersionSyntaxError` when an event version is not in ``scheme``.
    """
    parsed: list[tuple[str, Any]] = []
    for kind, text in events:
        if kind == "introduced" and text == "0":
            parsed.append((kind, None))
        else:
            parsed.append((kind, parse_version(scheme, text)))

    def key(item: tuple[str, Any]) -> tuple[int, Any, int]:
        kind, version = item
        return (0, 0, _ORDER[kind]) if version is None else (1, _Cmp(version), _ORDER[kind])

    return sorted(parsed, key=key)


class _Cmp:
    """Wraps a version so sorting never compares a version with an int."""

    __slots__ = ("v",)

    def __init__(self, v: Any) -> None:
        self.v = v

    def __lt__(self, other: _Cmp) -> bool:
        return bool(self.v < other.v)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Cmp) and bool(self.v == other.v)

    __hash__ = None  # type: ignore[assignment]


def osv_range_contains(version: Any, events: Sequence[tuple[str, Any]]) -> bool:
    """The OSV algorithm over already :func:`sorted_events`: is ``version`` in the range?

    Each event at or below ``version`` flips the state in version order; the conditions are
    monotonic in the sorted list, so no early exit is needed.
    """
    affected = False
    for kind, bound in events:
        if kind == "introduced":
            if bound is None or version >= bound:
                affected = True
        elif kind == "fixed":
            if version >= bound:
                affected = False
        elif kind == "last_affected":
            if version > bound:
                affected = False
        elif kind == "limit" and version >= bound:
            return False
    return affected


def vers_contains(version: Any, constraints: Sequence[tuple[str, Any]]) -> bool:
    """Does ``version`` satisfy a vers constraint list (comparator, parsed version)?

    Follows the vers spec: ``=``/``!=`` decide first; the remaining comparators, sorted by
    version, form intervals (a lower bound followed by an upper bound; a lone upper bound
    opens at −∞, a lone lower bound closes at +∞).
    """
    for op, bound in constraints:
        if op == "=" and version == bound:
            return True
        if op == "!=" and version == bound:
            return False
    ranges = sorted(
        ((op, b) for op, b in constraints if op in {"<", "<=", ">", ">="}), key=lambda c: _Cmp(c[1])
    )
    if not ranges:
        return any(op == "!=" for op, _ in constraints) and all(op == "!=" for op, _ in constraints)
    index = 0
    while index < len(ranges):
        op, bound = ranges[index]
        if op in {"<", "<="}:
            if _satisfies(version, op, bound):
                return True
            index += 1
            continue
        upper = (
            ranges[index + 1]
            if index + 1 < len(ranges) and ranges[index + 1][0] in {"<", "<="}
            else None
        )
        if _satisfies(version, op, bound) and (upper is None or _satisfies(version, *upper)):
            return True
        index += 2 if upper else 1
    return False


def _satisfies(version: Any, op: str, bound: Any) -> bool:
    if op == "<":
        return bool(version < bound)
    if op == "<=":
        return bool(version <= bound)
    if op == ">":
        return bool(version > bound)
    if op == ">=":
        return bool(version >= bound)
    return bool(version == bound)
