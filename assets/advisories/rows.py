"""Engine advisory ↔ database rows, in both directions.

:func:`advisory_fields` and :func:`entry_rows` turn an :class:`assets.vuln.Advisory` into the
column values of :class:`~assets.advisories.models.Advisory` and its affected entries;
:func:`advisory_to_engine` rebuilds the engine dataclass from a row whose ``affected`` entries
are prefetched (as :func:`assets.advisories.selectors.advisory_candidates` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assets.advisories import codec
from assets.advisories.models import SEVERITY_RANKS
from assets.advisories.models import Advisory as AdvisoryRow
from assets.advisories.models import AffectedEntry as EntryRow
from assets.vuln import Advisory, AffectedEntry, OtProduct, PackageKey, Status, parse_cpe
from assets.vuln.errors import AdvisoryError
from assets.vuln.match import cpe_index_key

MAX_ID = 255


def check_storable(advisory: Advisory) -> None:
    """Refuse what the columns cannot hold, naming the place (PostgreSQL would refuse later)."""
    if len(advisory.id) > MAX_ID:
        raise AdvisoryError(
            f"advisory id longer than {MAX_ID} characters", file=advisory.file, pointer="/id"
        )
    for alias in advisory.aliases:
        if len(alias) > MAX_ID:
            raise AdvisoryError(
                f"alias longer than {MAX_ID} characters: {alias[:40]}…",
                file=advisory.file,
                pointer="/aliases",
            )


def alias_keys(advisory: Advisory) -> list[str]:
    """The upper-cased id and aliases, once each (the rows of ``AdvisoryAlias``)."""
    return list(dict.fromkeys(a.strip().upper() for a in (advisory.id, *advisory.aliases)))


def advisory_fields(advisory: Advisory, *, raw: str, file: str) -> dict[str, Any]:
    """Column values of the advisory row (KEV/EPSS columns are set by the service)."""
    top = advisory.max_severity
    label = (top.label if top else None) or next(
        (s.label for s in advisory.all_severities() if s.label), ""
    )
    return {
        "source_id": advisory.id,
        "source": advisory.source,
        "title": advisory.title or "",
        "summary": advisory.summary or "",
        "published": advisory.published,
        "modified": advisory.modified,
        "withdrawn": advisory.withdrawn,
        "aliases": list(advisory.aliases),
        "severities": [codec.severity_to_json(s) for s in advisory.severities],
        "severity_score": top.base_score if top else None,
        "severity_label": (label or "")[:16],
        "severity_vector": ((top.vector if top else None) or "")[:255],
        "severity_rank": SEVERITY_RANKS.get((label or "").upper(), 0),
        "references": [codec.reference_to_json(r) for r in advisory.references],
        "vulnerabilities": [codec.vulnerability_to_json(v) for v in advisory.vulnerabilities],
        "raw": raw,
        "file": file,
    }


def entry_rows(advisory: Advisory) -> list[dict[str, Any]]:
    """Column values of the affected entries (without ``advisory_id``) in the engine's order."""
    rows = []
    for position, entry in enumerate(advisory.affected):
        row: dict[str, Any] = {
            "position": position,
            "status": entry.status.value,
            "ecosystem": entry.ecosystem or "",
            "purl": entry.purl or "",
            "cpe_is_platform": entry.cpe_is_platform,
            "vulnerabilities": list(entry.vulnerabilities),
            "product_id": entry.product_id or "",
            "product_name": entry.product_name or "",
            "remediations": [codec.remediation_to_json(r) for r in entry.remediations],
            "pointer": entry.pointer,
            "predicate": codec.predicate_to_json(entry.predicate),
            "why": entry.why(),
            "justification": (entry.justification or "")[:64],
            "impact": entry.impact or "",
        }
        if entry.package is not None:
            row["package_type"], row["package_namespace"], row["package_name"] = entry.package
        if entry.cpe is not None:
            row["cpe"] = entry.cpe.to_fs()
            key = cpe_index_key(entry.cpe)
            if key is None:
                row["cpe_wild"] = True
            else:
                row["cpe_part"], row["cpe_vendor"], row["cpe_product"] = key
        if entry.ot is not None:
            row["ot_vendor"] = entry.ot.vendor
            row["ot_vendor_key"] = entry.ot.vendor_key
            row["ot_product"] = entry.ot.product or ""
            row["ot_family"] = entry.ot.family or ""
            row["ot_model_numbers"] = list(entry.ot.model_numbers)
        rows.append(row)
    return rows


#: The entry columns :func:`entry_from_values` reads, in its order (for ``values_list``).
#: ``remediations`` comes last so that matching can leave it out (it never reads them).
ENTRY_COLUMNS = (
    "predicate", "status", "package_type", "package_namespace", "package_name", "ecosystem",
    "purl", "cpe", "cpe_is_platform", "ot_vendor", "ot_vendor_key", "ot_product", "ot_family",
    "ot_model_numbers", "vulnerabilities", "product_id", "product_name", "pointer",
    "justification", "impact", "remediations",
)  # fmt: skip
MATCH_ENTRY_COLUMNS = ENTRY_COLUMNS[:-1]


def entry_from_values(values: Sequence) -> AffectedEntry:
    """The engine's :class:`~assets.vuln.AffectedEntry` from plain column values in
    :data:`ENTRY_COLUMNS` order, without building a model instance.

    Values in :data:`MATCH_ENTRY_COLUMNS` order (no remediations) give an entry without
    remediations: all that matching needs.
    """
    (predicate, status, p_type, p_namespace, p_name, ecosystem, purl, cpe, cpe_is_platform,
     ot_vendor, ot_vendor_key, ot_product, ot_family, ot_model_numbers, vulnerabilities,
     product_id, product_name, pointer, justification, impact) = values[:20]  # fmt: skip
    remediation_rows = values[20] if len(values) > 20 else ()
    ot = None
    if ot_vendor or ot_vendor_key:
        ot = OtProduct(
            vendor=ot_vendor,
            vendor_key=ot_vendor_key,
            product=ot_product or None,
            family=ot_family or None,
            model_numbers=tuple(ot_model_numbers),
        )
    return AffectedEntry(
        predicate=codec.predicate_from_json(predicate),
        status=Status(status),
        package=PackageKey(p_type, p_namespace, p_name) if p_type else None,
        ecosystem=ecosystem or None,
        purl=purl or None,
        cpe=parse_cpe(cpe) if cpe else None,
        cpe_is_platform=cpe_is_platform,
        ot=ot,
        vulnerabilities=tuple(vulnerabilities),
        product_id=product_id or None,
        product_name=product_name or None,
        remediations=tuple(codec.remediation_from_json(r) for r in remediation_rows),
        pointer=pointer,
        justification=justification or None,
        impact=impact or None,
    )


def entry_to_engine(row: EntryRow) -> AffectedEntry:
    """One stored entry as the engine's :class:`~assets.vuln.AffectedEntry`."""
    return entry_from_values(tuple(getattr(row, name) for name in ENTRY_COLUMNS))


def advisory_to_engine(row: AdvisoryRow) -> Advisory:
    """The engine's :class:`~assets.vuln.Advisory` for a stored row (``affected`` prefetched)."""
    return Advisory(
        id=row.source_id,
        source=row.source,
        modified=row.modified,
        published=row.published,
        withdrawn=row.withdrawn,
        aliases=tuple(row.aliases),
        title=row.title or None,
        summary=row.summary or None,
        severities=tuple(codec.severity_from_json(s) for s in row.severities),
        references=tuple(codec.reference_from_json(r) for r in row.references),
        affected=tuple(entry_to_engine(e) for e in row.affected.all()),
        vulnerabilities=tuple(codec.vulnerability_from_json(v) for v in row.vulnerabilities),
        file=row.file or None,
    )
