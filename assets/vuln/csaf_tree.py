"""The CSAF product tree walked into product definitions, with the path that names each one.

Branches nest vendor → product_family → product_name → product_version / product_version_range
(plus architecture, language, patch_level, service_pack, specification, host_name, legacy);
``full_product_names`` define products without branches; ``relationships`` define a product as
one product (a component, firmware) related to another (a platform, a device).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assets.vuln.errors import json_pointer


@dataclass(slots=True)
class ProductDef:
    """One defined product id with what its branch path, helper and relationship say."""

    product_id: str
    name: str
    pointer: str
    vendor: str | None = None
    family: str | None = None
    product_name: str | None = None
    version: str | None = None
    version_range: str | None = None
    purl: str | None = None
    cpe: str | None = None
    model_numbers: tuple[str, ...] = ()
    relationship: str | None = None  # category, when defined by a relationship
    component_ref: str | None = None  # product_reference
    platform_ref: str | None = None  # relates_to_product_reference


@dataclass(slots=True)
class ProductTree:
    """Definitions in document order (duplicates kept for rule 6.1.2) and product groups."""

    definitions: list[ProductDef] = field(default_factory=list)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_pointers: dict[str, str] = field(default_factory=dict)
    references: list[tuple[str, str]] = field(default_factory=list)  # (product id, pointer)

    def by_id(self) -> dict[str, ProductDef]:
        """First definition of each product id."""
        out: dict[str, ProductDef] = {}
        for definition in self.definitions:
            out.setdefault(definition.product_id, definition)
        return out


def _helper(product: dict[str, Any], definition: ProductDef) -> None:
    helper = product.get("product_identification_helper") or {}
    if not isinstance(helper, dict):
        return
    if isinstance(helper.get("purl"), str):
        definition.purl = helper["purl"]
    if isinstance(helper.get("cpe"), str):
        definition.cpe = helper["cpe"]
    models = helper.get("model_numbers")
    if isinstance(models, list):
        definition.model_numbers = tuple(m for m in models if isinstance(m, str))


_PATH_FIELDS = {
    "vendor": "vendor",
    "product_family": "family",
    "product_name": "product_name",
    "product_version": "version",
    "product_version_range": "version_range",
}


def _walk(branches: Any, path: dict[str, str], pointer: str, tree: ProductTree) -> None:
    if not isinstance(branches, list):
        return
    for index, branch in enumerate(branches):
        if not isinstance(branch, dict):
            continue
        here = f"{pointer}/{index}"
        category, name = branch.get("category"), branch.get("name")
        step = dict(path)
        if category in _PATH_FIELDS and isinstance(name, str):
            step[_PATH_FIELDS[category]] = name
        product = branch.get("product")
        if isinstance(product, dict) and isinstance(product.get("product_id"), str):
            definition = ProductDef(
                product_id=product["product_id"],
                name=str(product.get("name", "")),
                pointer=f"{here}/product/product_id",
                **step,  # type: ignore[arg-type]
            )
            _helper(product, definition)
            tree.definitions.append(definition)
        _walk(branch.get("branches"), step, f"{here}/branches", tree)


def read_product_tree(document: dict[str, Any]) -> ProductTree:
    """Collect definitions, groups and every reference to a product id (for rule 6.1.1)."""
    tree = ProductTree()
    product_tree = document.get("product_tree")
    if not isinstance(product_tree, dict):
        product_tree = {}
    _walk(product_tree.get("branches"), {}, "/product_tree/branches", tree)
    for index, product in enumerate(product_tree.get("full_product_names") or []):
        if isinstance(product, dict) and isinstance(product.get("product_id"), str):
            definition = ProductDef(
                product_id=product["product_id"],
                name=str(product.get("name", "")),
                pointer=json_pointer("product_tree", "full_product_names", index, "product_id"),
            )
            _helper(product, definition)
            tree.definitions.append(definition)
    for index, relation in enumerate(product_tree.get("relationships") or []):
        if not isinstance(relation, dict):
            continue
        full = relation.get("full_product_name") or {}
        base = json_pointer("product_tree", "relationships", index)
        for key in ("product_reference", "relates_to_product_reference"):
            if isinstance(relation.get(key), str):
                tree.references.append((relation[key], f"{base}/{key}"))
        if isinstance(full, dict) and isinstance(full.get("product_id"), str):
            definition = ProductDef(
                product_id=full["product_id"],
                name=str(full.get("name", "")),
                pointer=f"{base}/full_product_name/product_id",
                relationship=str(relation.get("category", "")),
                component_ref=relation.get("product_reference"),
                platform_ref=relation.get("relates_to_product_reference"),
            )
            _helper(full, definition)
            tree.definitions.append(definition)
    for index, group in enumerate(product_tree.get("product_groups") or []):
        if not isinstance(group, dict) or not isinstance(group.get("group_id"), str):
            continue
        ids = tuple(p for p in group.get("product_ids") or [] if isinstance(p, str))
        tree.groups[group["group_id"]] = ids
        tree.group_pointers[group["group_id"]] = json_pointer(
            "product_tree", "product_groups", index
        )
        for position, product_id in enumerate(ids):
            pointer = json_pointer("product_tree", "product_groups", index, "product_ids", position)
            tree.references.append((product_id, pointer))
    _vulnerability_references(document, tree)
    return tree


_VULN_ID_LISTS = (
    ("remediations", "product_ids"),
    ("threats", "product_ids"),
    ("flags", "product_ids"),
    ("scores", "products"),
)


def _vulnerability_references(document: dict[str, Any], tree: ProductTree) -> None:
    for v_index, vulnerability in enumerate(document.get("vulnerabilities") or []):
        if not isinstance(vulnerability, dict):
            continue
        status = vulnerability.get("product_status") or {}
        if isinstance(status, dict):
            for group, ids in status.items():
                for position, product_id in enumerate(ids if isinstance(ids, list) else []):
                    pointer = json_pointer(
                        "vulnerabilities", v_index, "product_status", group, position
                    )
                    tree.references.append((product_id, pointer))
        for list_name, id_key in _VULN_ID_LISTS:
            for i_index, item in enumerate(vulnerability.get(list_name) or []):
                if not isinstance(item, dict):
                    continue
                for position, product_id in enumerate(item.get(id_key) or []):
                    pointer = json_pointer(
                        "vulnerabilities", v_index, list_name, i_index, id_key, position
                    )
                    tree.references.append((product_id, pointer))
