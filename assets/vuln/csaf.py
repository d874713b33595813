"""CSAF 2.0 documents → :class:`~assets.vuln.model.Advisory`.

Validated against the CSAF 2.0 schema and the mandatory tests matching depends on (see
:mod:`assets.vuln.csaf_rules`), then each (product, status) of each vulnerability becomes an
:class:`~assets.vuln.model.AffectedEntry` carrying every identifier the product tree gives it:
a purl (Red Hat), a CPE (Red Hat, Cisco) and/or the OT vendor/product/family/model names (CISA
ICS, which carry nothing else).

A product defined by a relationship takes its version (and purl) from the
``product_reference`` — the component or firmware — and its platform from
``relates_to_product_reference``: the CPE for ``*_component_of`` (a package on a distribution),
the OT device for ``installed_on`` / ``installed_with`` (firmware on a device).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assets.vuln.cpe import CpeName, parse_cpe
from assets.vuln.csaf_rules import check_mandatory, validate_schema
from assets.vuln.csaf_tree import ProductDef, ProductTree, read_product_tree
from assets.vuln.errors import AdvisoryError, VersionSyntaxError, json_pointer
from assets.vuln.model import (
    STATUS_BY_CSAF_GROUP,
    Advisory,
    AffectedEntry,
    OtProduct,
    Reference,
    Remediation,
    Severity,
    Status,
    Vulnerability,
)
from assets.vuln.osv import parse_timestamp
from assets.vuln.predicates import AllVersions, ExactVersions, Predicate
from assets.vuln.purl import ParsedPurl, parse_purl
from assets.vuln.severity import severity_from_vector
from assets.vuln.vendor_ranges import parse_range_text
from assets.vuln.vendors import normalize_vendor
from assets.vuln.versions import FIRMWARE, known_scheme

_OT_RELATIONSHIPS = {"installed_on", "installed_with"}


def is_csaf(data: Any) -> bool:
    """True for a JSON object that declares itself a CSAF document."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("document"), dict)
        and "csaf_version" in data["document"]
    )


def parse_csaf(data: Any, *, file: str | None = None) -> Advisory:
    """Validate and normalize one CSAF 2.0 document; :class:`AdvisoryError` names file, place, rule."""
    validate_schema(data, file=file)
    tree = read_product_tree(data)
    check_mandatory(data, tree, file=file)
    document = data["document"]
    tracking = document["tracking"]
    vulnerabilities = [v for v in data.get("vulnerabilities") or [] if isinstance(v, dict)]
    vuln_infos = tuple(_vulnerability(v, index) for index, v in enumerate(vulnerabilities))
    aliases = tuple(dict.fromkeys(i for info in vuln_infos for i in (info.cve, *info.ids) if i))
    summary = next(
        (n.get("text") for n in document.get("notes") or [] if n.get("category") == "summary"), None
    )
    return Advisory(
        id=tracking["id"],
        source="csaf",
        modified=parse_timestamp(
            tracking.get("current_release_date"),
            file=file,
            pointer="/document/tracking/current_release_date",
        ),
        published=parse_timestamp(
            tracking.get("initial_release_date"),
            file=file,
            pointer="/document/tracking/initial_release_date",
        ),
        aliases=aliases,
        title=document.get("title"),
        summary=summary,
        references=tuple(
            Reference(url=r["url"], type=r.get("category", "external"), summary=r.get("summary"))
            for r in document.get("references") or []
        ),
        affected=tuple(_entries(vulnerabilities, vuln_infos, tree)),
        vulnerabilities=vuln_infos,
        file=file,
    )


def _vulnerability(vulnerability: dict[str, Any], index: int) -> Vulnerability:
    ids = tuple(
        i["text"] for i in vulnerability.get("ids") or [] if isinstance(i, dict) and "text" in i
    )
    cve = vulnerability.get("cve")
    severities: list[Severity] = []
    for score in vulnerability.get("scores") or []:
        for key in ("cvss_v3", "cvss_v2"):
            vector = (score.get(key) or {}).get("vectorString")
            if vector:
                severities.append(severity_from_vector(vector))
    return Vulnerability(
        id=cve or (ids[0] if ids else f"#{index}"),
        cve=cve,
        ids=ids,
        title=vulnerability.get("title"),
        severities=tuple(severities),
    )


def _remediations(vulnerability: dict[str, Any], tree: ProductTree) -> dict[str, list[Remediation]]:
    out: dict[str, list[Remediation]] = {}
    for item in vulnerability.get("remediations") or []:
        remediation = Remediation(
            category=item.get("category", ""), details=item.get("details", ""), url=item.get("url")
        )
        ids = list(item.get("product_ids") or [])
        for group_id in item.get("group_ids") or []:
            ids.extend(tree.groups.get(group_id, ()))
        for product_id in dict.fromkeys(ids):
            out.setdefault(product_id, []).append(remediation)
    return out


def _per_product(items: list[Any], tree: ProductTree, value) -> dict[str, str]:
    """product id → the first non-empty ``value(item)`` of the items naming it (or its group)."""
    out: dict[str, str] = {}
    for item in items or []:
        if not isinstance(item, dict) or not (text := value(item)):
            continue
        ids = list(item.get("product_ids") or [])
        for group_id in item.get("group_ids") or []:
            ids.extend(tree.groups.get(group_id, ()))
        for product_id in ids:
            out.setdefault(product_id, text)
    return out


def _vex_statements(vulnerability: dict[str, Any], tree: ProductTree) -> dict[str, tuple]:
    """product id → (flag label, impact details): the CSAF VEX justification of not affected."""
    flags = _per_product(vulnerability.get("flags"), tree, lambda f: f.get("label"))
    impacts = _per_product(
        vulnerability.get("threats"),
        tree,
        lambda t: t.get("details") if t.get("category") == "impact" else None,
    )
    return {p: (flags.get(p), impacts.get(p)) for p in {*flags, *impacts}}


def _one_statement(statements: list[tuple]) -> tuple:
    """(flag, impact) of a merged entry from its vulnerabilities' ``(id, flag, impact)``.

    One entry per product and status merges the document's vulnerabilities; a
    flag is claimed only when every one of them gives it, and differing impact
    statements are kept each under its vulnerability's id.
    """
    flags = {flag for _id, flag, _impact in statements}
    flag = flags.pop() if len(flags) == 1 else None
    impacts = {impact for _id, _flag, impact in statements}
    if len(impacts) == 1:
        return flag, impacts.pop()
    return flag, "\n".join(f"{vid}: {impact}" for vid, _flag, impact in statements if impact)


def _entries(
    vulnerabilities: list[dict[str, Any]], infos: tuple[Vulnerability, ...], tree: ProductTree
) -> list[AffectedEntry]:
    by_id = tree.by_id()
    grouped: dict[tuple[str, Status], list[int]] = {}
    pointers: dict[tuple[str, Status], str] = {}
    remediations: dict[tuple[str, Status], dict[Remediation, None]] = {}
    statements: dict[str, list[tuple]] = {}
    for v_index, vulnerability in enumerate(vulnerabilities):
        per_product = _remediations(vulnerability, tree)
        vex = _vex_statements(vulnerability, tree)
        for group, ids in (vulnerability.get("product_status") or {}).items():
            status = STATUS_BY_CSAF_GROUP.get(group)
            if status is None:
                continue
            for position, product_id in enumerate(ids):
                key = (product_id, status)
                grouped.setdefault(key, []).append(v_index)
                pointers.setdefault(
                    key, json_pointer("vulnerabilities", v_index, "product_status", group, position)
                )
                remediations.setdefault(key, {}).update(
                    dict.fromkeys(per_product.get(product_id, []))
                )
                if status is Status.NOT_AFFECTED:
                    statements.setdefault(product_id, []).append(
                        (infos[v_index].id, *vex.get(product_id, (None, None)))
                    )
    entries = []
    for (product_id, status), v_indices in grouped.items():
        entry = _entry(by_id, by_id[product_id], status)
        justification, impact = (
            _one_statement(statements.get(product_id, []))
            if status is Status.NOT_AFFECTED
            else (None, None)
        )
        entries.append(
            replace(
                entry,
                vulnerabilities=tuple(dict.fromkeys(infos[i].id for i in v_indices)),
                remediations=tuple(remediations[(product_id, status)]),
                pointer=pointers[(product_id, status)],
                justification=justification,
                impact=impact,
            )
        )
    return entries


def _identity(definition: ProductDef) -> tuple[ParsedPurl | None, CpeName | None, OtProduct | None]:
    purl = cpe = ot = None
    if definition.purl:
        try:
            purl = parse_purl(definition.purl)
        except VersionSyntaxError:
            purl = None
    if definition.cpe:
        try:
            cpe = parse_cpe(definition.cpe)
        except VersionSyntaxError:
            cpe = None
    if definition.vendor:
        ot = OtProduct(
            vendor=definition.vendor.strip(),
            vendor_key=normalize_vendor(definition.vendor),
            product=definition.product_name,
            family=definition.family,
            model_numbers=definition.model_numbers,
        )
    return purl, cpe, ot


def _predicate(definition: ProductDef, purl: ParsedPurl | None) -> Predicate:
    if purl is not None and purl.version:
        scheme = purl.key.type if known_scheme(purl.key.type) else FIRMWARE
        return ExactVersions((purl.version,), scheme)
    if definition.version_range:
        return parse_range_text(definition.version_range)
    if definition.version:
        return ExactVersions((definition.version,), FIRMWARE)
    return AllVersions(text="the advisory names the product without a version")


def _entry(by_id: dict[str, ProductDef], definition: ProductDef, status: Status) -> AffectedEntry:
    if definition.relationship is not None:
        component = by_id.get(definition.component_ref or "")
        platform = by_id.get(definition.platform_ref or "")
        if component is not None and platform is not None:
            c_purl, c_cpe, c_ot = _identity(component)
            _, p_cpe, p_ot = _identity(platform)
            on_device = definition.relationship in _OT_RELATIONSHIPS
            return AffectedEntry(
                predicate=_predicate(component, c_purl),
                status=status,
                package=c_purl.key if c_purl else None,
                purl=component.purl,
                cpe=c_cpe if on_device else (p_cpe or c_cpe),
                cpe_is_platform=not on_device and p_cpe is not None,
                ot=(p_ot or c_ot) if on_device else None,
                product_id=definition.product_id,
                product_name=definition.name,
            )
    purl, cpe, ot = _identity(definition)
    return AffectedEntry(
        predicate=_predicate(definition, purl),
        status=status,
        package=purl.key if purl else None,
        purl=definition.purl,
        cpe=cpe,
        ot=ot,
        product_id=definition.product_id,
        product_name=definition.name,
    )


def refuse_non_csaf(data: Any, *, file: str | None) -> None:
    """Raise a clear error for JSON that is not a CSAF document at all."""
    if not is_csaf(data):
        raise AdvisoryError(
            "not a CSAF document: no /document/csaf_version",
            file=file,
            pointer="/document",
            rule="format",
        )
