"""CPE names: CPE 2.3 formatted strings and 2.2 URIs, and name matching per NISTIR 7696.

Implemented here because PyPI's ``cpe`` package (1.3.1) ships no wheel, still targets Python 2.7
and matches through a slow set API; the subset needed — unbinding (NISTIR 7695 §6.1.3, §6.2.3),
attribute comparison (NISTIR 7696 Table 6-2) and name comparison (§7) — is small.

A value is ANY (``*``), NA (``-``) or a literal that may start and/or end with unquoted
wildcards (``*`` = any run, ``?`` = one character). Comparison is case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from urllib.parse import unquote

from assets.vuln.errors import VersionSyntaxError

ATTRIBUTES = (
    "part", "vendor", "product", "version", "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other",
)  # fmt: skip


class Relation(Enum):
    """NISTIR 7696 attribute / name comparison results (source relative to target)."""

    EQUAL = "equal"
    SUPERSET = "superset"
    SUBSET = "subset"
    DISJOINT = "disjoint"
    UNDEFINED = "undefined"


@dataclass(frozen=True, slots=True)
class CpeValue:
    """One attribute value: ``kind`` is ``any``, ``na`` or ``value`` (with optional wildcards)."""

    kind: str
    text: str = ""
    lead: str = ""
    trail: str = ""

    @property
    def has_wildcards(self) -> bool:
        return bool(self.lead or self.trail)

    def to_fs(self) -> str:
        if self.kind == "any":
            return "*"
        if self.kind == "na":
            return "-"
        body = "".join(c if c.isalnum() or c in "._-" else "\\" + c for c in self.text)
        return f"{self.lead}{body}{self.trail}"

    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.lead, self.text, self.trail)


ANY = CpeValue("any")
NA = CpeValue("na")


@lru_cache(maxsize=4096)
def _pattern(lead: str, text: str, trail: str) -> re.Pattern[str]:
    def wild(run: str) -> str:
        return ".*" if "*" in run else f".{{{len(run)}}}" if run else ""

    return re.compile(wild(lead) + re.escape(text) + wild(trail), re.S)


@dataclass(frozen=True, slots=True)
class CpeName:
    """A CPE as a well-formed name (WFN): eleven attribute values."""

    part: CpeValue
    vendor: CpeValue
    product: CpeValue
    version: CpeValue
    update: CpeValue
    edition: CpeValue
    language: CpeValue
    sw_edition: CpeValue
    target_sw: CpeValue
    target_hw: CpeValue
    other: CpeValue

    def values(self) -> tuple[CpeValue, ...]:
        return tuple(getattr(self, name) for name in ATTRIBUTES)

    def to_fs(self) -> str:
        """The CPE 2.3 formatted string."""
        return "cpe:2.3:" + ":".join(v.to_fs() for v in self.values())

    def __str__(self) -> str:
        return self.to_fs()


def _literal(raw: str, source: str, *, uri: bool) -> CpeValue:
    """Split wildcards from a literal; ``raw`` uses FS escapes (or URI %01/%02 when ``uri``)."""
    chars: list[tuple[str, bool]] = []  # (char, is_unquoted_wildcard)
    index = 0
    while index < len(raw):
        char = raw[index]
        if uri and char == "%" and raw[index + 1 : index + 3] in {"01", "02"}:
            chars.append(("?" if raw[index + 2] == "1" else "*", True))
            index += 3
            continue
        if not uri and char == "\\" and index + 1 < len(raw):
            chars.append((raw[index + 1], False))
            index += 2
            continue
        chars.append((char, not uri and char in "*?"))
        index += 1
    if uri:
        chars = [(unquote(c) if not wild else c, wild) for c, wild in chars]
    lead_end = 0
    while lead_end < len(chars) and chars[lead_end][1]:
        lead_end += 1
    trail_start = len(chars)
    while trail_start > lead_end and chars[trail_start - 1][1]:
        trail_start -= 1
    body = chars[lead_end:trail_start]
    if any(wild for _, wild in body):
        raise VersionSyntaxError(
            f"{source!r}: wildcards are allowed only at the start or end of a value"
        )
    lead = "".join(c for c, _ in chars[:lead_end])
    trail = "".join(c for c, _ in chars[trail_start:])
    for run in (lead, trail):
        if "*" in run and len(run) > 1:
            raise VersionSyntaxError(f"{source!r}: '*' cannot be combined with other wildcards")
    return CpeValue("value", "".join(c for c, _ in body).lower(), lead, trail)


def _split_fs(text: str) -> list[str]:
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == ":":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


@lru_cache(maxsize=65536)
def parse_cpe(text: str) -> CpeName:
    """Parse a CPE 2.3 formatted string or a CPE 2.2 URI; :class:`VersionSyntaxError` if neither."""
    stripped = text.strip()
    if stripped.lower().startswith("cpe:2.3:"):
        raw = _split_fs(stripped)[2:]
        if len(raw) != 11:
            raise VersionSyntaxError(
                f"{text!r}: a CPE 2.3 name has 11 components, found {len(raw)}"
            )
        values = [
            ANY if r == "*" else NA if r == "-" else _literal(r, text, uri=False) for r in raw
        ]
    elif stripped.lower().startswith("cpe:/"):
        raw = stripped[5:].split(":")
        if len(raw) > 7:
            raise VersionSyntaxError(f"{text!r}: a CPE 2.2 URI has at most 7 components")
        raw += [""] * (7 - len(raw))
        edition = raw[5]
        if edition.startswith("~"):
            extended = edition[1:].split("~")
            if len(extended) != 5:
                raise VersionSyntaxError(f"{text!r}: a packed edition has 5 fields")
        else:
            extended = [edition, "", "", "", ""]
        components = [*raw[:5], extended[0], raw[6], *extended[1:]]
        values = [
            ANY if r == "" else NA if r == "-" else _literal(r, text, uri=True) for r in components
        ]
    else:
        raise VersionSyntaxError(f"{text!r} is not a CPE name (expected 'cpe:2.3:' or 'cpe:/')")
    part = values[0]
    if part.kind == "value" and (part.text not in {"a", "o", "h"} or part.has_wildcards):
        raise VersionSyntaxError(f"{text!r}: part must be a, o or h")
    return CpeName(*values)


def compare_values(source: CpeValue, target: CpeValue) -> Relation:
    """NISTIR 7696 Table 6-2: how ``source`` relates to ``target`` for one attribute."""
    if source.kind == "any":
        return Relation.EQUAL if target.kind == "any" else Relation.SUPERSET
    if source.kind == "na":
        return {"any": Relation.SUBSET, "na": Relation.EQUAL}.get(target.kind, Relation.DISJOINT)
    if target.kind == "any":
        return Relation.SUBSET
    if target.kind == "na":
        return Relation.DISJOINT
    if target.has_wildcards:
        return Relation.UNDEFINED
    if source.has_wildcards:
        return Relation.SUPERSET if source.pattern().fullmatch(target.text) else Relation.DISJOINT
    return Relation.EQUAL if source.text == target.text else Relation.DISJOINT


def compare_names(source: CpeName, target: CpeName) -> Relation:
    """NISTIR 7696 §7 name comparison: DISJOINT wins, then EQUAL, SUPERSET, SUBSET, else UNDEFINED."""
    relations = [
        compare_values(s, t) for s, t in zip(source.values(), target.values(), strict=True)
    ]
    if Relation.DISJOINT in relations:
        return Relation.DISJOINT
    if all(r is Relation.EQUAL for r in relations):
        return Relation.EQUAL
    if all(r in {Relation.EQUAL, Relation.SUPERSET} for r in relations):
        return Relation.SUPERSET
    if all(r in {Relation.EQUAL, Relation.SUBSET} for r in relations):
        return Relation.SUBSET
    return Relation.UNDEFINED


def cpe_name_match(source: CpeName, target: CpeName) -> bool:
    """CPE_SUPERSET or CPE_EQUAL: does the ``source`` pattern cover the ``target`` name?"""
    return compare_names(source, target) in {Relation.EQUAL, Relation.SUPERSET}
