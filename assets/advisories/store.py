"""Writing parsed advisories in batches: create, update in place, or skip — per advisory atomic.

A batch is written in one transaction with multi-row inserts (:mod:`assets.advisories.bulk`);
updated advisories keep their primary key (later matches may point at them). If the database
refuses it, each advisory of the batch is written again on its own, so one bad advisory is
reported and the others are kept — and within one advisory nothing is ever partial.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from assets.advisories.bulk import delete_where_in, insert_rows
from assets.advisories.models import Advisory as AdvisoryRow
from assets.advisories.models import AdvisoryAlias, AffectedEntry, EpssScore, KevEntry
from assets.advisories.rows import advisory_fields, alias_keys, entry_rows
from assets.vuln import Advisory, AdvisoryError, ReimportDecision, reimport_decision

BATCH = 500
ROW_BATCH = 2000


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parsed advisory with the document text and the file name to report."""

    advisory: Advisory
    raw: str
    file: str


@dataclass
class Counts:
    """Advisories created, updated in place and skipped (same or older ``modified``)."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)  # pks created or updated (for matching)

    def add(self, other: Counts) -> None:
        self.changed.extend(other.changed)
        self.imported += other.imported
        self.updated += other.updated
        self.skipped += other.skipped
        self.errors.extend(other.errors)


def derived_flags(
    cves: Iterable[str], kev: dict[str, KevEntry], epss: dict[str, EpssScore]
) -> dict[str, Any]:
    """The KEV and EPSS columns of an advisory whose CVE ids are ``cves``."""
    listed = [kev[c] for c in cves if c in kev]
    scored = [epss[c] for c in cves if c in epss]
    top = max(scored, key=lambda s: s.epss, default=None)
    due = [e.due_date for e in listed if e.due_date]
    return {
        "kev": bool(listed),
        "kev_date_added": min((e.date_added for e in listed), default=None),
        "kev_due_date": min(due, default=None),
        "kev_ransomware": any(e.known_ransomware_use for e in listed),
        "epss": top.epss if top else None,
        "epss_percentile": top.percentile if top else None,
    }


@dataclass(frozen=True, slots=True)
class Pending:
    """A decoded document not parsed yet: its id and ``modified`` as peeked, and the parser.

    Parsing waits until the batch knows what is stored, so a document that is not newer than
    the stored version is skipped without being parsed (re-reading a whole osv.dev archive
    every day mostly skips). ``parse`` raises :class:`~assets.vuln.AdvisoryError`.
    """

    id: str
    modified: datetime | None
    file: str
    parse: Callable[[], Parsed]


def error_entry(file: str, exc: AdvisoryError) -> dict[str, str]:
    """The report's ``{"file", "error"}`` for a refused document (the message names the file)."""
    return {"file": file, "error": str(exc if exc.file == file else exc.with_file(file))}


class BatchWriter:
    """Collects documents and writes them in batches; ``counts`` accumulates."""

    def __init__(self) -> None:
        self.counts = Counts()
        self._pending: dict[str, Pending] = {}

    def add(self, item: Pending) -> None:
        """Queue one document; a second version of a queued id first flushes the batch, so
        versions of one id are decided in file order."""
        if item.id in self._pending:
            self.flush()
        self._pending[item.id] = item
        if len(self._pending) >= BATCH:
            self.flush()

    def _parse_changed(self, pending: list[Pending]) -> list[Parsed]:
        stored = dict(
            AdvisoryRow.objects.filter(source_id__in=[p.id for p in pending]).values_list(
                "source_id", "modified"
            )
        )
        batch = []
        for item in pending:
            if item.id in stored and (
                item.modified is None
                or (stored[item.id] is not None and item.modified <= stored[item.id])
            ):
                self.counts.skipped += 1
                continue
            try:
                batch.append(item.parse())
            except AdvisoryError as exc:
                self.counts.errors.append(error_entry(item.file, exc))
        return batch

    def flush(self) -> None:
        pending, self._pending = list(self._pending.values()), {}
        if not pending:
            return
        batch = self._parse_changed(pending)
        if not batch:
            return
        try:
            with transaction.atomic():
                self.counts.add(_write(batch))
        except DatabaseError:
            for item in batch:
                try:
                    with transaction.atomic():
                        self.counts.add(_write([item]))
                except DatabaseError as exc:
                    error = f"{item.file}: advisory {item.advisory.id} not stored: {exc}"
                    self.counts.errors.append({"file": item.file, "error": error.strip()})


def _write(batch: list[Parsed]) -> Counts:
    counts = Counts()
    existing = {
        source_id: (pk, modified)
        for source_id, pk, modified in AdvisoryRow.objects.filter(
            source_id__in=[i.advisory.id for i in batch]
        ).values_list("source_id", "pk", "modified")
    }
    creates: list[Parsed] = []
    updates: list[tuple[int, Parsed]] = []
    for item in batch:
        stored = existing.get(item.advisory.id)
        decision = reimport_decision(
            stored_modified=stored[1] if stored else None,
            incoming=item.advisory,
            exists=stored is not None,
        )
        if decision is ReimportDecision.CREATE:
            creates.append(item)
        elif decision is ReimportDecision.UPDATE:
            updates.append((stored[0], item))  # type: ignore[index]
        else:
            counts.skipped += 1
    if not creates and not updates:
        return counts
    aliases = {i.advisory.id: alias_keys(i.advisory) for i in (*creates, *(u for _, u in updates))}
    cves = {a for keys in aliases.values() for a in keys if a.startswith("CVE-")}
    kev = {e.cve: e for e in KevEntry.objects.filter(cve__in=cves)} if cves else {}
    epss = {e.cve: e for e in EpssScore.objects.filter(cve__in=cves)} if cves else {}

    def fields(item: Parsed) -> dict[str, Any]:
        return {
            **advisory_fields(item.advisory, raw=item.raw, file=item.file),
            **derived_flags(aliases[item.advisory.id], kev, epss),
        }

    insert_rows(AdvisoryRow, [fields(i) for i in creates])
    pks = dict(
        AdvisoryRow.objects.filter(source_id__in=[i.advisory.id for i in creates]).values_list(
            "source_id", "pk"
        )
    )
    now = timezone.now()
    for pk, item in updates:
        AdvisoryRow.objects.filter(pk=pk).update(**fields(item), updated_at=now)
        pks[item.advisory.id] = pk
    if updates:
        updated_pks = [pk for pk, _ in updates]
        delete_where_in(AffectedEntry, "advisory_id", updated_pks)
        delete_where_in(AdvisoryAlias, "advisory_id", updated_pks)
    entries, alias_rows = [], []
    for item in (*creates, *(u for _, u in updates)):
        pk = pks[item.advisory.id]
        entries.extend({**row, "advisory_id": pk} for row in entry_rows(item.advisory))
        alias_rows.extend({"advisory_id": pk, "alias": a} for a in aliases[item.advisory.id])
    insert_rows(AffectedEntry, entries)
    insert_rows(AdvisoryAlias, alias_rows)
    counts.imported += len(creates)
    counts.updated += len(updates)
    counts.changed = list(pks.values())
    return counts
