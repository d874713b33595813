"""XSD validation of CycloneDX XML with lxml and the XSDs cyclonedx-python-lib ships.

Each XSD is compiled once per thread (lxml schema objects are not shared
across threads) from the local file with a hardened parser; its import of
``spdx.SNAPSHOT.xsd`` resolves next to it, never over the network.
"""

from __future__ import annotations

import threading

from cyclonedx.schema import SchemaVersion

# Private module of the library, used to validate against exactly its files.
from cyclonedx.schema._res import BOM_XML
from lxml import etree

from assets.sbom.detect import hardened_xml_parser
from assets.sbom.errors import ValidationIssue, shorten

MAX_ISSUES = 1000
_local = threading.local()


def cyclonedx_xml_schema(spec_version: str) -> etree.XMLSchema:
    """The compiled XSD for CycloneDX ``spec_version``, cached per thread."""
    cache: dict[str, etree.XMLSchema] = _local.__dict__.setdefault("schemas", {})
    schema = cache.get(spec_version)
    if schema is None:
        path = BOM_XML[SchemaVersion.from_version(spec_version)]
        if path is None:  # pragma: no cover - every supported version has an XSD
            raise ValueError(f"no XSD for CycloneDX {spec_version}")
        schema = etree.XMLSchema(etree.parse(path, parser=hardened_xml_parser()))
        cache[spec_version] = schema
    return schema


def element_path(element: etree._Element) -> str:
    """A readable XPath without namespaces, e.g. ``/bom/components/component[4]/purl``.

    Positions (1-based) are given where an element has siblings of the same name.
    """
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is None:
            parts.append(name)
            break
        same = list(parent.iterchildren(node.tag))
        parts.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/" + "/".join(reversed(parts))


def _strip_namespaces(message: str, root: etree._Element) -> str:
    for uri in set(root.nsmap.values()):
        message = message.replace("{" + uri + "}", "")
    return message


def validate_xml(root: etree._Element, spec_version: str) -> list[ValidationIssue]:
    """Every XSD violation of the document at ``root`` (up to ``MAX_ISSUES``), by XPath and line."""
    schema = cyclonedx_xml_schema(spec_version)
    if schema.validate(root):
        return []
    tree = root.getroottree()
    issues: list[ValidationIssue] = []
    for entry in schema.error_log:
        location = ""
        if entry.path:
            found = tree.xpath(entry.path)
            if isinstance(found, list) and found and isinstance(found[0], etree._Element):
                location = element_path(found[0])
        message = shorten(_strip_namespaces(entry.message, root))
        issues.append(ValidationIssue(location, message, entry.line or None))
        if len(issues) >= MAX_ISSUES:
            break
    return issues
