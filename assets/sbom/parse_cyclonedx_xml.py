"""Parsing a (schema-checked) CycloneDX XML document into an :class:`SbomDocument`.

Element names are looked up in the document's own namespace; the layout is the
XSD's (``<components><component>``, ``<hashes><hash alg=…>``,
``<dependencies><dependency ref=…><dependency ref=…/>``, …). Locations are
readable XPaths with 1-based positions.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

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
from assets.sbom.parse_common import as_int, parse_timestamp
from assets.sbom.references import RefContext
from assets.sbom.xml_validation import element_path

Element = etree._Element


class Reader:
    """Namespace-aware child lookups for one document."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.ns = "{" + (etree.QName(root).namespace or "") + "}"

    def child(self, element: Element | None, name: str) -> Element | None:
        return None if element is None else element.find(self.ns + name)

    def children(self, element: Element | None, name: str) -> list[Element]:
        return [] if element is None else element.findall(self.ns + name)

    def text(self, element: Element | None, name: str) -> str:
        if element is None:
            return ""
        return (element.findtext(self.ns + name) or "").strip()

    def entity_name(self, element: Element | None, name: str) -> str:
        return self.text(self.child(element, name), "name")


def parse_cyclonedx_xml(
    root: Element, *, file_name: str, spec_version: str
) -> tuple[SbomDocument, RefContext]:
    """The document and the context for the reference check."""
    r = Reader(root)
    doc = parse_rest(r, root, file_name=file_name, spec_version=spec_version)
    _components(r, r.child(root, "components"), None, "/bom/components", doc.components)
    dependency_elements = r.children(r.child(root, "dependencies"), "dependency")
    doc.dependencies = [dependency(r, d) for d in dependency_elements]

    def locate_dependency(i: int, j: int | None) -> tuple[str, int | None]:
        element = (
            dependency_elements[i]
            if j is None
            else r.children(dependency_elements[i], "dependency")[j]
        )
        return element_path(element), element.sourceline

    provided = [p for d in dependency_elements for p in r.children(d, "provides")]
    context = RefContext(
        all_refs=lambda: {str(value) for value in root.xpath("//@bom-ref")},
        locate_dependency=locate_dependency,
        locate_affect=affect_locator(r, root),
        services=services(r, r.child(root, "services"), []),
        other_uses=_uses(provided) + composition_uses(r, root),
    )
    return doc, context


def parse_rest(r: Reader, root: Element, *, file_name: str, spec_version: str) -> SbomDocument:
    """Everything but the ``/bom/components`` and ``/bom/dependencies`` entries.

    ``components`` holds the children of ``metadata.component`` (entries of a
    components array too) and is to be extended by ``/bom/components``.
    """
    metadata = r.child(root, "metadata")
    timestamp_raw = r.text(metadata, "timestamp")
    doc = SbomDocument(
        file_name=file_name,
        kind="cyclonedx",
        format="xml",
        spec_version=spec_version,
        serial_number=root.get("serialNumber", ""),
        version=as_int(root.get("version", "1")),
        timestamp=parse_timestamp(timestamp_raw),
        timestamp_raw=timestamp_raw,
        authors=[_contact(r, a) for a in r.children(r.child(metadata, "authors"), "author")],
        tools=_tools(r, r.child(metadata, "tools")),
        manufacturer=r.entity_name(metadata, "manufacturer")
        or r.entity_name(metadata, "manufacture"),
        supplier=r.entity_name(metadata, "supplier"),
        properties=_properties(r, r.child(root, "properties")),
        signature=_raw(_signature(root)),
        declarations=_raw(r.child(root, "declarations")),
    )
    meta_component = r.child(metadata, "component")
    if meta_component is not None:
        doc.metadata_component = _component(r, meta_component, None, "/bom/metadata/component")
        _components(
            r,
            r.child(meta_component, "components"),
            None,
            "/bom/metadata/component/components",
            doc.components,
        )
    vulnerability_elements = r.children(r.child(root, "vulnerabilities"), "vulnerability")
    doc.vulnerabilities = [_vulnerability(r, v) for v in vulnerability_elements]
    return doc


def dependency(r: Reader, element: Element) -> Dependency:
    """One ``<dependency ref=...>`` of ``/bom/dependencies`` with the refs it depends on."""
    return Dependency(
        element.get("ref", ""), [t.get("ref", "") for t in r.children(element, "dependency")]
    )


def affect_locator(r: Reader, root: Element) -> Callable[[int, int], tuple[str, int | None]]:
    """``locate_affect`` of the reference context: the XPath and line of an ``affects`` target."""
    vulnerability_elements = r.children(r.child(root, "vulnerabilities"), "vulnerability")

    def locate_affect(i: int, j: int) -> tuple[str, int | None]:
        targets = r.children(r.child(vulnerability_elements[i], "affects"), "target")
        element = r.child(targets[j], "ref")
        element = targets[j] if element is None else element
        return element_path(element), element.sourceline

    return locate_affect


def _components(
    r: Reader, container: Element | None, parent: int | None, pointer: str, out: list[Component]
) -> None:
    if container is None:
        return
    entries = r.children(container, "component")
    numbered = len(entries) > 1
    for position, entry in enumerate(entries, start=1):
        here = f"{pointer}/component[{position}]" if numbered else f"{pointer}/component"
        component_tree(r, entry, parent, here, out)


def component_tree(
    r: Reader, entry: Element, parent: int | None, pointer: str, out: list[Component]
) -> None:
    """Append the component ``entry`` found at ``pointer`` and its nested ones (depth first) to ``out``."""
    index = len(out)
    out.append(_component(r, entry, parent, pointer))
    children = r.child(entry, "components")
    if children is not None:
        _components(r, children, index, f"{pointer}/components", out)


def _component(r: Reader, entry: Element, parent: int | None, pointer: str) -> Component:
    hashes = r.child(entry, "hashes")
    licenses = r.child(entry, "licenses")
    bom_ref, purl = entry.get("bom-ref", ""), r.text(entry, "purl")
    return Component(
        bom_ref=bom_ref,
        type=entry.get("type", ""),
        name=r.text(entry, "name"),
        group=r.text(entry, "group"),
        version=r.text(entry, "version"),
        purl=bom_ref if purl == bom_ref else purl,  # often the same: keep one string
        cpe=r.text(entry, "cpe"),
        hashes=[Hash(h.get("alg", ""), (h.text or "").strip()) for h in r.children(hashes, "hash")],
        licenses=_licenses(r, licenses) if licenses is not None else [],
        supplier=r.entity_name(entry, "supplier"),
        scope=r.text(entry, "scope"),
        parent=parent,
        pointer=pointer,
    )


def _licenses(r: Reader, container: Element) -> list[License]:
    out: list[License] = []
    for element in container:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "license":
            out.append(
                License(
                    id=r.text(element, "id"),
                    name=r.text(element, "name"),
                    acknowledgement=element.get("acknowledgement", ""),
                )
            )
        elif name in ("expression", "expression-detailed"):
            expression = element.get("expression") or (element.text or "").strip()
            out.append(
                License(expression=expression, acknowledgement=element.get("acknowledgement", ""))
            )
    return out


def _contact(r: Reader, element: Element) -> Contact:
    return Contact(r.text(element, "name"), r.text(element, "email"), r.text(element, "phone"))


def _tools(r: Reader, tools: Element | None) -> list[Tool]:
    out = [
        Tool(r.text(t, "name"), r.text(t, "vendor"), r.text(t, "version"))
        for t in r.children(tools, "tool")
    ]
    for c in r.children(r.child(tools, "components"), "component"):
        vendor = (
            r.text(c, "publisher")
            or r.entity_name(c, "supplier")
            or r.entity_name(c, "manufacturer")
            or r.text(c, "group")
        )
        out.append(Tool(r.text(c, "name"), vendor, r.text(c, "version"), "component"))
    for s in r.children(r.child(tools, "services"), "service"):
        out.append(
            Tool(
                r.text(s, "name"),
                r.entity_name(s, "provider") or r.text(s, "group"),
                r.text(s, "version"),
                "service",
            )
        )
    return out


def _properties(r: Reader, container: Element | None) -> list[Property]:
    return [
        Property(p.get("name", ""), (p.text or "").strip())
        for p in r.children(container, "property")
    ]


def _vulnerability(r: Reader, v: Element) -> Vulnerability:
    source = r.child(v, "source")
    analysis = r.child(v, "analysis")
    ratings = []
    for rating in r.children(r.child(v, "ratings"), "rating"):
        score_text = r.text(rating, "score")
        try:
            score: float | None = float(score_text) if score_text else None
        except ValueError:
            score = None
        ratings.append(
            Rating(
                source=r.entity_name(rating, "source"),
                score=score,
                severity=r.text(rating, "severity"),
                method=r.text(rating, "method"),
                vector=r.text(rating, "vector"),
            )
        )
    affects = []
    for target in r.children(r.child(v, "affects"), "target"):
        versions = [
            AffectedVersion(r.text(e, "version"), r.text(e, "range"), r.text(e, "status"))
            for e in r.children(r.child(target, "versions"), "version")
        ]
        affects.append(Affect(r.text(target, "ref"), versions))
    return Vulnerability(
        id=r.text(v, "id"),
        bom_ref=v.get("bom-ref", ""),
        source_name=r.text(source, "name"),
        source_url=r.text(source, "url"),
        ratings=ratings,
        cwes=[
            int(c.text)
            for c in r.children(r.child(v, "cwes"), "cwe")
            if (c.text or "").strip().isdecimal()
        ],
        description=r.text(v, "description"),
        detail=r.text(v, "detail"),
        recommendation=r.text(v, "recommendation"),
        analysis_state=r.text(analysis, "state"),
        analysis_justification=r.text(analysis, "justification"),
        analysis_response=[
            (e.text or "").strip() for e in r.children(r.child(analysis, "responses"), "response")
        ],
        analysis_detail=r.text(analysis, "detail"),
        affects=affects,
    )


def services(
    r: Reader, container: Element | None, out: list[tuple[str, str, int | None]]
) -> list[tuple[str, str, int | None]]:
    """Every service (nested ones too) by bom-ref, XPath and line."""
    for service in r.children(container, "service"):
        out.append((service.get("bom-ref", ""), element_path(service), service.sourceline))
        services(r, r.child(service, "services"), out)
    return out


def composition_uses(r: Reader, root: Element) -> list[tuple[str, str, int | None]]:
    """The refs that ``compositions`` name (assemblies, dependencies, vulnerabilities)."""
    elements: list[Element] = []
    for composition in r.children(r.child(root, "compositions"), "composition"):
        elements += r.children(r.child(composition, "assemblies"), "assembly")
        elements += r.children(r.child(composition, "dependencies"), "dependency")
        elements += r.children(r.child(composition, "vulnerabilities"), "vulnerability")
    return _uses(elements)


def _uses(elements: list[Element]) -> list[tuple[str, str, int | None]]:
    return [
        (element.get("ref"), element_path(element), element.sourceline)
        for element in elements
        if element.get("ref") is not None
    ]


def _signature(root: Element) -> Element | None:
    for element in root:
        if isinstance(element.tag, str) and etree.QName(element).localname == "Signature":
            return element
    return None


def _raw(element: Element | None) -> str | None:
    return None if element is None else etree.tostring(element, encoding="unicode")
