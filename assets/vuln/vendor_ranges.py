"""CSAF ``product_version_range`` texts — ``vers:`` strings and vendor prose — as predicates.

Forms read (each seen in CISA ICS or OASIS CSAF files, or named in issue 6):

* ``vers:all/*``; ``vers:<scheme>/<c1>|<c2>…`` (``generic`` uses the firmware comparator,
  a known ecosystem scheme uses its own ordering);
* "All versions", "All versions < V4.33", "< V3.2", "<= 4.8.488.0", ">= V2.5 < V2.6.1",
  "All versions >= V2.0 < V2.9.4", ">=5.3|<=6.4" (constraints separated by blanks, ``|``, ``,``
  or "and"), "<=2.x" (a wildcard last part: every 2.*);
* "All versions between V2.5 (including) and V2.7 (excluding)";
* "V4.0 and later" / "or later" / "and newer" / "and above", "V3.2 and earlier" / "and prior",
  "prior to V3.2" / "before V3.2", "up to V3.2";
* a bare version ("V3.2") means exactly that version.

Anything else becomes :class:`~assets.vuln.predicates.Unreadable` with the reason: never a guess.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from assets.vuln.errors import VersionSyntaxError
from assets.vuln.firmware import FirmwareVersion
from assets.vuln.predicates import AllVersions, Constraints, ExactVersions, Predicate, Unreadable
from assets.vuln.versions import FIRMWARE, known_scheme

_ALL = re.compile(r"^\s*all\s+(?:affected\s+)?versions?\b\s*", re.I)
_BETWEEN = re.compile(
    r"^between\s+(?P<low>.+?)\s*\((?P<lowmode>incl\w*|excl\w*)\)\s*and\s+(?P<high>.+?)\s*"
    r"\((?P<highmode>incl\w*|excl\w*)\)\s*$",
    re.I,
)
_SUFFIX_FORMS = (
    (re.compile(r"^(?P<v>.+?)\s+(?:and|or)\s+(?:later|newer|above|higher|greater)$", re.I), ">="),
    (re.compile(r"^(?P<v>.+?)\s+(?:and|or)\s+(?:earlier|prior|older|below|lower)$", re.I), "<="),
)
_PREFIX_FORMS = (
    (
        re.compile(
            r"^(?:prior\s+to|before|earlier\s+than|older\s+than|below|lower\s+than)\s+(?P<v>.+)$",
            re.I,
        ),
        "<",
    ),
    (re.compile(r"^(?:up\s+to(?:\s+and\s+including)?|through|until)\s+(?P<v>.+)$", re.I), "<="),
    (re.compile(r"^(?:from|since|starting\s+(?:with|from))\s+(?P<v>.+)$", re.I), ">="),
)
_OPERATOR = re.compile(r"(<=|>=|!=|==|=<|=>|<|>|=)")
_WILDCARD = re.compile(r"^(?P<base>.*\d)\.[xX*]$")
_SEPARATORS = re.compile(r"(?:\s*(?:\||,|;|\band\b)\s*)+$", re.I)


def parse_range_text(text: str) -> Predicate:
    """Read one ``product_version_range`` into a predicate (never raises)."""
    raw = text.strip()
    if raw.lower().startswith("vers:"):
        return _parse_vers(raw)
    body = _ALL.sub("", raw, count=1)
    if _ALL.match(raw) and not body.strip(" .:"):
        return AllVersions(text=raw)
    try:
        constraints = _read(body.strip())
    except VersionSyntaxError as exc:
        return Unreadable(text=raw, reason=str(exc))
    if constraints is None:
        return Unreadable(text=raw, reason="no form of vendor range text applies")
    if len(constraints) == 1 and constraints[0][0] == "=":
        return ExactVersions((constraints[0][1],), FIRMWARE)
    return Constraints(tuple(constraints), FIRMWARE, raw)


def _parse_vers(raw: str) -> Predicate:
    scheme, _, spec = raw[5:].partition("/")
    scheme = scheme.strip().lower()
    spec = spec.strip()
    if scheme == "all" or spec == "*":
        return AllVersions(text=raw)
    if scheme == "generic":
        scheme = FIRMWARE
    if not known_scheme(scheme):
        return Unreadable(text=raw, reason=f"no ordering known for vers scheme {scheme!r}")
    constraints: list[tuple[str, str]] = []
    for item in filter(None, (c.strip() for c in spec.split("|"))):
        found = re.match(r"^(<=|>=|!=|<|>|=)?\s*(.+)$", item)
        if found is None:
            return Unreadable(text=raw, reason=f"empty vers constraint in {item!r}")
        op, version = found.group(1) or "=", unquote(found.group(2))
        if scheme == FIRMWARE:
            try:
                constraints.extend(_bound(op, version))
            except VersionSyntaxError as exc:
                return Unreadable(text=raw, reason=str(exc))
        else:
            constraints.append((op, version))
    if not constraints:
        return Unreadable(text=raw, reason="vers range without constraints")
    return Constraints(tuple(constraints), scheme, raw)


def _read(body: str) -> list[tuple[str, str]] | None:
    """Constraints from the prose forms, None when no form applies."""
    found = _BETWEEN.match(body)
    if found:
        low_op = ">=" if found["lowmode"].lower().startswith("incl") else ">"
        high_op = "<=" if found["highmode"].lower().startswith("incl") else "<"
        return [*_bound(low_op, found["low"]), *_bound(high_op, found["high"])]
    for pattern, op in (*_SUFFIX_FORMS, *_PREFIX_FORMS):
        found = pattern.match(body)
        if found:
            return _bound(op, found["v"])
    if _OPERATOR.search(body):
        return _read_operators(body)
    if body:
        return _bound("=", body)
    return None


def _read_operators(body: str) -> list[tuple[str, str]]:
    pieces = _OPERATOR.split(body)
    if pieces[0].strip(" |,;"):
        raise VersionSyntaxError(f"text {pieces[0].strip()!r} before the first comparator")
    constraints: list[tuple[str, str]] = []
    for op, value in zip(pieces[1::2], pieces[2::2], strict=True):
        op = {"==": "=", "=<": "<=", "=>": ">="}.get(op, op)
        version = _SEPARATORS.sub("", value.strip())
        if not version:
            raise VersionSyntaxError(f"comparator {op!r} without a version")
        constraints.extend(_bound(op, version))
    return constraints


def _bound(op: str, version: str) -> list[tuple[str, str]]:
    """One comparator on a firmware version, expanding a trailing ``.x`` wildcard."""
    version = version.strip().rstrip(".")
    wildcard = _WILDCARD.match(version)
    if wildcard:
        base = FirmwareVersion.parse(wildcard["base"])
        after = str(base.next_major_of(len(base.numbers)))
        start = wildcard["base"]
        return {
            "<=": [("<", after)],
            "<": [("<", start)],
            ">=": [(">=", start)],
            ">": [(">=", after)],
            "=": [(">=", start), ("<", after)],
        }.get(op) or _refuse(op, version)
    FirmwareVersion.parse(version)
    return [(op, version)]


def _refuse(op: str, version: str) -> list[tuple[str, str]]:
    raise VersionSyntaxError(f"comparator {op!r} cannot take the wildcard version {version!r}")
