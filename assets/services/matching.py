"""Matching the organization's components and assets against the advisory catalogue.

:func:`vulnerabilities_match` is the one entry point (command, tasks, check, tests). It asks
:func:`assets.advisories.selectors.advisory_match_candidates` for the advisories that can apply
— by purl key, CPE and normalised OT vendor, never a scan of the catalogue; lean engine
advisories built from plain values — indexes them in an :class:`assets.vuln.AdvisoryIndex`
and runs the pure engine over the targets (plain named rows, not model instances). The
results are stored by :mod:`assets.services.matching_store` in chunks; matches the engine no
longer produces are kept as ``stale`` (their VEX decision survives). New open matches become
findings (source ``vulnerability``); matches closed by VEX or gone stale resolve theirs.
Priority: :mod:`assets.services.matching_priority`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q

from assets.advisories.selectors import advisory_match_candidates, advisory_match_load
from assets.models import Asset, SbomComponent
from assets.models.matching import OPEN_STATUSES
from assets.services.matching_store import matches_store
from assets.vuln import AdvisoryIndex, Component, OtAsset, PackageKey, normalize_vendor
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record

CHUNK = 500
logger = logging.getLogger(__name__)
_RANK = {"affected": 0, "under_investigation": 1, "fixed": 2, "not_affected": 3}
_COMPONENT_COLUMNS = ("id", "purl", "cpe", "version", "name", "group", "purl_type",
                      "purl_namespace", "purl_name", "sbom__product_id", "sbom_id")  # fmt: skip
_ASSET_COLUMNS = ("id", "name", "vendor", "product_name", "model", "version", "cpe", "purl",
                  "criticality", "internet_exposed", "zone__level", "product_id")  # fmt: skip


@dataclass
class MatchReport:
    """What one matching run looked at and changed."""

    components: int = 0
    assets: int = 0
    advisories: int = 0
    matches: int = 0
    created: int = 0
    updated: int = 0
    stale: int = 0
    findings_new: int = 0
    findings_resolved: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _components_by_keys(org, keys: set[PackageKey], with_cpe: bool) -> list:
    """Current-SBOM components of ``org`` with one of ``keys`` (via the purl index)."""
    current = SbomComponent.objects.for_org(org).filter(sbom__superseded_by__isnull=True)
    rows: dict[int, tuple] = {}
    for chunk in _chunks(sorted({k.name for k in keys})):
        for row in current.filter(purl_name__in=chunk).values_list(*_COMPONENT_COLUMNS, named=True):
            if PackageKey(row.purl_type, row.purl_namespace, row.purl_name) in keys:
                rows[row.id] = row
    if with_cpe:
        for row in current.exclude(cpe="").values_list(*_COMPONENT_COLUMNS, named=True):
            rows[row.id] = row
    return list(rows.values())


class _Run:
    """One matching run: targets (plain named rows, not model instances), candidate index,
    results."""

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.index = AdvisoryIndex()
        self.components: list = []
        self.assets: list = []
        self.scope = Q()

    def load_targets(self, components, assets, advisories) -> None:
        full = components is None and assets is None and advisories is None
        in_operation = Asset.objects.for_org(self.org).filter(
            lifecycle=Asset.Lifecycle.IN_OPERATION
        )
        if advisories is not None:
            pks = [getattr(a, "pk", a) for a in advisories]
            for advisory in advisory_match_load(pks=pks):
                self.index.add(advisory)
            entries = [e for a in self.index.advisories.values() for e in a.affected]
            vendors = {e.ot.vendor_key for e in entries if e.ot is not None}
            with_cpe = any(e.cpe is not None for e in entries)
            self.components = _components_by_keys(self.org, self.index.package_keys(), with_cpe)
            self.assets = [
                a for a in in_operation.values_list(*_ASSET_COLUMNS, named=True)
                if (a.vendor and normalize_vendor(a.vendor) in vendors) or a.cpe or a.purl
            ]  # fmt: skip
            self.scope = Q(advisory_id__in=pks)
            return
        current = SbomComponent.objects.for_org(self.org).filter(sbom__superseded_by__isnull=True)
        if full or components is not None:
            qs = (
                current
                if full
                else current.filter(pk__in=[getattr(c, "pk", c) for c in components])
            )
            self.components = list(
                qs.exclude(purl_name="", cpe="").values_list(*_COMPONENT_COLUMNS, named=True)
            )
        if full or assets is not None:
            qs = (
                in_operation
                if full
                else in_operation.filter(pk__in=[getattr(a, "pk", a) for a in assets])
            )
            self.assets = list(qs.values_list(*_ASSET_COLUMNS, named=True))
        if not full:
            ids = [c.id for c in self.components]
            self.scope = Q(component_id__in=ids) | Q(asset_id__in=[a.id for a in self.assets])
        keys = {PackageKey(c.purl_type, c.purl_namespace, c.purl_name)
                for c in self.components if c.purl_name}  # fmt: skip
        cpes = {c.cpe for c in (*self.components, *self.assets) if c.cpe}
        keys |= {k for k in (_asset_key(a) for a in self.assets) if k}
        vendors = {a.vendor for a in self.assets if a.vendor}
        candidates = advisory_match_candidates(package_keys=keys, cpes=cpes, ot_vendors=vendors)
        for advisory in candidates:
            self.index.add(advisory)

    def results(self) -> dict[tuple, tuple]:
        """(advisory id, "component"|"asset", target id) → (the strongest engine match, the
        target's row)."""
        found: dict[tuple, tuple] = {}
        package_keys = self.index.package_keys()

        def keep(kind, row, match):
            key = (match.advisory_id, kind, row.id)
            old = found.get(key)
            if old is None or _strength(match) < _strength(old[0]):
                found[key] = (match, row)

        for row in self.components:
            key = PackageKey(row.purl_type, row.purl_namespace, row.purl_name)
            if not row.cpe and key not in package_keys:
                continue
            component = Component(purl=row.purl or None, cpe=row.cpe or None,
                                  version=row.version or None)  # fmt: skip
            for match in self.index.match_component(component):
                keep("component", row, match)
        for row in self.assets:
            if row.vendor:
                ot = OtAsset(vendor=row.vendor, product=row.product_name or None,
                             model=row.model or None, firmware=row.version or None)  # fmt: skip
                for match in self.index.match_asset(ot):
                    keep("asset", row, match)
            if row.cpe or row.purl:
                component = Component(purl=row.purl or None, cpe=row.cpe or None,
                                      version=row.version or None)  # fmt: skip
                for match in self.index.match_component(component):
                    keep("asset", row, match)
        return found


def _asset_key(row) -> PackageKey | None:
    from assets.vuln import parse_purl
    from assets.vuln.errors import VersionSyntaxError

    if not row.purl:
        return None
    try:
        return parse_purl(row.purl).key
    except VersionSyntaxError:
        return None


def _strength(match) -> tuple[int, int]:
    return (0 if match.decided else 1, _RANK.get(match.status.value, 9))


def vulnerabilities_match(
    *,
    org: Organization,
    components: Iterable | None = None,
    assets: Iterable | None = None,
    advisories: Iterable | None = None,
) -> MatchReport:
    """Match ``org``'s components and assets against the catalogue and store the result.

    Without arguments: every current-SBOM component and in-operation asset (full match; every
    stored match is in scope). ``components``/``assets`` (rows or ids): only those, against
    all advisories. ``advisories`` (rows or pks): those advisories against the components
    (by purl key, CPE) and assets (by normalised vendor) they can reach.
    """
    # Tens of thousands of engine dataclasses stay alive during a run; the cyclic collector
    # would rescan them on every allocation burst (superlinear). Loading runs without it; the
    # loaded index is then frozen (never rescanned) and the collector resumes for the writes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _match(org, components, assets, advisories, collecting)
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _match(org, components, assets, advisories, collecting: bool) -> MatchReport:
    run = _Run(org)
    run.load_targets(components, assets, advisories)
    if collecting:
        gc.collect(1)  # the run's own objects are all young; the old heap need not be scanned
        gc.freeze()
        gc.enable()
    found = run.results()
    report = MatchReport(components=len(run.components), assets=len(run.assets),
                         advisories=len(run.index))  # fmt: skip
    with transaction.atomic():
        matches_store(org=org, found=found, scope=run.scope, report=report,
                      product_ids={c.sbom__product_id for c in run.components})  # fmt: skip
        from assets.services.vex import sbom_vex_apply

        sbom_ids = {c.sbom_id for c in run.components}
        sbom_vex_apply(org=org, sbom_ids=sbom_ids)
        if report.created or report.updated or report.stale:
            audit_record(
                action=AuditEvent.Action.UPDATE,
                organization=org,
                object_type="assets.vulnerabilitymatch",
                object_repr="vulnerability matching",
                changes=report.as_dict(),
            )
    return report


def open_statuses() -> tuple[str, ...]:
    """The statuses that keep a match open."""
    return tuple(OPEN_STATUSES)


def _enqueue(task, *args) -> None:
    try:
        task.delay(*args)
    except Exception:
        logger.warning(
            "could not queue %s%r; the vulnerability_rematch check catches up", task.name, args
        )


def sbom_match_enqueue(*, sbom_id: int) -> None:
    """After the surrounding transaction commits, queue matching of one SBOM's components."""
    from assets.tasks_matching import match_sbom_task

    transaction.on_commit(lambda: _enqueue(match_sbom_task, sbom_id))


def advisories_match_enqueue(*, advisory_ids: list[int]) -> None:
    """After commit, queue matching of new/updated advisories against every organization."""
    from assets.tasks_matching import match_advisories_task

    ids = sorted(set(advisory_ids))
    transaction.on_commit(lambda: _enqueue(match_advisories_task, ids))
