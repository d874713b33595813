"""Version predicates: "is version V affected?" for each way advisories state it.

Every predicate answers :meth:`contains` with True, False or None (undecidable: the version or
the predicate could not be read in the scheme) and explains itself with :meth:`why` for display.
Parsed bounds are cached on first use, so building 50,000 advisories stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assets.vuln.errors import VersionSyntaxError
from assets.vuln.versions import (
    FIRMWARE,
    osv_range_contains,
    parse_version,
    sorted_events,
    try_parse,
    vers_contains,
)


class Predicate:
    """Base: ``contains(version) -> bool | None`` and ``why() -> str``."""

    scheme: str

    def contains(self, version: str) -> bool | None:
        raise NotImplementedError

    def why(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class AllVersions(Predicate):
    """Every version (``vers:all/*``, "All versions")."""

    text: str = "vers:all/*"
    scheme: str = FIRMWARE

    def contains(self, version: str) -> bool | None:
        return True

    def why(self) -> str:
        return f"all versions ({self.text!r})"


@dataclass(frozen=True, slots=True)
class ExactVersions(Predicate):
    """An explicit list of versions (OSV ``versions``, CSAF ``product_version``)."""

    versions: tuple[str, ...]
    scheme: str
    _parsed: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def contains(self, version: str) -> bool | None:
        if version in self.versions:
            return True
        wanted = try_parse(self.scheme, version)
        if wanted is None:
            folded = version.strip().casefold()
            return any(v.strip().casefold() == folded for v in self.versions)
        if not self._parsed:
            for v in self.versions:
                self._parsed[v] = try_parse(self.scheme, v)
        return any(p is not None and p == wanted for p in self._parsed.values())

    def why(self) -> str:
        shown = ", ".join(self.versions[:5]) + (" …" if len(self.versions) > 5 else "")
        return f"listed version{'s' if len(self.versions) > 1 else ''} {shown}"


@dataclass(frozen=True, slots=True)
class OsvRange(Predicate):
    """One OSV range: type SEMVER/ECOSYSTEM (evaluated) or GIT (recorded, never matched)."""

    range_type: str
    events: tuple[tuple[str, str], ...]
    scheme: str
    repo: str | None = None
    _sorted: list[Any] = field(default_factory=list, compare=False, repr=False)

    def sorted(self) -> list[tuple[str, Any]]:
        """Events parsed and in OSV order; raises :class:`VersionSyntaxError` on a bad event."""
        if not self._sorted:
            self._sorted.extend(sorted_events(self.scheme, self.events))
        return self._sorted

    def contains(self, version: str) -> bool | None:
        if self.range_type == "GIT":
            return None
        parsed = try_parse(self.scheme, version)
        if parsed is None:
            return None
        try:
            events = self.sorted()
        except VersionSyntaxError:
            return None
        return osv_range_contains(parsed, events)

    def why(self) -> str:
        text = ", ".join(f"{kind} {value}" for kind, value in self.events)
        if self.range_type == "GIT":
            return f"GIT range in {self.repo or '?'} ({text}); commits are not matched"
        return f"{self.range_type} range ({self.scheme} ordering): {text}"


@dataclass(frozen=True, slots=True)
class Constraints(Predicate):
    """Comparator constraints (a vers range, or vendor text read into one)."""

    constraints: tuple[tuple[str, str], ...]
    scheme: str
    text: str
    _parsed: list[tuple[str, Any]] = field(default_factory=list, compare=False, repr=False)

    def contains(self, version: str) -> bool | None:
        parsed = try_parse(self.scheme, version)
        if parsed is None:
            return None
        if not self._parsed:
            self._parsed.extend((op, parse_version(self.scheme, v)) for op, v in self.constraints)
        return vers_contains(parsed, self._parsed)

    def why(self) -> str:
        rendered = " and ".join(f"{op} {v}" for op, v in self.constraints)
        if rendered.replace(" ", "") == self.text.replace(" ", ""):
            return f"versions {rendered}"
        return f"versions {rendered} (advisory text {self.text!r})"


@dataclass(frozen=True, slots=True)
class AnyOf(Predicate):
    """Affected if any part says so (an OSV ``affected`` entry: ranges ∪ versions)."""

    parts: tuple[Predicate, ...]
    scheme: str

    def contains(self, version: str) -> bool | None:
        undecided = False
        for part in self.parts:
            answer = part.contains(version)
            if answer:
                return True
            undecided = undecided or answer is None
        return None if undecided else False

    def deciding_part(self, version: str) -> Predicate | None:
        """The first part that contains ``version`` (for the match reason)."""
        return next((p for p in self.parts if p.contains(version)), None)

    def why(self) -> str:
        return " or ".join(part.why() for part in self.parts) or "no ranges"


@dataclass(frozen=True, slots=True)
class Unreadable(Predicate):
    """A version statement that could not be read; never decides, always explains."""

    text: str
    reason: str
    scheme: str = FIRMWARE

    def contains(self, version: str) -> bool | None:
        return None

    def why(self) -> str:
        return f"version statement {self.text!r} not understood: {self.reason}"
