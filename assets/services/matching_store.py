"""Storing one matching run's results: upsert matches in chunks, mark the gone ones stale.

Called by :func:`assets.services.matching.vulnerabilities_match` inside its transaction. The
engine's results are written in chunks of :data:`STORE_CHUNK` matches (ordered by target), so
that a run creating tens of thousands of matches never holds all their model instances, their
findings and finding events at once: each chunk loads the stored matches of its targets,
writes its new and changed rows and records or resolves their findings (one findings audit
summary per chunk). Then every stored match in the run's scope that the engine no longer
produced is kept as ``stale`` (its VEX decision survives; its finding is resolved).

Who owns a row's status: a person's or the SBOM's VEX statement (``vex_source`` manual /
sbom-vex) always wins. Otherwise the engine's status applies; a CSAF ``known_not_affected`` /
``fixed`` status is a CSAF VEX statement (``csaf-vex``), which brings the document's
justification (its flag) and impact statement (as the note) and is kept as a
:class:`~assets.models.matching.VexStatement`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from assets.advisories.models import Advisory as AdvisoryRow
from assets.models.matching import (
    OPEN_STATUSES,
    Justification,
    VexSource,
    VexStatement,
    VulnerabilityMatch,
)
from assets.services import matching_findings
from assets.services import matching_priority as priority

CHUNK = 500
#: Matches handled (loaded, compared, written, turned into findings) per step.
STORE_CHUNK = 5000
_KEEP_STATUS = {VexSource.MANUAL, VexSource.SBOM_VEX}
_COMPARED = ("identifier", "matched", "version", "why", "decided", "engine_status", "status",
             "justification", "note", "vex_source", "stale", "priority",
             "priority_explanation")  # fmt: skip
_VEX = ("status", "justification", "note", "vex_source")
_LOADED = ("pk", "advisory_id", "component_id", "asset_id", *_COMPARED)
_JUSTIFICATIONS = frozenset(Justification.values)
_ENGINE_VEX = ("fixed", "not_affected")


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def component_label(row) -> str:
    """ "group/name version" of a component row of a run."""
    name = f"{row.group}/{row.name}" if row.group else row.name
    return f"{name} {row.version}".strip()


def _label(kind: str, row) -> str:
    return row.name if kind == "asset" else component_label(row)


def _is_open(stored: dict) -> bool:
    return stored["status"] in OPEN_STATUSES and not stored["stale"]


def _values(stored: dict | None, match, advisory: dict, context: dict) -> dict:
    """The compared columns of a match as the engine found it now.

    The status columns keep a person's or the SBOM's statement; otherwise they follow the
    engine, a CSAF not affected / fixed being a CSAF VEX statement with its justification.
    """
    score, explanation = priority.priority_compute(
        advisory=advisory, context=context, decided=match.decided
    )
    values = {
        "identifier": match.identifier[:16], "matched": match.matched,
        "version": match.version or "", "why": match.why, "decided": match.decided,
        "engine_status": match.status.value, "stale": False, "priority": score,
        "priority_explanation": explanation,
    }  # fmt: skip
    if stored is not None and stored["vex_source"] in _KEEP_STATUS:
        values.update({f: stored[f] for f in _VEX})
    elif match.status.value in _ENGINE_VEX and advisory["source"] == "csaf":
        flag = match.entry.justification or ""
        values.update(status=match.status.value, vex_source=VexSource.CSAF_VEX,
                      justification=flag if flag in _JUSTIFICATIONS else "",
                      note=match.entry.impact or "")  # fmt: skip
    else:
        values.update(status=match.status.value, vex_source=VexSource.ENGINE,
                      justification="", note="")  # fmt: skip
    return values


class _Store:
    """The state of one run's writes: counts, the keys seen, the product contexts."""

    def __init__(self, *, org, report, by_product: dict[int, dict]) -> None:
        self.org, self.report, self.by_product = org, report, by_product
        self.now = timezone.now()
        self.seen: set[tuple[int, str, int]] = set()

    def chunk(self, found: dict, keys: list[tuple], scope: Q) -> None:
        advisories = {}
        for part in _chunks(sorted({k[0] for k in keys})):
            for row in AdvisoryRow.objects.filter(source_id__in=part).values(
                *priority.ADVISORY_COLUMNS
            ):
                advisories[row["source_id"]] = row
        stored_rows = self._stored(keys, scope)
        new, changed, opened, closed, statements = [], [], [], [], []
        for source_id, kind, target_id in keys:
            match, target = found[(source_id, kind, target_id)]
            advisory = advisories[source_id]
            key = (advisory["pk"], kind, target_id)
            self.seen.add(key)
            stored = stored_rows.get(key)
            context = priority.target_context(kind, target, self.by_product)
            values = _values(stored, match, advisory, context)
            if stored is None:
                row = VulnerabilityMatch(organization=self.org, advisory_id=advisory["pk"],
                                         first_matched_at=self.now, last_matched_at=self.now,
                                         **{f"{kind}_id": target_id}, **values)  # fmt: skip
                new.append(row)
            elif any(values[f] != stored[f] for f in _COMPARED):
                row = VulnerabilityMatch(pk=stored["pk"], organization=self.org,
                                         advisory_id=advisory["pk"], last_matched_at=self.now,
                                         **{f"{kind}_id": target_id}, **values)  # fmt: skip
                changed.append(row)
            else:
                continue
            if row.vex_source == VexSource.CSAF_VEX and (
                stored is None or any(values[f] != stored[f] for f in _VEX)
            ):
                statements.append(row)
            was_open = stored is not None and _is_open(stored)
            if row.is_open and not was_open:
                opened.append((row, advisory, _label(kind, target)))
            elif was_open and not row.is_open:
                closed.append(row)
        VulnerabilityMatch.objects.bulk_create(new, batch_size=CHUNK)
        VulnerabilityMatch.objects.bulk_update(
            changed, [*_COMPARED, "last_matched_at"], batch_size=CHUNK
        )
        VexStatement.objects.bulk_create(
            [VexStatement(organization=self.org, match=m, status=m.status,
                          justification=m.justification, note=m.note, source=m.vex_source,
                          set_at=self.now) for m in statements],
            batch_size=CHUNK,
        )  # fmt: skip
        self.report.created += len(new)
        self.report.updated += len(changed)
        self._findings(opened, closed)

    def _stored(self, keys: list[tuple], scope: Q) -> dict[tuple, dict]:
        """The stored matches of the chunk's targets, as plain values (no model instances:
        only the rows that change are built)."""
        targets: dict[str, set[int]] = {"component": set(), "asset": set()}
        for _source_id, kind, target_id in keys:
            targets[kind].add(target_id)
        rows = VulnerabilityMatch.objects.for_org(self.org).filter(scope).filter(
            Q(component_id__in=sorted(targets["component"]))
            | Q(asset_id__in=sorted(targets["asset"]))
        )  # fmt: skip
        return {
            (m["advisory_id"], "component" if m["component_id"] else "asset",
             m["component_id"] or m["asset_id"]): m
            for m in rows.values(*_LOADED)
        }  # fmt: skip

    def _findings(self, opened: list, closed: list) -> None:
        new, resolved = matching_findings.findings_sync(org=self.org, opened=opened, closed=closed)
        self.report.findings_new += new
        self.report.findings_resolved += resolved

    def stale(self, scope: Q) -> None:
        """Keep the matches of the scope that the run no longer produced as stale."""
        gone = [
            pk
            for pk, advisory_id, component_id, asset_id in VulnerabilityMatch.objects.for_org(
                self.org
            )
            .filter(scope, stale=False)
            .values_list("pk", "advisory_id", "component_id", "asset_id")
            if (advisory_id, "component" if component_id else "asset", component_id or asset_id)
            not in self.seen
        ]
        for part in _chunks(gone, STORE_CHUNK):
            rows = list(VulnerabilityMatch.objects.for_org(self.org).filter(pk__in=part))
            closed = [row for row in rows if row.is_open]
            for row in rows:
                row.stale = True
            VulnerabilityMatch.objects.bulk_update(rows, ["stale"], batch_size=CHUNK)
            self.report.stale += len(rows)
            self._findings([], closed)


def matches_store(*, org, found: dict, scope: Q, report, product_ids: Iterable[int]) -> None:
    """Upsert ``found`` ((advisory id, kind, target id) → (engine match, target row)) in
    chunks, then mark the scope's matches that were not found stale; fills ``report``."""
    store = _Store(
        org=org,
        report=report,
        by_product=priority.product_contexts(org=org, product_ids=product_ids),
    )
    keys = sorted(found, key=lambda k: (k[1], k[2], k[0]))  # by target: one lookup per chunk
    for part in _chunks(keys, STORE_CHUNK):
        store.chunk(found, part, scope)
    store.stale(scope)
    report.matches = len(found)
