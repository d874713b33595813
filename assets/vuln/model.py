"""The normalized advisory: plain dataclasses that OSV and CSAF both import into.

An :class:`Advisory` is one OSV record or one CSAF document. Its :class:`AffectedEntry` rows
say *what* (a package key, a CPE, or an OT vendor/product/model), *which versions* (a
:class:`~assets.vuln.predicates.Predicate`) and *with which status* (OSV rows are always
affected; CSAF rows carry the product_status group) for which vulnerabilities (CVE ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from assets.vuln.cpe import CpeName
from assets.vuln.predicates import Predicate
from assets.vuln.purl import PackageKey


class Status(StrEnum):
    """The product status of a match (CSAF product_status groups folded per CSAF 6.1.6)."""

    AFFECTED = "affected"
    FIXED = "fixed"
    NOT_AFFECTED = "not_affected"
    UNDER_INVESTIGATION = "under_investigation"


# CSAF product_status group → status; "recommended" names a version to use, not a status.
STATUS_BY_CSAF_GROUP: dict[str, Status] = {
    "first_affected": Status.AFFECTED,
    "known_affected": Status.AFFECTED,
    "last_affected": Status.AFFECTED,
    "first_fixed": Status.FIXED,
    "fixed": Status.FIXED,
    "known_not_affected": Status.NOT_AFFECTED,
    "under_investigation": Status.UNDER_INVESTIGATION,
}


@dataclass(frozen=True, slots=True)
class Severity:
    """One severity statement; CVSS vectors are parsed and scored with the ``cvss`` library."""

    type: str  # CVSS_V2, CVSS_V3, CVSS_V4, or the source's own label (e.g. "database")
    vector: str | None
    base_score: float | None
    label: str | None  # NONE, LOW, MEDIUM, HIGH, CRITICAL
    error: str | None = None  # why a vector could not be scored


@dataclass(frozen=True, slots=True)
class Reference:
    """A link with its type (OSV reference type or CSAF category)."""

    url: str
    type: str = "WEB"
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Remediation:
    """A CSAF remediation (vendor_fix, mitigation, workaround, none_available, no_fix_planned)."""

    category: str
    details: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class OtProduct:
    """An OT product as a CSAF product tree names it; ``vendor_key`` is normalized."""

    vendor: str
    vendor_key: str
    product: str | None
    family: str | None = None
    model_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AffectedEntry:
    """What is concerned, which versions, which status, for which vulnerabilities.

    At least one of ``package``, ``cpe`` and ``ot`` is set. ``product_id`` is the CSAF product
    id (None for OSV); ``pointer`` is the JSON pointer of the place it came from. For a CSAF
    ``known_not_affected`` product, ``justification`` is the label of its CSAF flag (e.g.
    ``component_not_present``) and ``impact`` the details of its ``impact`` threat: the VEX
    justification and impact statement.
    """

    predicate: Predicate
    status: Status = Status.AFFECTED
    package: PackageKey | None = None
    ecosystem: str | None = None
    purl: str | None = None
    cpe: CpeName | None = None
    cpe_is_platform: bool = False  # the CPE names the platform a package sits on, not the package
    ot: OtProduct | None = None
    vulnerabilities: tuple[str, ...] = ()
    product_id: str | None = None
    product_name: str | None = None
    remediations: tuple[Remediation, ...] = ()
    pointer: str = ""
    justification: str | None = None
    impact: str | None = None

    def why(self) -> str:
        """Display text: the version predicate's explanation."""
        return self.predicate.why()


@dataclass(frozen=True, slots=True)
class Vulnerability:
    """One CSAF vulnerability (or the OSV record itself): its ids, title and scores."""

    id: str
    cve: str | None = None
    ids: tuple[str, ...] = ()
    title: str | None = None
    severities: tuple[Severity, ...] = ()


@dataclass(frozen=True, slots=True)
class Advisory:
    """One OSV record or CSAF document, normalized."""

    id: str
    source: str  # "osv" or "csaf"
    modified: datetime | None
    published: datetime | None = None
    withdrawn: datetime | None = None
    aliases: tuple[str, ...] = ()
    title: str | None = None
    summary: str | None = None
    severities: tuple[Severity, ...] = ()
    references: tuple[Reference, ...] = ()
    affected: tuple[AffectedEntry, ...] = ()
    vulnerabilities: tuple[Vulnerability, ...] = field(default=())
    file: str | None = None

    @property
    def cves(self) -> tuple[str, ...]:
        """The CVE ids among the id and aliases."""
        ids = (self.id, *self.aliases)
        return tuple(dict.fromkeys(i for i in ids if i.upper().startswith("CVE-")))

    @property
    def max_severity(self) -> Severity | None:
        """The highest scored severity of the advisory and its vulnerabilities."""
        scored = [s for s in self.all_severities() if s.base_score is not None]
        return max(scored, key=lambda s: s.base_score or 0.0, default=None)

    def all_severities(self) -> tuple[Severity, ...]:
        return self.severities + tuple(s for v in self.vulnerabilities for s in v.severities)


class ReimportDecision(StrEnum):
    """What to do with an advisory that may already be stored."""

    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"


def reimport_decision(
    *, stored_modified: datetime | None, incoming: Advisory, exists: bool
) -> ReimportDecision:
    """Newer ``modified`` wins: create if new, update if strictly newer (or stored has no date),
    skip otherwise (same or older). An incoming record without ``modified`` never overwrites."""
    if not exists:
        return ReimportDecision.CREATE
    if incoming.modified is None:
        return ReimportDecision.SKIP
    if stored_modified is None or incoming.modified > stored_modified:
        return ReimportDecision.UPDATE
    return ReimportDecision.SKIP
