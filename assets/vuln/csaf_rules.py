"""CSAF 2.0 schema validation and the mandatory tests (§6.1) that matching depends on.

The schema is the OASIS CSAF 2.0 JSON schema carried in ``schemas/`` (see ``schemas/NOTICE``),
with the three FIRST CVSS schemas it references registered locally, so validation never goes
to the network. The tests implemented are those whose failure would make a match wrong:

* 6.1.1 Missing Definition of Product ID — a status group, group, remediation, score, threat,
  flag or relationship names a product the product tree lacks;
* 6.1.2 Multiple Definition of Product ID;
* 6.1.3 Circular Definition of Product ID (relationships);
* 6.1.4 Missing Definition of Product Group ID;
* 6.1.6 Contradicting Product Status (one product in two of affected / not affected / fixed /
  under investigation for one vulnerability).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

from assets.vuln.csaf_tree import ProductTree
from assets.vuln.errors import AdvisoryError, json_pointer

_CVSS_SCHEMAS = {
    "https://www.first.org/cvss/cvss-v2.0.json": "cvss-v2.0.json",
    "https://www.first.org/cvss/cvss-v3.0.json": "cvss-v3.0.json",
    "https://www.first.org/cvss/cvss-v3.1.json": "cvss-v3.1.json",
}


def _schema(name: str) -> Any:
    return json.loads(resources.files("assets.vuln").joinpath(f"schemas/{name}").read_text("utf-8"))


@cache
def _validator() -> Any:
    registry = jsonschema_rs.Registry([(uri, _schema(name)) for uri, name in _CVSS_SCHEMAS.items()])
    return jsonschema_rs.validator_for(_schema("csaf_json_schema.json"), registry=registry)


def validate_schema(document: Any, *, file: str | None) -> None:
    """Refuse a document that fails the CSAF 2.0 JSON schema, naming the first failing place."""
    errors = _validator().iter_errors(document)
    first = next(iter(errors), None)
    if first is not None:
        pointer = json_pointer(*first.instance_path)
        raise AdvisoryError(
            f"CSAF 2.0 schema: {first.message}", file=file, pointer=pointer, rule="schema"
        )


def check_mandatory(document: dict[str, Any], tree: ProductTree, *, file: str | None) -> None:
    """Run 6.1.1, 6.1.2, 6.1.3, 6.1.4 and 6.1.6 in spec order; raise on the first failure."""
    _check_missing_definition(tree, file)
    _check_multiple_definition(tree, file)
    _check_circular(tree, file)
    _check_missing_group(document, tree, file)
    _check_contradicting_status(document, file)


def _check_missing_definition(tree: ProductTree, file: str | None) -> None:
    defined = {d.product_id for d in tree.definitions}
    for product_id, pointer in tree.references:
        if product_id not in defined:
            raise AdvisoryError(
                f"product id {product_id!r} is used but not defined in the product tree",
                file=file,
                pointer=pointer,
                rule="CSAF 6.1.1 Missing Definition of Product ID",
            )


def _check_multiple_definition(tree: ProductTree, file: str | None) -> None:
    seen: dict[str, str] = {}
    for definition in tree.definitions:
        if definition.product_id in seen:
            raise AdvisoryError(
                f"product id {definition.product_id!r} is defined again (first at {seen[definition.product_id]})",
                file=file,
                pointer=definition.pointer,
                rule="CSAF 6.1.2 Multiple Definition of Product ID",
            )
        seen[definition.product_id] = definition.pointer


def _check_circular(tree: ProductTree, file: str | None) -> None:
    edges: dict[str, tuple[str, ...]] = {}
    pointers: dict[str, str] = {}
    for definition in tree.definitions:
        if definition.relationship is not None:
            refs = tuple(
                r for r in (definition.component_ref, definition.platform_ref) if isinstance(r, str)
            )
            edges[definition.product_id] = refs
            pointers[definition.product_id] = definition.pointer

    def reaches(start: str, node: str, seen: set[str]) -> bool:
        for nxt in edges.get(node, ()):
            if nxt == start:
                return True
            if nxt not in seen:
                seen.add(nxt)
                if reaches(start, nxt, seen):
                    return True
        return False

    for product_id in edges:
        if reaches(product_id, product_id, set()):
            raise AdvisoryError(
                f"product id {product_id!r} is defined through a relationship that refers back to itself",
                file=file,
                pointer=pointers[product_id],
                rule="CSAF 6.1.3 Circular Definition of Product ID",
            )


def _check_missing_group(document: dict[str, Any], tree: ProductTree, file: str | None) -> None:
    for v_index, vulnerability in enumerate(document.get("vulnerabilities") or []):
        if not isinstance(vulnerability, dict):
            continue
        for list_name in ("remediations", "threats", "flags"):
            for i_index, item in enumerate(vulnerability.get(list_name) or []):
                groups = item.get("group_ids") if isinstance(item, dict) else None
                for position, group_id in enumerate(groups or []):
                    if group_id not in tree.groups:
                        raise AdvisoryError(
                            f"product group id {group_id!r} is used but not defined",
                            file=file,
                            pointer=json_pointer(
                                "vulnerabilities",
                                v_index,
                                list_name,
                                i_index,
                                "group_ids",
                                position,
                            ),
                            rule="CSAF 6.1.4 Missing Definition of Product Group ID",
                        )


_STATUS_CLASS = {
    "first_affected": "affected",
    "known_affected": "affected",
    "last_affected": "affected",
    "known_not_affected": "not affected",
    "first_fixed": "fixed",
    "fixed": "fixed",
    "under_investigation": "under investigation",
}


def _check_contradicting_status(document: dict[str, Any], file: str | None) -> None:
    for v_index, vulnerability in enumerate(document.get("vulnerabilities") or []):
        status = vulnerability.get("product_status") if isinstance(vulnerability, dict) else None
        if not isinstance(status, dict):
            continue
        classes: dict[str, str] = {}
        for group, ids in status.items():
            status_class = _STATUS_CLASS.get(group)
            if status_class is None or not isinstance(ids, list):
                continue
            for position, product_id in enumerate(ids):
                earlier = classes.setdefault(product_id, status_class)
                if earlier != status_class:
                    raise AdvisoryError(
                        f"product {product_id!r} is both {earlier} and {status_class}",
                        file=file,
                        pointer=json_pointer(
                            "vulnerabilities", v_index, "product_status", group, position
                        ),
                        rule="CSAF 6.1.6 Contradicting Product Status",
                    )
