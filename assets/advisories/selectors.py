"""Read side of the advisory catalogue: lists, detail, and candidates for the matching engine.

Advisories are instance-wide (see :mod:`assets.advisories.models`), so these selectors take no
organization; the views and viewsets still demand login, membership and a role that may view
the ``vulnerability`` group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from assets.advisories.models import SEVERITY_RANKS, AdvisoryAlias, AffectedEntry
from assets.advisories.models import Advisory as AdvisoryRow
from assets.advisories.rows import MATCH_ENTRY_COLUMNS, advisory_to_engine, entry_from_values
from assets.vuln import Advisory, PackageKey, normalize_vendor, parse_cpe
from assets.vuln import AffectedEntry as AffectedEntryValue
from assets.vuln.errors import VersionSyntaxError
from assets.vuln.match import cpe_index_key

LIST_FIELDS = (
    "pk",
    "source_id",
    "source",
    "title",
    "published",
    "modified",
    "withdrawn",
    "aliases",
    "severity_score",
    "severity_label",
    "severity_rank",
    "kev",
    "kev_ransomware",
    "epss",
    "epss_percentile",
)
ORDERINGS = {
    "modified": ["-modified", "source_id"],
    "-modified": ["-modified", "source_id"],
    "oldest": [F("modified").asc(nulls_first=True), "source_id"],
    "severity": [
        "-severity_rank",
        F("severity_score").desc(nulls_last=True),
        F("modified").desc(nulls_last=True),
        "source_id",
    ],
    "id": ["source_id"],
}
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE")
CHUNK = 500


def advisory_list(*, filters: dict | None = None) -> QuerySet[AdvisoryRow]:
    """Advisories narrowed by ``filters`` (q, source, severity, kev, withdrawn, ordering).

    ``q`` finds an exact id or alias (case-insensitive, via the alias index) or a text in the
    title; ``withdrawn`` is ``True``/``False``/``None`` (None: both). Loads only list columns.
    """
    filters = filters or {}
    qs = AdvisoryRow.objects.only(*LIST_FIELDS)
    if q := (filters.get("q") or "").strip():
        alias = AdvisoryAlias.objects.filter(advisory=OuterRef("pk"), alias=q.upper())
        qs = qs.filter(Exists(alias) | Q(title__icontains=q) | Q(source_id__icontains=q))
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if severity := (filters.get("severity") or "").upper():
        rank = SEVERITY_RANKS.get(severity)  # MODERATE counts as MEDIUM, IMPORTANT as HIGH
        qs = qs.filter(severity_rank=rank) if rank else qs.filter(severity_label=severity)
    if filters.get("kev") is not None:
        qs = qs.filter(kev=filters["kev"])
    if filters.get("withdrawn") is not None:
        qs = qs.filter(withdrawn__isnull=not filters["withdrawn"])
    return qs.order_by(*ORDERINGS.get(filters.get("ordering") or "modified", ORDERINGS["modified"]))


def advisory_get(*, pk: int) -> AdvisoryRow:
    """One advisory with its affected entries in document order (``DoesNotExist`` if none).

    The raw document is deferred; :func:`advisory_raw` reads it.
    """
    return (
        AdvisoryRow.objects.defer("raw")
        .prefetch_related(Prefetch("affected", AffectedEntry.objects.order_by("position")))
        .get(pk=pk)
    )


def advisory_raw(*, pk: int) -> tuple[str, str]:
    """``(source_id, document text)`` of one advisory (``DoesNotExist`` if none)."""
    return AdvisoryRow.objects.values_list("source_id", "raw").get(pk=pk)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _candidate_ids(
    package_keys: Iterable[PackageKey], cpes: Iterable[str], ot_vendors: Iterable[str]
) -> set[int]:
    ids: set[int] = set()
    keys = {PackageKey(*k) for k in package_keys}
    names = sorted({k.name for k in keys})
    for chunk in _chunks(names):
        rows = AffectedEntry.objects.filter(package_name__in=chunk).values_list(
            "advisory_id", "package_type", "package_namespace", "package_name"
        )
        ids.update(a for a, *key in rows if PackageKey(*key) in keys)
    cpe_keys = set()
    for text in cpes:
        try:
            key = cpe_index_key(parse_cpe(text))
        except VersionSyntaxError:
            continue
        cpe_keys.add(key)
    if cpe_keys:  # as AdvisoryIndex: wildcard entries are candidates for every CPE
        ids.update(
            AffectedEntry.objects.filter(cpe_wild=True).values_list("advisory_id", flat=True)
        )
        literal = sorted({k for k in cpe_keys if k is not None})
        for chunk in _chunks(sorted({k[2] for k in literal})):
            rows = AffectedEntry.objects.filter(cpe_product__in=chunk).values_list(
                "advisory_id", "cpe_part", "cpe_vendor", "cpe_product"
            )
            ids.update(a for a, *key in rows if tuple(key) in cpe_keys)
    vendor_keys = sorted({normalize_vendor(v) for v in ot_vendors if v})
    for chunk in _chunks(vendor_keys):
        ids.update(
            AffectedEntry.objects.filter(ot_vendor_key__in=chunk).values_list(
                "advisory_id", flat=True
            )
        )
    return ids


def advisory_candidates(
    *,
    package_keys: Iterable[PackageKey] = (),
    cpes: Iterable[str] = (),
    ot_vendors: Iterable[str] = (),
) -> list[Advisory]:
    """Engine advisories that may apply to the given keys — never a scan of all advisories.

    ``package_keys`` are normalised purl keys (``parse_purl(p).key``), ``cpes`` CPE names of
    components, ``ot_vendors`` OT vendor names as the inventory writes them (normalised here).
    Withdrawn advisories are included; the engine's ``match_*`` functions skip them. Feed the
    result to :func:`assets.vuln.match_component` / :func:`assets.vuln.match_asset` or an
    :class:`assets.vuln.AdvisoryIndex`. Indexed lookups in chunks, then two queries per 500
    advisories.
    """
    ids = sorted(_candidate_ids(package_keys, cpes, ot_vendors))
    out: list[Advisory] = []
    for chunk in _chunks(ids):
        rows = (
            AdvisoryRow.objects.filter(pk__in=chunk)
            .defer("raw")
            .prefetch_related(Prefetch("affected", AffectedEntry.objects.order_by("position")))
            .order_by("source_id")
        )
        out.extend(advisory_to_engine(row) for row in rows)
    return out


# The head of every row of the matching queries: whose entry it is, and where in the advisory.
_MATCH_HEAD = ("advisory_id", "advisory__source_id", "advisory__source", "advisory__modified",
               "position")  # fmt: skip
_HEAD = len(_MATCH_HEAD)
_PKG = slice(_HEAD + 2, _HEAD + 5)  # package_type, package_namespace, package_name


class _Lean:
    """Entries of advisories in force, collected from plain values for one matching run."""

    def __init__(self) -> None:
        self.heads: dict[int, tuple] = {}
        self.entries: dict[int, dict[int, AffectedEntryValue]] = {}

    def add(self, row: tuple) -> None:
        pk, position = row[0], row[_HEAD - 1]
        found = self.entries.setdefault(pk, {})
        if position not in found:  # an entry reached by two keys is built once
            self.heads.setdefault(pk, row[1 : _HEAD - 1])
            found[position] = entry_from_values(row[_HEAD : _HEAD + len(MATCH_ENTRY_COLUMNS)])

    def advisories(self) -> Iterator[Advisory]:
        """Engine advisories by id, entries in document order; the collected rows are freed."""
        for pk in sorted(self.heads, key=lambda pk: self.heads[pk][0]):
            source_id, source, modified = self.heads.pop(pk)
            entries = self.entries.pop(pk)
            yield Advisory(id=source_id, source=source, modified=modified,
                           affected=tuple(entries[p] for p in sorted(entries)))  # fmt: skip


def _in_force() -> QuerySet[AffectedEntry]:
    return AffectedEntry.objects.filter(advisory__withdrawn__isnull=True)


def advisory_match_candidates(
    *,
    package_keys: Iterable[PackageKey] = (),
    cpes: Iterable[str] = (),
    ot_vendors: Iterable[str] = (),
) -> Iterator[Advisory]:
    """Lean engine advisories for one matching run: only the entries the keys can reach.

    The same lookups as :func:`advisory_candidates` (purl key, CPE key or wildcard, normalised
    OT vendor; never a scan of the catalogue), but read as plain values, never model
    instances, and only what matching needs: each advisory carries its id, source and
    ``modified`` and those of its entries that one of the keys reaches (an entry of another
    package cannot match these targets anyway), without remediations; title, severities and
    references stay in the database. Withdrawn advisories are left out (the engine skips
    them). An entry reached by several keys is built once. For display, use
    :func:`advisory_candidates` or :func:`advisory_get`.
    """
    lean = _Lean()
    columns = (*_MATCH_HEAD, *MATCH_ENTRY_COLUMNS)
    keys = {PackageKey(*k) for k in package_keys}
    for chunk in _chunks(sorted({k.name for k in keys})):
        for row in _in_force().filter(package_name__in=chunk).values_list(*columns):
            if PackageKey(*row[_PKG]) in keys:
                lean.add(row)
    cpe_keys = set()
    for text in cpes:
        try:
            cpe_keys.add(cpe_index_key(parse_cpe(text)))
        except VersionSyntaxError:
            continue
    if cpe_keys:  # as AdvisoryIndex: wildcard entries are candidates for every CPE
        for row in _in_force().filter(cpe_wild=True).values_list(*columns):
            lean.add(row)
        literal = {k for k in cpe_keys if k is not None}
        for chunk in _chunks(sorted({k[2] for k in literal})):
            rows = _in_force().filter(cpe_product__in=chunk)
            for row in rows.values_list(*columns, "cpe_part", "cpe_vendor", "cpe_product"):
                if tuple(row[-3:]) in literal:
                    lean.add(row)
    for chunk in _chunks(sorted({normalize_vendor(v) for v in ot_vendors if v})):
        for row in _in_force().filter(ot_vendor_key__in=chunk).values_list(*columns):
            lean.add(row)
    return lean.advisories()


def advisory_match_load(*, pks: Iterable[int]) -> Iterator[Advisory]:
    """Lean engine advisories (as :func:`advisory_match_candidates`) with every entry, by pk.

    For re-matching advisories that changed; withdrawn ones are left out.
    """
    lean = _Lean()
    columns = (*_MATCH_HEAD, *MATCH_ENTRY_COLUMNS)
    for chunk in _chunks(sorted(set(pks))):
        for row in _in_force().filter(advisory_id__in=chunk).values_list(*columns):
            lean.add(row)
    return lean.advisories()
