"""Turn a parsed :class:`SbomDocument` into rows: the Sbom's own fields and the bulk-inserted
components, dependency edges and declared vulnerabilities.

Components are inserted level by level of nesting (all top-level ones, then
their children, ...), so each parent's primary key is known when its
children are built. Rows are built per batch as plain tuples and written
with ``COPY`` on PostgreSQL (primary keys reserved from the table's
sequence first) and multi-row ``INSERT ... RETURNING id`` statements on
SQLite 3.35+ (the SQL ``bulk_create`` issues), without building a model
instance per row: that instance overhead was two thirds of the import time
of a 10,000-component SBOM, and psycopg's splitting of huge parameterised
statements most of the rest on PostgreSQL. Rows are dropped after insertion, which keeps
memory flat for large documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC
from itertools import islice

from django.db import connection

from assets.models import Sbom, SbomComponent, SbomDependency, SbomVulnerability
from assets.sbom import Component, SbomDocument
from assets.vuln.errors import VersionSyntaxError
from assets.vuln.purl import parse_purl

BATCH = 2000
_INT_MAX = 2**31 - 1
#: ``parse_purl`` without its shared cache: an SBOM's purls are nearly all distinct, so caching
#: them saves no time and would keep ~0.3 kB per component alive (15 MB for 50,000) after the import.
_parse_purl = parse_purl.__wrapped__


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
    # Qualifiers and subpath are no part of the key; without them most purls take the
    # parser's fast path (a raw '?' or '#' cannot occur earlier in a purl).
    base = purl.split("?", 1)[0].split("#", 1)[0]
    try:
        key = _parse_purl(base).key
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


COMPONENT_FIELDS = (
    "organization",
    "sbom",
    "parent",
    "position",
    "depth",
    "bom_ref",
    "type",
    "group",
    "name",
    "version",
    "purl",
    "cpe",
    "hashes",
    "licenses",
    "supplier_name",
    "scope",
    "purl_type",
    "purl_namespace",
    "purl_name",
)
DEPENDENCY_FIELDS = ("organization", "sbom", "ref", "depends_on", "source", "target")


def _component_row(org_id: int, sbom_id: int, index: int, c: Component, depth: int, parent_id):
    purl_type, purl_namespace, purl_name = package_key(c.purl)
    return (
        org_id,
        sbom_id,
        parent_id,
        index,
        min(depth, 32767),
        _text(c.bom_ref),
        _text(c.type),
        _text(c.group),
        _text(c.name),
        _text(c.version),
        _text(c.purl),
        _text(c.cpe),
        json.dumps([{"alg": h.alg, "content": h.content} for h in c.hashes]),
        json.dumps(_licenses(c)),
        _text(c.supplier),
        _text(c.scope),
        purl_type,
        _text(purl_namespace),
        _text(purl_name),
    )


def _insert(model, fields: tuple[str, ...], rows: list[tuple], *, returning: bool) -> list[int]:
    """Insert ``rows`` (values in ``fields`` order; JSON as ``json.dumps`` text); new ids if asked.

    PostgreSQL: ``COPY ... FROM STDIN`` (ids reserved from the table's sequence first);
    elsewhere one multi-row ``INSERT ... RETURNING`` per batch.
    """
    meta, quote = model._meta, connection.ops.quote_name
    columns = [quote(meta.get_field(name).column) for name in fields]
    if connection.vendor == "postgresql":
        return _copy(model, columns, rows, returning=returning)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Only quoted identifiers from the model's own metadata go into the SQL; values are parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    per_statement = max(1, min(BATCH, 30000 // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, params)
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def _copy(model, columns: list[str], rows: list[tuple], *, returning: bool) -> list[int]:
    meta, quote = model._meta, connection.ops.quote_name
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = [quote(meta.pk.column), *columns]
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        sql = f"COPY {quote(meta.db_table)} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def _batches(rows: Iterable) -> Iterator[list]:
    """Lists of at most ``BATCH`` of ``rows``, drawn from the iterable as they are needed."""
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
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
    org_id, sbom_id = sbom.organization_id, sbom.pk
    pks: list[int] = [0] * len(components)
    for depth in sorted(levels):
        for chunk in _batches(levels[depth]):
            rows = [
                _component_row(
                    org_id,
                    sbom_id,
                    i,
                    components[i],
                    depth,
                    None if components[i].parent is None else pks[components[i].parent],
                )
                for i in chunk
            ]
            ids = _insert(SbomComponent, COMPONENT_FIELDS, rows, returning=True)
            if len(ids) != len(chunk):  # pragma: no cover - guards an unsupported database
                raise RuntimeError("the database did not return the new rows' primary keys")
            for i, pk in zip(chunk, ids, strict=True):
                pks[i] = pk
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

    def rows() -> Iterator[tuple]:
        for dependency in doc.dependencies:
            ref = _text(dependency.ref)
            source = by_ref.get(dependency.ref)
            for target in dependency.depends_on or [""]:
                yield (
                    org_id,
                    sbom_id,
                    ref,
                    _text(target),
                    source,
                    by_ref.get(target) if target else None,
                )

    for batch in _batches(rows()):
        _insert(SbomDependency, DEPENDENCY_FIELDS, batch, returning=False)
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
    _insert(through, ("sbomvulnerability", "sbomcomponent"), sorted(links), returning=False)
