"""Turn a parsed :class:`SbomDocument` into rows: the Sbom's own fields and the bulk-inserted
components, dependency edges and declared vulnerabilities.

Components are inserted level by level of nesting (all top-level ones, then
their children, ...), so each parent's primary key is known when its
children are built; ``bulk_create`` returns primary keys on PostgreSQL and on
SQLite 3.35+. Rows are built per batch and dropped after insertion, which
keeps memory flat for large documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from itertools import islice

from assets.models import Sbom, SbomComponent, SbomDependency, SbomVulnerability
from assets.sbom import Component, SbomDocument
from assets.vuln.errors import VersionSyntaxError
from assets.vuln.purl import parse_purl

BATCH = 2000
_INT_MAX = 2**31 - 1


def _text(value: str) -> str:
    """PostgreSQL text cannot hold NUL characters; nothing meaningful is lost dropping them."""
    return value.replace("\x00", "") if "\x00" in value else value


def component_json(c: Component | None) -> dict | None:
    """A small JSON view of a component (for ``metadata.component``)."""
    if c is None:
        return None
    return {
        "bom_ref": c.bom_ref,
        "type": c.type,
        "group": c.group,
        "name": c.name,
        "version": c.version,
        "purl": c.purl,
        "cpe": c.cpe,
        "supplier": c.supplier,
    }


def document_fields(doc: SbomDocument, *, errors_kept: int) -> dict:
    """The Sbom model fields that come from the document itself."""
    timestamp = doc.timestamp
    if timestamp is not None and timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=UTC)
    version = doc.version if doc.version is not None and 0 <= doc.version <= _INT_MAX else None
    return {
        "document_sha256": doc.sha256,
        "kind": doc.kind,
        "format": doc.format,
        "spec_version": doc.spec_version,
        "serial_number": _text(doc.serial_number),
        "bom_version": version,
        "timestamp": timestamp,
        "authors": [{"name": a.name, "email": a.email, "phone": a.phone} for a in doc.authors],
        "tools": [
            {"name": t.name, "vendor": t.vendor, "version": t.version, "kind": t.kind}
            for t in doc.tools
        ],
        "manufacturer": _text(doc.manufacturer),
        "document_supplier": _text(doc.supplier),
        "metadata_component": component_json(doc.metadata_component),
        "signature": doc.signature,
        "declarations": doc.declarations,
        "properties": [{"name": p.name, "value": p.value} for p in doc.properties],
        "validation_errors": [
            {"location": i.location, "message": i.message, "line": i.line}
            for i in doc.validation_errors[:errors_kept]
        ],
        "validation_error_count": len(doc.validation_errors),
    }


def package_key(purl: str) -> tuple[str, str, str]:
    """(type, namespace, name) of a purl, normalised as advisory matching does; empty if invalid."""
    if not purl:
        return "", "", ""
    try:
        key = parse_purl(purl).key
    except (VersionSyntaxError, ValueError):
        return "", "", ""
    return key.type[:64], key.namespace, key.name


def _licenses(c: Component) -> list[dict]:
    out = []
    for lic in c.licenses:
        entry = {
            k: v
            for k, v in (
                ("id", lic.id),
                ("name", lic.name),
                ("expression", lic.expression),
                ("acknowledgement", lic.acknowledgement),
            )
            if v
        }
        if entry:
            out.append(entry)
    return out


def _component_row(sbom: Sbom, index: int, c: Component, depth: int, parent_id) -> SbomComponent:
    purl_type, purl_namespace, purl_name = package_key(c.purl)
    return SbomComponent(
        organization_id=sbom.organization_id,
        sbom_id=sbom.pk,
        parent_id=parent_id,
        position=index,
        depth=min(depth, 32767),
        bom_ref=_text(c.bom_ref),
        type=_text(c.type),
        group=_text(c.group),
        name=_text(c.name),
        version=_text(c.version),
        purl=_text(c.purl),
        cpe=_text(c.cpe),
        hashes=[{"alg": h.alg, "content": h.content} for h in c.hashes],
        licenses=_licenses(c),
        supplier_name=_text(c.supplier),
        scope=_text(c.scope),
        purl_type=purl_type,
        purl_namespace=_text(purl_namespace),
        purl_name=_text(purl_name),
    )


def _batches(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    while batch := list(islice(rows, size)):
        yield batch


def store_components(*, sbom: Sbom, doc: SbomDocument) -> list[int]:
    """Insert every component; returns their primary keys in document order."""
    components = doc.components
    depths = [0] * len(components)
    levels: dict[int, list[int]] = {}
    for index, component in enumerate(components):
        if component.parent is not None:
            depths[index] = depths[component.parent] + 1
        levels.setdefault(depths[index], []).append(index)
    pks: list[int] = [0] * len(components)
    for depth in sorted(levels):
        indices = levels[depth]
        for start in range(0, len(indices), BATCH):
            chunk = indices[start : start + BATCH]
            rows = [
                _component_row(
                    sbom,
                    i,
                    components[i],
                    depth,
                    None if components[i].parent is None else pks[components[i].parent],
                )
                for i in chunk
            ]
            SbomComponent.objects.bulk_create(rows)
            for i, row in zip(chunk, rows, strict=True):
                if row.pk is None:  # pragma: no cover - guards an unsupported database
                    raise RuntimeError("the database did not return primary keys on bulk insert")
                pks[i] = row.pk
    return pks


def store_rows(*, sbom: Sbom, doc: SbomDocument) -> dict[str, int]:
    """Insert components, dependency edges and declared vulnerabilities of ``doc`` for ``sbom``.

    Returns the counts stored on the Sbom (``component_count``, ``dependency_count``,
    ``vulnerability_count``).
    """
    pks = store_components(sbom=sbom, doc=doc)
    by_ref: dict[str, int] = {}
    for component, pk in zip(doc.components, pks, strict=True):
        if component.bom_ref:
            by_ref.setdefault(component.bom_ref, pk)
    edges = _store_dependencies(sbom=sbom, doc=doc, by_ref=by_ref)
    _store_vulnerabilities(sbom=sbom, doc=doc, by_ref=by_ref)
    return {
        "component_count": len(pks),
        "dependency_count": edges,
        "vulnerability_count": len(doc.vulnerabilities),
    }


def _store_dependencies(*, sbom: Sbom, doc: SbomDocument, by_ref: dict[str, int]) -> int:
    org_id, sbom_id = sbom.organization_id, sbom.pk

    def rows() -> Iterator[SbomDependency]:
        for dependency in doc.dependencies:
            ref = _text(dependency.ref)
            source = by_ref.get(dependency.ref)
            for target in dependency.depends_on or [""]:
                yield SbomDependency(
                    organization_id=org_id,
                    sbom_id=sbom_id,
                    ref=ref,
                    depends_on=_text(target),
                    source_id=source,
                    target_id=by_ref.get(target) if target else None,
                )

    for batch in _batches(rows()):
        SbomDependency.objects.bulk_create(batch)
    return sum(len(d.depends_on) for d in doc.dependencies)


def _store_vulnerabilities(*, sbom: Sbom, doc: SbomDocument, by_ref: dict[str, int]) -> None:
    if not doc.vulnerabilities:
        return
    rows = [
        SbomVulnerability(
            organization_id=sbom.organization_id,
            sbom_id=sbom.pk,
            vuln_id=_text(v.id) or "—",
            bom_ref=_text(v.bom_ref),
            source_name=_text(v.source_name),
            source_url=_text(v.source_url),
            ratings=[
                {
                    "source": r.source,
                    "score": r.score,
                    "severity": r.severity,
                    "method": r.method,
                    "vector": r.vector,
                }
                for r in v.ratings
            ],
            cwes=list(v.cwes),
            description=_text(v.description),
            detail=_text(v.detail),
            recommendation=_text(v.recommendation),
            analysis_state=_text(v.analysis_state),
            analysis_justification=_text(v.analysis_justification),
            analysis_response=list(v.analysis_response),
            analysis_detail=_text(v.analysis_detail),
            affects=[
                {
                    "ref": a.ref,
                    "versions": [
                        {"version": x.version, "range": x.range, "status": x.status}
                        for x in a.versions
                    ],
                }
                for a in v.affects
            ],
        )
        for v in doc.vulnerabilities
    ]
    for start in range(0, len(rows), BATCH):
        SbomVulnerability.objects.bulk_create(rows[start : start + BATCH])
    through = SbomVulnerability.components.through
    links = {
        (row.pk, by_ref[affect.ref])
        for row, vulnerability in zip(rows, doc.vulnerabilities, strict=True)
        for affect in vulnerability.affects
        if affect.ref in by_ref
    }
    through.objects.bulk_create(
        [through(sbomvulnerability_id=v, sbomcomponent_id=c) for v, c in sorted(links)],
        batch_size=BATCH,
    )
