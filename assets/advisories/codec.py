"""Engine values ↔ JSON: predicates, severities, references and remediations.

The database keeps each affected entry's version predicate as JSON so that the engine's
:class:`~assets.vuln.AffectedEntry` can be rebuilt exactly, without re-parsing the document.
``predicate_from_json(predicate_to_json(p)) == p`` holds for every predicate class.
"""

from __future__ import annotations

from typing import Any

from assets.vuln.model import Reference, Remediation, Severity, Vulnerability
from assets.vuln.predicates import (
    AllVersions,
    AnyOf,
    Constraints,
    ExactVersions,
    OsvRange,
    Predicate,
    Unreadable,
)


def predicate_to_json(predicate: Predicate) -> dict[str, Any]:
    """One predicate (recursively for ``AnyOf``) as a JSON object with a ``kind``."""
    if isinstance(predicate, AnyOf):
        return {
            "kind": "any_of",
            "scheme": predicate.scheme,
            "parts": [predicate_to_json(p) for p in predicate.parts],
        }
    if isinstance(predicate, AllVersions):
        return {"kind": "all", "text": predicate.text, "scheme": predicate.scheme}
    if isinstance(predicate, ExactVersions):
        return {"kind": "exact", "versions": list(predicate.versions), "scheme": predicate.scheme}
    if isinstance(predicate, OsvRange):
        return {
            "kind": "osv_range",
            "range_type": predicate.range_type,
            "events": [list(e) for e in predicate.events],
            "scheme": predicate.scheme,
            "repo": predicate.repo,
        }
    if isinstance(predicate, Constraints):
        return {
            "kind": "constraints",
            "constraints": [list(c) for c in predicate.constraints],
            "scheme": predicate.scheme,
            "text": predicate.text,
        }
    if isinstance(predicate, Unreadable):
        return {
            "kind": "unreadable",
            "text": predicate.text,
            "reason": predicate.reason,
            "scheme": predicate.scheme,
        }
    raise TypeError(f"no JSON form for predicate {type(predicate).__name__}")


def predicate_from_json(data: dict[str, Any]) -> Predicate:
    """The inverse of :func:`predicate_to_json`; ``ValueError`` on an unknown kind."""
    kind = data.get("kind")
    if kind == "any_of":
        return AnyOf(tuple(predicate_from_json(p) for p in data["parts"]), data["scheme"])
    if kind == "all":
        return AllVersions(text=data["text"], scheme=data["scheme"])
    if kind == "exact":
        return ExactVersions(tuple(data["versions"]), data["scheme"])
    if kind == "osv_range":
        events = tuple((k, v) for k, v in data["events"])
        return OsvRange(data["range_type"], events, data["scheme"], data.get("repo"))
    if kind == "constraints":
        constraints = tuple((op, v) for op, v in data["constraints"])
        return Constraints(constraints, data["scheme"], data["text"])
    if kind == "unreadable":
        return Unreadable(text=data["text"], reason=data["reason"], scheme=data["scheme"])
    raise ValueError(f"unknown predicate kind {kind!r}")


def severity_to_json(severity: Severity) -> dict[str, Any]:
    return {
        "type": severity.type,
        "vector": severity.vector,
        "base_score": severity.base_score,
        "label": severity.label,
        "error": severity.error,
    }


def severity_from_json(data: dict[str, Any]) -> Severity:
    return Severity(
        data["type"],
        data.get("vector"),
        data.get("base_score"),
        data.get("label"),
        data.get("error"),
    )


def reference_to_json(reference: Reference) -> dict[str, Any]:
    return {"url": reference.url, "type": reference.type, "summary": reference.summary}


def reference_from_json(data: dict[str, Any]) -> Reference:
    return Reference(url=data["url"], type=data.get("type", "WEB"), summary=data.get("summary"))


def remediation_to_json(remediation: Remediation) -> dict[str, Any]:
    return {
        "category": remediation.category,
        "details": remediation.details,
        "url": remediation.url,
    }


def remediation_from_json(data: dict[str, Any]) -> Remediation:
    return Remediation(category=data["category"], details=data["details"], url=data.get("url"))


def vulnerability_to_json(vulnerability: Vulnerability) -> dict[str, Any]:
    return {
        "id": vulnerability.id,
        "cve": vulnerability.cve,
        "ids": list(vulnerability.ids),
        "title": vulnerability.title,
        "severities": [severity_to_json(s) for s in vulnerability.severities],
    }


def vulnerability_from_json(data: dict[str, Any]) -> Vulnerability:
    return Vulnerability(
        id=data["id"],
        cve=data.get("cve"),
        ids=tuple(data.get("ids") or ()),
        title=data.get("title"),
        severities=tuple(severity_from_json(s) for s in data.get("severities") or ()),
    )
