"""OSV records (https://ossf.github.io/osv-schema/) → :class:`~assets.vuln.model.Advisory`.

Tolerant of what real databases publish (null aliases, schema_version 1.3–1.7, ``versions``
lists with entries the ecosystem cannot order, GIT ranges next to ECOSYSTEM ranges); strict on
what matching needs: an ``id``, a ``modified`` timestamp, and well-formed range events.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from assets.vuln.errors import AdvisoryError, VersionSyntaxError, json_pointer
from assets.vuln.model import Advisory, AffectedEntry, Reference, Severity, Vulnerability
from assets.vuln.predicates import AnyOf, ExactVersions, OsvRange, Predicate
from assets.vuln.purl import PackageKey, key_for_osv_package, parse_purl
from assets.vuln.severity import severity_from_vector
from assets.vuln.versions import scheme_for_ecosystem

_EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_timestamp(value: Any, *, file: str | None, pointer: str) -> datetime | None:
    """RFC 3339 → aware datetime (UTC if no offset); fractions beyond microseconds dropped."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise AdvisoryError(
            f"timestamp must be a string, got {type(value).__name__}", file=file, pointer=pointer
        )
    text = _FRACTION.sub(r"\1", value.strip()).replace("z", "Z")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise AdvisoryError(
            f"not an RFC 3339 timestamp: {value!r}", file=file, pointer=pointer
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_osv(data: Any) -> bool:
    """True for a JSON object shaped like an OSV record."""
    return isinstance(data, dict) and isinstance(data.get("id"), str) and "modified" in data


def parse_osv(data: Any, *, file: str | None = None) -> Advisory:
    """Normalize one OSV record; :class:`AdvisoryError` names the file and JSON pointer."""
    if not isinstance(data, dict):
        raise AdvisoryError("an OSV record must be a JSON object", file=file, rule="OSV")
    record_id = data.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise AdvisoryError("missing record id", file=file, pointer="/id", rule="OSV")
    if "modified" not in data:
        raise AdvisoryError(
            "missing modified timestamp", file=file, pointer="/modified", rule="OSV"
        )
    aliases = tuple(a for a in data.get("aliases") or [] if isinstance(a, str))
    severities = _severities(data.get("severity"), data.get("database_specific"))
    affected = tuple(
        _affected(item, index, record_id, file)
        for index, item in enumerate(data.get("affected") or [])
    )
    return Advisory(
        id=record_id,
        source="osv",
        modified=parse_timestamp(data.get("modified"), file=file, pointer="/modified"),
        published=parse_timestamp(data.get("published"), file=file, pointer="/published"),
        withdrawn=parse_timestamp(data.get("withdrawn"), file=file, pointer="/withdrawn"),
        aliases=aliases,
        title=data.get("summary"),
        summary=data.get("details"),
        severities=severities,
        references=tuple(
            Reference(url=r["url"], type=r.get("type", "WEB"))
            for r in data.get("references") or []
            if isinstance(r, dict) and isinstance(r.get("url"), str)
        ),
        affected=affected,
        vulnerabilities=(
            Vulnerability(
                id=record_id,
                cve=next((a for a in aliases if a.startswith("CVE-")), None),
                ids=aliases,
                title=data.get("summary"),
                severities=severities,
            ),
        ),
        file=file,
    )


def _severities(items: Any, database_specific: Any) -> tuple[Severity, ...]:
    out: list[Severity] = []
    for item in items or []:
        if not isinstance(item, dict) or not isinstance(item.get("score"), str):
            continue
        kind = str(item.get("type", ""))
        if kind.startswith("CVSS"):
            out.append(severity_from_vector(item["score"], kind))
        else:
            out.append(Severity(kind, None, None, item["score"].upper()))
    label = database_specific.get("severity") if isinstance(database_specific, dict) else None
    if not out and isinstance(label, str):
        out.append(Severity("database", None, None, label.upper()))
    return tuple(out)


def _package(
    package: Any, pointer: str, file: str | None
) -> tuple[PackageKey | None, str | None, str | None]:
    """(key, ecosystem, purl) of ``affected[].package``; the purl wins when both are given."""
    if not isinstance(package, dict):
        return None, None, None
    ecosystem = package.get("ecosystem") if isinstance(package.get("ecosystem"), str) else None
    purl = package.get("purl") if isinstance(package.get("purl"), str) else None
    if purl:
        try:
            return parse_purl(purl).key, ecosystem, purl
        except VersionSyntaxError as exc:
            raise AdvisoryError(str(exc), file=file, pointer=f"{pointer}/purl", rule="OSV") from exc
    name = package.get("name")
    if ecosystem and isinstance(name, str) and name:
        return key_for_osv_package(ecosystem, name), ecosystem, None
    return None, ecosystem, None


def _affected(item: Any, index: int, record_id: str, file: str | None) -> AffectedEntry:
    pointer = json_pointer("affected", index)
    if not isinstance(item, dict):
        raise AdvisoryError(
            "an affected entry must be an object", file=file, pointer=pointer, rule="OSV"
        )
    key, ecosystem, purl = _package(item.get("package"), f"{pointer}/package", file)
    ecosystem_scheme = scheme_for_ecosystem(ecosystem) if ecosystem else None
    parts: list[Predicate] = []
    for r_index, raw in enumerate(item.get("ranges") or []):
        parts.append(_range(raw, f"{pointer}/ranges/{r_index}", ecosystem_scheme, file))
    versions = tuple(v for v in item.get("versions") or [] if isinstance(v, str))
    if versions:
        parts.append(ExactVersions(versions, ecosystem_scheme or "unknown"))
    return AffectedEntry(
        predicate=AnyOf(tuple(parts), ecosystem_scheme or "unknown"),
        package=key,
        ecosystem=ecosystem,
        purl=purl,
        vulnerabilities=(record_id,),
        pointer=pointer,
    )


def _range(raw: Any, pointer: str, ecosystem_scheme: str | None, file: str | None) -> OsvRange:
    if not isinstance(raw, dict) or raw.get("type") not in {"SEMVER", "ECOSYSTEM", "GIT"}:
        raise AdvisoryError(
            "range type must be SEMVER, ECOSYSTEM or GIT",
            file=file,
            pointer=f"{pointer}/type",
            rule="OSV",
        )
    events: list[tuple[str, str]] = []
    for e_index, event in enumerate(raw.get("events") or []):
        kinds = [
            k for k in _EVENT_KINDS if isinstance(event, dict) and isinstance(event.get(k), str)
        ]
        if len(kinds) != 1:
            raise AdvisoryError(
                "an event has exactly one of introduced, fixed, last_affected, limit",
                file=file,
                pointer=f"{pointer}/events/{e_index}",
                rule="OSV",
            )
        events.append((kinds[0], event[kinds[0]]))
    if not any(kind == "introduced" for kind, _ in events):
        raise AdvisoryError(
            "a range needs an introduced event", file=file, pointer=f"{pointer}/events", rule="OSV"
        )
    range_type = raw["type"]
    if range_type == "SEMVER":
        scheme = ecosystem_scheme if ecosystem_scheme in {"golang", "npm", "cargo"} else "semver"
    else:
        scheme = ecosystem_scheme or "unknown"
    return OsvRange(range_type, tuple(events), scheme, raw.get("repo"))
