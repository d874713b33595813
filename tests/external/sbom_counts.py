"""Independent counts from raw SBOM files, to check the engine against (not using its code)."""

from __future__ import annotations

from typing import Any

from lxml import etree


def json_component_keys(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(bom-ref, name) of every entry of every ``components`` array of the component tree.

    That is the top-level ``components``, the children of ``metadata.component``
    and, recursively, each counted component's own ``components`` — not
    ``metadata.component`` itself and not ``metadata.tools.components``.
    """

    def walk(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        for entry in entries:
            keys.append((entry.get("bom-ref", ""), entry.get("name", "")))
            keys += walk(entry.get("components", []))
        return keys

    meta = doc.get("metadata", {}).get("component", {})
    return walk(meta.get("components", [])) + walk(doc.get("components", []))


def xml_component_keys(data: bytes) -> list[tuple[str, str]]:
    """The same for CycloneDX XML, read with lxml by local names."""
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))

    def child(element: Any, name: str) -> list[Any]:
        return [e for e in element if isinstance(e.tag, str) and etree.QName(e).localname == name]

    def walk(containers: list[Any]) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        for container in containers:
            for component in child(container, "component"):
                names = child(component, "name")
                keys.append(
                    (component.get("bom-ref", ""), (names[0].text or "").strip() if names else "")
                )
                keys += walk(child(component, "components"))
        return keys

    meta_components = [
        c
        for m in child(root, "metadata")
        for mc in child(m, "component")
        for c in child(mc, "components")
    ]
    return walk(meta_components) + walk(child(root, "components"))
