"""One matching engine: components (purl / CPE + version) and OT assets against advisories.

:class:`AdvisoryIndex` keeps every affected entry under the key it can be found by — the purl
(type, namespace, name), the CPE (part, vendor, product) or the normalized OT vendor — so a match
looks only at candidates, never scans all advisories. The per-entry functions
:func:`match_component` and :func:`match_asset` are usable without an index, on candidates
fetched elsewhere (e.g. from the database by the same keys).

A match carries its reason: which identifier matched, which predicate decided, the status from
CSAF product_status (OSV entries are always affected), and whether the version was decided
(``decided=False``: the range text or the version could not be read, so it is only possible).
Undecided entries are reported only where they would be affected or under investigation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assets.vuln.cpe import CpeName, cpe_name_match, parse_cpe
from assets.vuln.errors import VersionSyntaxError
from assets.vuln.model import Advisory, AffectedEntry, Status
from assets.vuln.predicates import AllVersions, AnyOf
from assets.vuln.purl import PackageKey, parse_purl
from assets.vuln.vendors import match_product, normalize_vendor

_REPORT_UNDECIDED = {Status.AFFECTED, Status.UNDER_INVESTIGATION}


@dataclass(frozen=True, slots=True)
class Component:
    """A software component: purl and/or CPE; ``version`` overrides the purl's version."""

    purl: str | None = None
    cpe: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class OtAsset:
    """An OT asset as the inventory knows it."""

    vendor: str
    product: str | None = None
    model: str | None = None
    firmware: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """One advisory entry that applies, with why."""

    advisory_id: str
    status: Status
    identifier: str  # purl, cpe, cpe-platform, ot-model, ot-name, ot-family
    matched: str
    version: str | None
    why: str
    decided: bool
    vulnerabilities: tuple[str, ...]
    product_id: str | None
    entry: AffectedEntry

    @property
    def reason(self) -> str:
        """A sentence for display."""
        certainty = "" if self.decided else " (possible: version not decided)"
        at = f" at {self.version}" if self.version else ""
        return f"{self.identifier} {self.matched}{at}: {self.why} → {self.status.value}{certainty}"


def _version_verdict(entry: AffectedEntry, version: str | None) -> tuple[bool | None, str]:
    predicate = entry.predicate
    if isinstance(predicate, AllVersions):
        return True, predicate.why()
    if not version:
        return None, f"no version known; {predicate.why()}"
    answer = predicate.contains(version)
    if answer and isinstance(predicate, AnyOf):
        deciding = predicate.deciding_part(version)
        return True, deciding.why() if deciding else predicate.why()
    return answer, predicate.why()


def _make(advisory: Advisory, entry: AffectedEntry, identifier: str, matched: str, version: str | None,
          verdict: bool | None, why: str) -> Match | None:  # fmt: skip
    if verdict is False or (verdict is None and entry.status not in _REPORT_UNDECIDED):
        return None
    return Match(advisory.id, entry.status, identifier, matched, version, why, verdict is True,
                 entry.vulnerabilities, entry.product_id, entry)  # fmt: skip


def _component_keys(component: Component) -> tuple[PackageKey | None, str | None, CpeName | None]:
    key = version = cpe = None
    if component.purl:
        try:
            parsed = parse_purl(component.purl)
            key, version = parsed.key, parsed.version
        except VersionSyntaxError:
            key = None
    if component.cpe:
        try:
            cpe = parse_cpe(component.cpe)
        except VersionSyntaxError:
            cpe = None
    return key, component.version or version, cpe


def _match_entry(advisory: Advisory, entry: AffectedEntry, key: PackageKey | None, version: str | None,
                 cpe: CpeName | None) -> Match | None:  # fmt: skip
    if key is not None and entry.package == key:
        verdict, why = _version_verdict(entry, version)
        return _make(advisory, entry, "purl", str(key), version, verdict, why)
    if cpe is not None and entry.cpe is not None and cpe_name_match(entry.cpe, cpe):
        if entry.cpe_is_platform:
            why = f"{entry.purl or entry.product_name}: {entry.predicate.why()} on this platform"
            return _make(advisory, entry, "cpe-platform", entry.cpe.to_fs(), None, True, why)
        if entry.cpe.version.kind == "value" and not entry.cpe.version.has_wildcards:
            return _make(
                advisory,
                entry,
                "cpe",
                entry.cpe.to_fs(),
                None,
                True,
                f"CPE {entry.cpe} covers {cpe}",
            )
        cpe_version = (
            cpe.version.text
            if cpe.version.kind == "value" and not cpe.version.has_wildcards
            else None
        )
        verdict, why = _version_verdict(entry, version or cpe_version)
        return _make(
            advisory, entry, "cpe", entry.cpe.to_fs(), version or cpe_version, verdict, why
        )
    return None


def match_component(
    component: Component, candidates: Iterable[Advisory], *, include_withdrawn: bool = False
) -> list[Match]:
    """Every entry of ``candidates`` that applies to ``component`` (purl first, then CPE)."""
    key, version, cpe = _component_keys(component)
    matches = []
    for advisory in candidates:
        if advisory.withdrawn and not include_withdrawn:
            continue
        for entry in advisory.affected:
            found = _match_entry(advisory, entry, key, version, cpe)
            if found is not None:
                matches.append(found)
    return matches


def _match_asset_entry(
    advisory: Advisory, entry: AffectedEntry, asset: OtAsset, vendor_key: str
) -> Match | None:
    ot = entry.ot
    if ot is None or ot.vendor_key != vendor_key:
        return None
    product = match_product(
        vendor=ot.vendor, product=ot.product, family=ot.family, model_numbers=ot.model_numbers,
        asset_product=asset.product, asset_model=asset.model,
    )  # fmt: skip
    if product is None:
        return None
    verdict, why = _version_verdict(entry, asset.firmware)
    matched = f"{ot.vendor} / {product.detail}"
    return _make(advisory, entry, f"ot-{product.kind}", matched, asset.firmware, verdict, why)


def match_asset(
    asset: OtAsset, candidates: Iterable[Advisory], *, include_withdrawn: bool = False
) -> list[Match]:
    """Every entry of ``candidates`` that applies to an OT asset (vendor, product/model, firmware)."""
    vendor_key = normalize_vendor(asset.vendor)
    matches = []
    for advisory in candidates:
        if advisory.withdrawn and not include_withdrawn:
            continue
        for entry in advisory.affected:
            found = _match_asset_entry(advisory, entry, asset, vendor_key)
            if found is not None:
                matches.append(found)
    return matches


def cpe_index_key(cpe: CpeName) -> tuple[str, str, str] | None:
    """(part, vendor, product) when all three are literal; None sends a CPE to the wildcard list."""
    values = (cpe.part, cpe.vendor, cpe.product)
    if all(v.kind == "value" and not v.has_wildcards for v in values):
        return values[0].text, values[1].text, values[2].text
    return None


Ref = tuple[str, int]  # (advisory id, entry position)


class AdvisoryIndex:
    """Advisories indexed by purl key, CPE key and OT vendor; add/remove keep it current."""

    def __init__(self) -> None:
        self.advisories: dict[str, Advisory] = {}
        self._by_package: dict[PackageKey, list[Ref]] = {}
        self._by_cpe: dict[tuple[str, str, str], list[Ref]] = {}
        self._cpe_wild: list[Ref] = []
        self._by_vendor: dict[str, list[Ref]] = {}

    def __len__(self) -> int:
        return len(self.advisories)

    def add(self, advisory: Advisory) -> None:
        """Index ``advisory``, replacing an earlier one with the same id."""
        if advisory.id in self.advisories:
            self.remove(advisory.id)
        self.advisories[advisory.id] = advisory
        for position, entry in enumerate(advisory.affected):
            ref = (advisory.id, position)
            if entry.package is not None:
                self._by_package.setdefault(entry.package, []).append(ref)
            if entry.cpe is not None:
                cpe_key = cpe_index_key(entry.cpe)
                (self._by_cpe.setdefault(cpe_key, []) if cpe_key else self._cpe_wild).append(ref)
            if entry.ot is not None:
                self._by_vendor.setdefault(entry.ot.vendor_key, []).append(ref)

    def remove(self, advisory_id: str) -> None:
        """Drop an advisory and its entries from every bucket (no-op if absent)."""
        advisory = self.advisories.pop(advisory_id, None)
        if advisory is None:
            return
        for entry in advisory.affected:
            buckets = []
            if entry.package is not None:
                buckets.append(self._by_package.get(entry.package))
            if entry.cpe is not None:
                cpe_key = cpe_index_key(entry.cpe)
                buckets.append(self._by_cpe.get(cpe_key) if cpe_key else self._cpe_wild)
            if entry.ot is not None:
                buckets.append(self._by_vendor.get(entry.ot.vendor_key))
            for bucket in buckets:
                if bucket:
                    bucket[:] = [ref for ref in bucket if ref[0] != advisory_id]

    def _resolve(
        self, refs: Iterable[Ref], seen: set[Ref]
    ) -> Iterable[tuple[Advisory, AffectedEntry]]:
        for ref in refs:
            if ref in seen:
                continue
            seen.add(ref)
            advisory = self.advisories[ref[0]]
            if not advisory.withdrawn:
                yield advisory, advisory.affected[ref[1]]

    def match_component(self, component: Component) -> list[Match]:
        """Matches for one component, looking only at its purl key and CPE key candidates."""
        key, version, cpe = _component_keys(component)
        seen: set[Ref] = set()
        refs: list[Ref] = list(self._by_package.get(key, ())) if key else []
        if cpe is not None:
            cpe_key = cpe_index_key(cpe)
            refs.extend(self._by_cpe.get(cpe_key, ()) if cpe_key else ())
            refs.extend(self._cpe_wild)
        matches = []
        for advisory, entry in self._resolve(refs, seen):
            found = _match_entry(advisory, entry, key, version, cpe)
            if found is not None:
                matches.append(found)
        return matches

    def match_asset(self, asset: OtAsset) -> list[Match]:
        """Matches for one OT asset, looking only at entries of its normalized vendor."""
        vendor_key = normalize_vendor(asset.vendor)
        matches = []
        for advisory, entry in self._resolve(self._by_vendor.get(vendor_key, ()), set()):
            found = _match_asset_entry(advisory, entry, asset, vendor_key)
            if found is not None:
                matches.append(found)
        return matches

    def package_keys(self) -> set[PackageKey]:
        """Every purl key with at least one entry (for a selector to pre-filter components)."""
        return {k for k, refs in self._by_package.items() if refs}
