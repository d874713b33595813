"""The memory-lean path for CycloneDX XML: validate while parsing and drop each entry once read.

An lxml tree of a 50,000-component SBOM (45 MB) takes about 300 MB, and
its XSD validation and parsing more on top. Here ``iterparse`` reads the
document with the same hardening as :func:`assets.sbom.detect.parse_xml`
and validates it against the XSD as it goes (libxml2's streaming
validation agrees with the whole-tree one on the CycloneDX corpus); each
``/bom/components/component`` and ``/bom/dependencies/dependency`` is
converted once it is complete and then cleared from the tree, so only the
rest of the document (metadata, services, vulnerabilities, ...) stays.

Like :mod:`assets.sbom.stream_json`, the lean path only ever accepts: any
syntax or schema error, or any reference problem found later, returns the
document to the full path, whose errors (XPath and line) are the ones users
see. The locations it records for references are therefore blank.
"""

from __future__ import annotations

import io
import re

from lxml import etree

from assets.sbom.detect import CYCLONEDX_VERSIONS, refuse_dtd
from assets.sbom.model import Component, Dependency, SbomDocument
from assets.sbom.parse_cyclonedx_xml import (
    Reader,
    affect_locator,
    component_tree,
    composition_uses,
    dependency,
    parse_rest,
    services,
)
from assets.sbom.references import RefContext
from assets.sbom.xml_validation import cyclonedx_xml_schema

_ROOT = re.compile(r"^\{(http://cyclonedx\.org/schema/bom/(\d+\.\d+))\}bom$")
#: The options of :func:`assets.sbom.detect.hardened_xml_parser` that ``iterparse`` takes.
_HARDENED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
    "remove_pis": True,
}
_NOWHERE = ("", None)


def read_cyclonedx_xml(data: bytes, *, file_name: str) -> tuple[SbomDocument, RefContext] | None:
    """The parsed document and its reference context, or ``None`` to take the full path.

    Raises :class:`SbomError` for a DOCTYPE, as the full path does first.
    """
    match = _ROOT.match(refuse_dtd(data, file_name=file_name) or "")
    if match is None or match.group(2) not in CYCLONEDX_VERSIONS:
        return None
    namespace, version = match.groups()
    stream = _Stream("{" + namespace + "}")
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=(stream.component_tag, stream.dependency_tag),
        schema=cyclonedx_xml_schema(version),
        **_HARDENED,
    )
    try:
        for _, element in events:
            stream.take(element)
    except etree.XMLSyntaxError:  # malformed or schema-invalid
        return None
    root = events.root
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        return None
    return stream.document(root, file_name=file_name, spec_version=version)


class _Stream:
    """Converts and clears the entries of ``/bom/components`` and ``/bom/dependencies``."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.component_tag, self.dependency_tag = ns + "component", ns + "dependency"
        self.reader: Reader | None = None
        self.components: list[Component] = []
        self.top_level = 0
        self.dependencies: list[Dependency] = []
        self.provided: list[tuple[str, str, int | None]] = []
        # The dependency graph names components by bom-ref: share their string objects.
        self.shared: dict[str, str] = {}

    def take(self, element: etree._Element) -> None:
        parent = element.getparent()
        section = None if parent is None else parent.getparent()
        if section is None or section.getparent() is not None:
            return  # not an entry of a section of the root
        if self.reader is None:
            self.reader = Reader(section)
        if element.tag == self.component_tag and parent.tag == self.ns + "components":
            self._component(element)
        elif element.tag == self.dependency_tag and parent.tag == self.ns + "dependencies":
            self._dependency(element)
        else:
            return
        element.clear()
        while element.getprevious() is not None:
            del parent[0]

    def _component(self, element: etree._Element) -> None:
        self.top_level += 1
        start = len(self.components)
        pointer = f"/bom/components/component[{self.top_level}]"
        component_tree(self.reader, element, None, pointer, self.components)
        for component in self.components[start:]:
            self.shared.setdefault(component.bom_ref, component.bom_ref)

    def _dependency(self, element: etree._Element) -> None:
        found = dependency(self.reader, element)
        shared = self.shared
        found.ref = shared.get(found.ref, found.ref)
        found.depends_on = [shared.get(target, target) for target in found.depends_on]
        self.dependencies.append(found)
        for provides in self.reader.children(element, "provides"):
            ref = provides.get("ref")
            if ref is not None:
                self.provided.append((ref, *_NOWHERE))

    def document(
        self, root: etree._Element, *, file_name: str, spec_version: str
    ) -> tuple[SbomDocument, RefContext]:
        """The document: the rest of the tree parsed as usual, the streamed entries spliced in."""
        r = Reader(root)
        doc = parse_rest(r, root, file_name=file_name, spec_version=spec_version)
        streamed = self.components
        if self.top_level == 1:  # a single entry's XPath carries no position
            prefix = "/bom/components/component[1]"
            for component in streamed:
                component.pointer = "/bom/components/component" + component.pointer[len(prefix) :]
        offset = len(doc.components)  # metadata.component's children come first
        for component in streamed:
            if component.parent is not None:
                component.parent += offset
        doc.components.extend(streamed)
        doc.dependencies = self.dependencies
        context = RefContext(
            # Fewer refs than the whole tree holds (cleared entries' inner objects are gone): a
            # reference found dangling sends the document down the full path, which looks again.
            all_refs=lambda: (
                {str(value) for value in root.xpath("//@bom-ref")} | {c.bom_ref for c in streamed}
            ),
            locate_dependency=lambda i, j: _NOWHERE,
            locate_affect=affect_locator(r, root),
            services=services(r, r.child(root, "services"), []),
            other_uses=self.provided + composition_uses(r, root),
        )
        return doc, context
