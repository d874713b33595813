"""Mapping SPDX 2.2/2.3 JSON onto the CycloneDX-shaped component model.

* packages → components (``bom_ref`` = SPDXID, type from
  ``primaryPackagePurpose``, ``library`` by default); every package is a
  component, including the one the document DESCRIBES, which is also the
  ``metadata_component`` (SPDX has no separate slot for it);
* externalRefs → purl (``purl``) and CPE (``cpe23Type``, else ``cpe22Type``; the first one);
* checksums → hashes, algorithm names in CycloneDX spelling (``SHA512`` → ``SHA-512``);
* licenseDeclared / licenseConcluded → licences (a single identifier as ``id``,
  anything else as ``expression``; NOASSERTION/NONE are no licence);
* supplier ``Organization: X`` / ``Person: X`` → ``X``;
* DEPENDS_ON / CONTAINS (and their inverses DEPENDENCY_OF / CONTAINED_BY)
  between packages → dependency edges; edges to files are not components and are dropped;
* creators ``Tool: x-1.0`` → tools, ``Person:``/``Organization:`` → authors.
"""

from __future__ import annotations

import re
from typing import Any

from assets.sbom.model import Component, Contact, Dependency, Hash, License, SbomDocument, Tool
from assets.sbom.parse_common import as_str, parse_timestamp
from assets.sbom.references import RefContext

_NO_VALUE = {"", "NOASSERTION", "NONE"}
_SINGLE_LICENSE = re.compile(r"^[A-Za-z0-9.+\-:]+$")
_FORWARD = {"DEPENDS_ON", "CONTAINS"}
_BACKWARD = {"DEPENDENCY_OF", "CONTAINED_BY"}
_ALGORITHMS = {
    "SHA1": "SHA-1",
    "SHA224": "SHA-224",
    "SHA256": "SHA-256",
    "SHA384": "SHA-384",
    "SHA512": "SHA-512",
}
_ACTOR = re.compile(r"^(Person|Organization|Tool):\s*(.*?)\s*$")


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_spdx_json(
    doc: dict[str, Any], *, file_name: str, spec_version: str
) -> tuple[SbomDocument, RefContext]:
    """The document (in the shared model) and the context for the reference check."""
    creation = _d(doc.get("creationInfo"))
    timestamp_raw = as_str(creation.get("created"))
    authors, tools = _creators(creation.get("creators"))
    components = [
        _component(p, f"/packages/{i}")
        for i, p in enumerate(_l(doc.get("packages")))
        if isinstance(p, dict)
    ]
    by_id = {c.bom_ref: c for c in components}
    result = SbomDocument(
        file_name=file_name,
        kind="spdx",
        format="json",
        spec_version=spec_version,
        serial_number=as_str(doc.get("documentNamespace")),
        timestamp=parse_timestamp(timestamp_raw),
        timestamp_raw=timestamp_raw,
        authors=authors,
        tools=tools,
        components=components,
    )
    relationships = [r for r in _l(doc.get("relationships")) if isinstance(r, dict)]
    described = [as_str(ref) for ref in _l(doc.get("documentDescribes"))]
    described += [
        as_str(r.get("relatedSpdxElement"))
        for r in relationships
        if r.get("relationshipType") == "DESCRIBES" and r.get("spdxElementId") == "SPDXRef-DOCUMENT"
    ]
    result.metadata_component = next((by_id[ref] for ref in described if ref in by_id), None)
    result.dependencies = _dependencies(relationships, by_id)
    context = RefContext(
        all_refs=lambda: _element_ids(doc),
        locate_dependency=lambda i, j: ("/relationships", None),
        locate_affect=lambda i, j: ("/", None),
        other_uses=_relationship_uses(doc),
    )
    return result, context


def _component(package: dict[str, Any], pointer: str) -> Component:
    purl = cpe23 = cpe22 = ""
    for ref in _l(package.get("externalRefs")):
        kind, locator = _d(ref).get("referenceType"), as_str(_d(ref).get("referenceLocator"))
        if kind == "purl" and not purl:
            purl = locator
        elif kind == "cpe23Type" and not cpe23:
            cpe23 = locator
        elif kind == "cpe22Type" and not cpe22:
            cpe22 = locator
    purpose = as_str(package.get("primaryPackagePurpose")).lower()
    return Component(
        bom_ref=as_str(package.get("SPDXID")),
        type=purpose or "library",
        name=as_str(package.get("name")),
        version=as_str(package.get("versionInfo")),
        purl=purl,
        cpe=cpe23 or cpe22,
        hashes=[
            Hash(
                _ALGORITHMS.get(as_str(c.get("algorithm")), as_str(c.get("algorithm"))),
                as_str(c.get("checksumValue")),
            )
            for c in _l(package.get("checksums"))
            if isinstance(c, dict)
        ],
        licenses=_licenses(package),
        supplier=_actor_name(as_str(package.get("supplier"))),
        pointer=pointer,
    )


def _licenses(package: dict[str, Any]) -> list[License]:
    out: list[License] = []
    for field, acknowledgement in (
        ("licenseDeclared", "declared"),
        ("licenseConcluded", "concluded"),
    ):
        value = as_str(package.get(field)).strip()
        if value in _NO_VALUE:
            continue
        if _SINGLE_LICENSE.match(value):
            out.append(License(id=value, acknowledgement=acknowledgement))
        else:
            out.append(License(expression=value, acknowledgement=acknowledgement))
    return out


def _actor_name(value: str) -> str:
    match = _ACTOR.match(value)
    return match.group(2) if match else ""


def _creators(value: Any) -> tuple[list[Contact], list[Tool]]:
    authors: list[Contact] = []
    tools: list[Tool] = []
    for creator in _l(value):
        match = _ACTOR.match(as_str(creator))
        if not match:
            continue
        kind, name = match.groups()
        if kind == "Tool":
            tool_name, _, version = name.rpartition("-")
            tools.append(
                Tool(tool_name, "", version) if tool_name and version[:1].isdigit() else Tool(name)
            )
        else:
            authors.append(Contact(name=name))
    return authors, tools


def _dependencies(
    relationships: list[dict[str, Any]], by_id: dict[str, Component]
) -> list[Dependency]:
    graph: dict[str, list[str]] = {}
    for relationship in relationships:
        kind = relationship.get("relationshipType")
        source, target = (
            as_str(relationship.get("spdxElementId")),
            as_str(relationship.get("relatedSpdxElement")),
        )
        if kind in _BACKWARD:
            source, target = target, source
        elif kind not in _FORWARD:
            continue
        if source in by_id and target in by_id:
            targets = graph.setdefault(source, [])
            if target not in targets:
                targets.append(target)
    return [Dependency(ref, targets) for ref, targets in graph.items()]


def _element_ids(doc: dict[str, Any]) -> set[str]:
    ids = {"SPDXRef-DOCUMENT", as_str(doc.get("SPDXID"))}
    for key in ("packages", "files", "snippets"):
        ids.update(as_str(_d(element).get("SPDXID")) for element in _l(doc.get(key)))
    return ids


def _relationship_uses(doc: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """Element ids that relationships and documentDescribes name (external and NONE/NOASSERTION skipped)."""
    uses: list[tuple[str, str, int | None]] = []
    for i, ref in enumerate(_l(doc.get("documentDescribes"))):
        uses.append((as_str(ref), f"/documentDescribes/{i}", None))
    for i, relationship in enumerate(_l(doc.get("relationships"))):
        for key in ("spdxElementId", "relatedSpdxElement"):
            ref = as_str(_d(relationship).get(key))
            if ref not in _NO_VALUE and not ref.startswith("DocumentRef-"):
                uses.append((ref, f"/relationships/{i}/{key}", None))
    return uses
