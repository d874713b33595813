"""Automatic verification of catalogue claims against data: SBOM, advisories, supplier record.

Each checker takes an :class:`OfferEvidence` (everything gathered once per offer) and returns a
:class:`Verdict`: the state, a one-line summary and the evidence behind it. Claims checked by a
person (method ``person``) have no checker here.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from assets.advisories.models import KevEntry
from assets.advisories.selectors import advisory_candidates
from assets.models import Sbom, SbomComponent
from assets.procurement.signature import jsf_verify
from assets.vuln import match_component
from assets.vuln.errors import VersionSyntaxError
from assets.vuln.match import Component
from assets.vuln.model import Status
from assets.vuln.purl import parse_purl

VERIFIED = "verified_data"
CONTRADICTED = "contradicted"
UNVERIFIABLE = "unverifiable"
CRITICAL_SCORE = 9.0


@dataclass
class Verdict:
    """A checker's result."""

    state: str
    summary: str
    evidence: dict = field(default_factory=dict)


@dataclass
class ComponentMatch:
    """One SBOM component affected by one advisory."""

    purl: str
    name: str
    version: str
    advisory_id: str
    cves: list[str]
    kev_cves: list[str]
    severity_score: float | None
    severity_label: str
    published: dt.datetime | None


@dataclass
class OfferEvidence:
    """What the checkers read for one offer, gathered in one pass."""

    offer: object
    sbom: Sbom | None
    matches: list[ComponentMatch]
    components_checked: int
    today: dt.date


def current_sbom(offer) -> Sbom | None:
    """The offer's product's current SBOM (no newer one supersedes it)."""
    return (
        Sbom.objects.filter(product=offer.product, superseded_by__isnull=True)
        .order_by("-imported_at", "-id")
        .first()
    )


def component_matches(sbom: Sbom) -> tuple[list[ComponentMatch], int]:
    """Advisory matches of the SBOM's components: candidates by all package keys, one pass.

    Returns the affected (status ``affected``) matches and the number of components checked.
    """
    rows = list(
        SbomComponent.objects.filter(sbom=sbom)
        .exclude(purl="")
        .values_list("purl", "name", "version")
    )
    keyed = []
    for purl, name, version in rows:
        try:
            keyed.append((parse_purl(purl).key, purl, name, version))
        except VersionSyntaxError:
            continue
    candidates = advisory_candidates(package_keys={k for k, *_ in keyed})
    if not candidates:
        return [], len(keyed)
    cves = {c for a in candidates for c in a.cves}
    kev = set(KevEntry.objects.filter(cve__in=cves).values_list("cve", flat=True))
    by_id = {a.id: a for a in candidates}
    out = []
    for _key, purl, name, version in keyed:
        for match in match_component(Component(purl=purl, version=version or None), candidates):
            if match.status != Status.AFFECTED:
                continue
            advisory = by_id[match.advisory_id]
            worst = advisory.max_severity
            out.append(
                ComponentMatch(
                    purl=purl,
                    name=name,
                    version=version,
                    advisory_id=advisory.id,
                    cves=list(advisory.cves),
                    kev_cves=[c for c in advisory.cves if c in kev],
                    severity_score=worst.base_score if worst else None,
                    severity_label=(worst.label or "") if worst else "",
                    # Go's vulndb writes 0001-01-01 for "unknown"
                    published=advisory.published
                    if advisory.published and advisory.published.year > 1900
                    else None,
                )
            )
    return out, len(keyed)


def evidence_gather(offer, *, today: dt.date | None = None) -> OfferEvidence:
    """Gather the SBOM and its advisory matches once for all checkers."""
    sbom = current_sbom(offer)
    matches, checked = component_matches(sbom) if sbom else ([], 0)
    return OfferEvidence(offer, sbom, matches, checked, today or dt.date.today())


def _sbom_ref(sbom: Sbom) -> dict:
    return {"id": sbom.pk, "file": sbom.file_name, "sha256": sbom.file_sha256}


def _no_sbom() -> Verdict:
    return Verdict(UNVERIFIABLE, "no SBOM delivered for this product version")


def check_sbom_quality(ev: OfferEvidence) -> Verdict:
    """Score ≥ the offer's threshold: verified; below: contradicted with the missing elements."""
    if ev.sbom is None:
        return _no_sbom()
    report = ev.sbom.quality_report or {}
    criteria = report.get("criteria", {})
    missing = {
        key: {"missing_count": c.get("missing_count", 0), "examples": c.get("missing", [])[:5]}
        for key, c in criteria.items()
        if c.get("missing_count")
    }
    threshold = ev.offer.sbom_quality_threshold
    score = ev.sbom.quality_score
    evidence = {"sbom": _sbom_ref(ev.sbom), "score": score, "threshold": threshold}
    evidence["missing"] = missing
    if score >= threshold:
        return Verdict(VERIFIED, f"SBOM quality {score}/100 ≥ {threshold}", evidence)
    gaps = ", ".join(f"{k} ({v['missing_count']} missing)" for k, v in missing.items())
    return Verdict(
        CONTRADICTED, f"SBOM quality {score}/100 < {threshold}; missing: {gaps}", evidence
    )


def _document(sbom: Sbom) -> dict | None:
    """The stored SBOM as JSON (from a zip: its one JSON member), None when it is no JSON."""
    with sbom.file.open("rb") as stream:
        data = stream.read()
    if zipfile.is_zipfile(BytesIO(data)):
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".json")]
            if len(names) != 1:
                return None
            data = archive.read(names[0])
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return document if isinstance(document, dict) else None


def check_sbom_signature(ev: OfferEvidence) -> Verdict:
    """A JSF signature that verifies: verified; one that does not: contradicted."""
    if ev.sbom is None:
        return _no_sbom()
    attestations = {
        "declarations": bool(ev.sbom.declarations),
        "properties": ev.sbom.properties[:20] if ev.sbom.properties else [],
    }
    if not ev.sbom.signature:
        return Verdict(
            UNVERIFIABLE,
            "the SBOM carries no signature",
            {"sbom": _sbom_ref(ev.sbom), **attestations},
        )
    document = _document(ev.sbom) if ev.sbom.format == Sbom.Format.JSON else None
    if document is None:
        return Verdict(
            UNVERIFIABLE,
            "only JSON signatures (JSF) can be verified",
            {"sbom": _sbom_ref(ev.sbom), **attestations},
        )
    check = jsf_verify(document)
    evidence = {"sbom": _sbom_ref(ev.sbom), "signature": check.as_dict(), **attestations}
    state = VERIFIED if check.state == "valid" else CONTRADICTED
    return Verdict(state, f"SBOM signature: {check.reason}", evidence)


def _match_dict(m: ComponentMatch) -> dict:
    return {
        "purl": m.purl,
        "advisory": m.advisory_id,
        "cves": m.kev_cves or m.cves,
        "severity": m.severity_score,
        "published": m.published.date().isoformat() if m.published else None,
    }


def check_kev(ev: OfferEvidence) -> Verdict:
    """No component matches an advisory whose CVE is KEV-listed: verified; else contradicted."""
    if ev.sbom is None:
        return _no_sbom()
    hits = [m for m in ev.matches if m.kev_cves]
    evidence = {
        "sbom": _sbom_ref(ev.sbom),
        "components_checked": ev.components_checked,
        "matches": [_match_dict(m) for m in hits],
    }
    if not hits:
        return Verdict(
            VERIFIED,
            f"{ev.components_checked} components checked; none matches a KEV-listed advisory",
            evidence,
        )
    components = sorted({m.purl for m in hits})
    listing = "; ".join(f"{m.purl} – {m.advisory_id} ({', '.join(m.kev_cves)})" for m in hits)
    return Verdict(
        CONTRADICTED,
        f"claims no known exploited vulnerabilities; {len(components)} component(s) match "
        f"KEV entries: {listing}",
        evidence,
    )


def check_critical_age(ev: OfferEvidence) -> Verdict:
    """Critical advisories published more than N days before the offer date: contradicted."""
    if ev.sbom is None:
        return _no_sbom()
    limit = ev.offer.critical_max_age_days
    cutoff = ev.offer.offered_on - dt.timedelta(days=limit)
    old = [
        m
        for m in ev.matches
        if ((m.severity_score or 0) >= CRITICAL_SCORE or m.severity_label.upper() == "CRITICAL")
        and m.published is not None
        and m.published.date() < cutoff
    ]
    evidence = {
        "sbom": _sbom_ref(ev.sbom),
        "max_age_days": limit,
        "matches": [_match_dict(m) for m in old],
    }
    if not old:
        return Verdict(
            VERIFIED, f"no critical vulnerability published before {cutoff} affects it", evidence
        )
    listing = "; ".join(f"{m.purl} – {m.advisory_id}" for m in old)
    return Verdict(
        CONTRADICTED,
        f"{len(old)} critical vulnerabilities older than {limit} days: {listing}",
        evidence,
    )


def check_disclosure(ev: OfferEvidence) -> Verdict:
    """Security contact and disclosure URL on the supplier record: verified."""
    supplier = ev.offer.supplier
    evidence = {"security_contact": supplier.security_contact, "url": supplier.disclosure_url}
    if supplier.security_contact and supplier.disclosure_url:
        return Verdict(
            VERIFIED, f"disclosure policy {supplier.disclosure_url}, contact on record", evidence
        )
    return Verdict(UNVERIFIABLE, "no disclosure URL and security contact on record", evidence)


def check_csaf(ev: OfferEvidence) -> Verdict:
    """A CSAF provider-metadata URL on the supplier record: verified."""
    url = ev.offer.supplier.csaf_provider_url
    if url:
        return Verdict(VERIFIED, f"CSAF provider {url}", {"csaf_provider_url": url})
    return Verdict(UNVERIFIABLE, "no CSAF provider URL on record", {})


def check_support_period(ev: OfferEvidence) -> Verdict:
    """Declared support end ≥ offer date + minimum years: verified; shorter: contradicted."""
    offer = ev.offer
    start = offer.offered_on
    try:
        needed = start.replace(year=start.year + offer.min_support_years)
    except ValueError:  # 29 February
        needed = start.replace(year=start.year + offer.min_support_years, day=28)
    evidence = {
        "support_end": offer.support_end.isoformat() if offer.support_end else None,
        "required_until": needed.isoformat(),
    }
    if offer.support_end is None:
        return Verdict(UNVERIFIABLE, "no support end declared", evidence)
    if offer.support_end >= needed:
        return Verdict(VERIFIED, f"support until {offer.support_end} ≥ {needed}", evidence)
    return Verdict(CONTRADICTED, f"support until {offer.support_end} < {needed}", evidence)


CHECKERS: dict[str, Callable[[OfferEvidence], Verdict]] = {
    "sbom_quality": check_sbom_quality,
    "sbom_signature": check_sbom_signature,
    "kev": check_kev,
    "critical_age": check_critical_age,
    "disclosure": check_disclosure,
    "csaf": check_csaf,
    "support_period": check_support_period,
}
