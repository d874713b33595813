"""Parsing a (schema-checked) CycloneDX JSON document into an :class:`SbomDocument`.

Written defensively: in lenient mode the document may break its schema, so
every value is type-checked and a wrong one is skipped instead of crashing.
"""

from __future__ import annotations

from typing import Any

from assets.sbom.model import (
    Affect,
    AffectedVersion,
    Component,
    Contact,
    Dependency,
    Hash,
    License,
    Property,
    Rating,
    SbomDocument,
    Tool,
    Vulnerability,
)
from assets.sbom.parse_common import as_int, as_str, parse_timestamp
from assets.sbom.references import RefContext


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _s(value: Any) -> str:
    return value if isinstance(value, str) else as_str(value)


def _entity_name(value: Any) -> str:
    return _s(_d(value).get("name"))


def parse_cyclonedx_json(
    doc: dict[str, Any], *, file_name: str, spec_version: str
) -> tuple[SbomDocument, RefContext]:
    """The document and the context for the reference check."""
    metadata = _d(doc.get("metadata"))
    timestamp_raw = _s(metadata.get("timestamp"))
    result = SbomDocument(
        file_name=file_name,
        kind="cyclonedx",
        format="json",
        spec_version=spec_version,
        serial_number=_s(doc.get("serialNumber")),
        version=as_int(doc.get("version")),
        timestamp=parse_timestamp(timestamp_raw),
        timestamp_raw=timestamp_raw,
        authors=[
            _contact(author) for author in _l(metadata.get("authors")) if isinstance(author, dict)
        ],
        tools=_tools(metadata.get("tools")),
        manufacturer=_entity_name(metadata.get("manufacturer"))
        or _entity_name(metadata.get("manufacture")),
        supplier=_entity_name(metadata.get("supplier")),
        properties=_properties(doc.get("properties")),
        signature=doc.get("signature"),
        declarations=doc.get("declarations"),
    )
    meta_component = metadata.get("component")
    components = result.components
    if isinstance(meta_component, dict):
        result.metadata_component = _component(meta_component, None, "/metadata/component")
        # Children of metadata.component are entries of a `components` array too.
        _components(
            meta_component.get("components"), None, "/metadata/component/components", components
        )
    _components(doc.get("components"), None, "/components", components)
    result.dependencies = _dependencies(doc.get("dependencies"))
    result.vulnerabilities = [
        _vulnerability(v) for v in _l(doc.get("vulnerabilities")) if isinstance(v, dict)
    ]
    context = RefContext(
        all_refs=lambda: all_refs(doc),
        locate_dependency=lambda i, j: (
            f"/dependencies/{i}/ref" if j is None else f"/dependencies/{i}/dependsOn/{j}",
            None,
        ),
        locate_affect=lambda i, j: (f"/vulnerabilities/{i}/affects/{j}/ref", None),
        services=_services(doc.get("services"), "/services", []),
        other_uses=_other_uses(doc),
    )
    return result, context


def _components(entries: Any, parent: int | None, pointer: str, out: list[Component]) -> None:
    """Append every entry of ``entries`` (depth first) to ``out``, recording each one's parent index."""
    for position, entry in enumerate(_l(entries)):
        component_tree(entry, parent, f"{pointer}/{position}", out)


def component_tree(entry: Any, parent: int | None, pointer: str, out: list[Component]) -> None:
    """Append the component ``entry`` found at ``pointer`` and its nested ones (depth first) to ``out``."""
    if not isinstance(entry, dict):
        return
    index = len(out)
    out.append(_component(entry, parent, pointer))
    children = entry.get("components")
    if children:
        _components(children, index, f"{pointer}/components", out)


def _component(entry: dict[str, Any], parent: int | None, pointer: str) -> Component:
    hashes = entry.get("hashes")
    licenses = entry.get("licenses")
    supplier = entry.get("supplier")
    bom_ref, purl = _s(entry.get("bom-ref")), _s(entry.get("purl"))
    return Component(
        bom_ref=bom_ref,
        type=_s(entry.get("type")),
        name=_s(entry.get("name")),
        group=_s(entry.get("group")),
        version=_s(entry.get("version")),
        purl=bom_ref if purl == bom_ref else purl,  # often the same: keep one string
        cpe=_s(entry.get("cpe")),
        hashes=_hashes(hashes) if hashes else [],
        licenses=_licenses(licenses) if licenses else [],
        supplier=_entity_name(supplier) if supplier else "",
        scope=_s(entry.get("scope")),
        parent=parent,
        pointer=pointer,
    )


def _hashes(value: Any) -> list[Hash]:
    return [
        Hash(_s(item.get("alg")), _s(item.get("content")))
        for item in _l(value)
        if isinstance(item, dict)
    ]


def _licenses(value: Any) -> list[License]:
    out: list[License] = []
    for choice in _l(value):
        if not isinstance(choice, dict):
            continue
        if "expression" in choice:
            out.append(
                License(
                    expression=_s(choice["expression"]),
                    acknowledgement=_s(choice.get("acknowledgement")),
                )
            )
        license_ = choice.get("license")
        if isinstance(license_, dict):
            out.append(
                License(
                    id=_s(license_.get("id")),
                    name=_s(license_.get("name")),
                    acknowledgement=_s(license_.get("acknowledgement")),
                )
            )
    return out


def _contact(value: dict[str, Any]) -> Contact:
    return Contact(_s(value.get("name")), _s(value.get("email")), _s(value.get("phone")))


def _tools(value: Any) -> list[Tool]:
    if isinstance(value, list):  # legacy (1.2-1.4, deprecated in 1.5+)
        return [
            Tool(_s(t.get("name")), _s(t.get("vendor")), _s(t.get("version")))
            for t in value
            if isinstance(t, dict)
        ]
    tools = _d(value)
    out = [
        Tool(
            _s(c.get("name")),
            _s(c.get("publisher"))
            or _entity_name(c.get("supplier"))
            or _entity_name(c.get("manufacturer"))
            or _s(c.get("group")),
            _s(c.get("version")),
            "component",
        )
        for c in _l(tools.get("components"))
        if isinstance(c, dict)
    ]
    out.extend(
        Tool(
            _s(s.get("name")),
            _entity_name(s.get("provider")) or _s(s.get("group")),
            _s(s.get("version")),
            "service",
        )
        for s in _l(tools.get("services"))
        if isinstance(s, dict)
    )
    return out


def _properties(value: Any) -> list[Property]:
    return [
        Property(_s(p.get("name")), _s(p.get("value"))) for p in _l(value) if isinstance(p, dict)
    ]


def _dependencies(value: Any) -> list[Dependency]:
    return [dependency(d) for d in _l(value) if isinstance(d, dict)]


def dependency(entry: dict[str, Any]) -> Dependency:
    """One ``dependencies`` entry."""
    return Dependency(_s(entry.get("ref")), [_s(target) for target in _l(entry.get("dependsOn"))])


def provides(position: int, entry: Any) -> list[tuple[str, str, int | None]]:
    """The refs in the ``provides`` of dependency ``position`` (1.6+), with their pointers."""
    return [
        (_s(ref), f"/dependencies/{position}/provides/{j}", None)
        for j, ref in enumerate(_l(_d(entry).get("provides")))
    ]


def _vulnerability(value: dict[str, Any]) -> Vulnerability:
    source = _d(value.get("source"))
    analysis = _d(value.get("analysis"))
    return Vulnerability(
        id=_s(value.get("id")),
        bom_ref=_s(value.get("bom-ref")),
        source_name=_s(source.get("name")),
        source_url=_s(source.get("url")),
        ratings=[
            Rating(
                source=_entity_name(r.get("source")),
                score=r["score"] if isinstance(r.get("score"), int | float) else None,
                severity=_s(r.get("severity")),
                method=_s(r.get("method")),
                vector=_s(r.get("vector")),
            )
            for r in _l(value.get("ratings"))
            if isinstance(r, dict)
        ],
        cwes=[cwe for cwe in _l(value.get("cwes")) if isinstance(cwe, int)],
        description=_s(value.get("description")),
        detail=_s(value.get("detail")),
        recommendation=_s(value.get("recommendation")),
        analysis_state=_s(analysis.get("state")),
        analysis_justification=_s(analysis.get("justification")),
        analysis_response=[_s(r) for r in _l(analysis.get("response"))],
        analysis_detail=_s(analysis.get("detail")),
        affects=[
            Affect(
                _s(a.get("ref")),
                [
                    AffectedVersion(_s(v.get("version")), _s(v.get("range")), _s(v.get("status")))
                    for v in _l(a.get("versions"))
                    if isinstance(v, dict)
                ],
            )
            for a in _l(value.get("affects"))
            if isinstance(a, dict)
        ],
    )


def _services(
    entries: Any, pointer: str, out: list[tuple[str, str, int | None]]
) -> list[tuple[str, str, int | None]]:
    for position, entry in enumerate(_l(entries)):
        if isinstance(entry, dict):
            here = f"{pointer}/{position}"
            out.append((_s(entry.get("bom-ref")), here, None))
            _services(entry.get("services"), f"{here}/services", out)
    return out


def _other_uses(doc: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    uses: list[tuple[str, str, int | None]] = []
    for i, entry in enumerate(_l(doc.get("dependencies"))):
        uses += provides(i, entry)
    for i, composition in enumerate(_l(doc.get("compositions"))):
        for key in ("assemblies", "dependencies", "vulnerabilities"):
            for j, ref in enumerate(_l(_d(composition).get(key))):
                if isinstance(ref, str):
                    uses.append((ref, f"/compositions/{i}/{key}/{j}", None))
    return uses


def all_refs(doc: Any) -> set[str]:
    """Every ``bom-ref`` value anywhere in the document (an iterative walk)."""
    refs: set[str] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("bom-ref")
            if isinstance(ref, str):
                refs.add(ref)
            stack.extend(value for value in node.values() if isinstance(value, dict | list))
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, dict | list))
    return refs
