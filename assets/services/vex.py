"""VEX: statements on matches (manual, from the SBOM, from CSAF) and CycloneDX VEX export.

A person's statement (:func:`vex_set`) always wins; an SBOM's own analysis
(:func:`sbom_vex_apply`) applies where no person decided; CSAF ``known_not_affected``/``fixed``
come through the engine (:mod:`assets.services.matching` marks them ``csaf-vex``). Every change
is kept as a :class:`~assets.models.matching.VexStatement`. Closing a match resolves its
finding; reopening records it again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.advisories.models import AdvisoryAlias
from assets.models import SbomVulnerability
from assets.models.matching import (
    Justification,
    VexSource,
    VexStatement,
    VexStatus,
    VulnerabilityMatch,
)
from assets.services import matching_findings
from bollwerk.models import Organization

#: CycloneDX analysis state → our status.
STATE_TO_STATUS = {
    "not_affected": VexStatus.NOT_AFFECTED, "false_positive": VexStatus.NOT_AFFECTED,
    "resolved": VexStatus.FIXED, "resolved_with_pedigree": VexStatus.FIXED,
    "exploitable": VexStatus.AFFECTED, "in_triage": VexStatus.UNDER_INVESTIGATION,
}  # fmt: skip
STATUS_TO_STATE = {VexStatus.AFFECTED: "exploitable", VexStatus.NOT_AFFECTED: "not_affected",
                   VexStatus.FIXED: "resolved", VexStatus.UNDER_INVESTIGATION: "in_triage"}  # fmt: skip
#: CSAF flags → the nearest CycloneDX justification (for the CycloneDX export).
CSAF_TO_CYCLONEDX = {
    "component_not_present": "code_not_present", "vulnerable_code_not_present": "code_not_present",
    "vulnerable_code_not_in_execute_path": "code_not_reachable",
    "vulnerable_code_cannot_be_controlled_by_adversary": "protected_by_mitigating_control",
    "inline_mitigations_already_exist": "protected_by_mitigating_control",
}  # fmt: skip


def _statement(match: VulnerabilityMatch, *, user=None, now=None) -> VexStatement:
    return VexStatement(
        organization_id=match.organization_id, match=match, status=match.status,
        justification=match.justification, note=match.note, source=match.vex_source,
        set_by=user, set_at=now or timezone.now(),
    )  # fmt: skip


def _sync_finding(match: VulnerabilityMatch, was_open: bool) -> None:
    if was_open and not match.is_open:
        matching_findings.findings_resolve(org=match.organization, fingerprints=[match.fingerprint])
    elif match.is_open and not was_open:
        advisory = match.advisory
        row = {"pk": advisory.pk, "source_id": advisory.source_id, "title": advisory.title,
               "severity_label": advisory.severity_label, "kev": advisory.kev}  # fmt: skip
        matching_findings.findings_sync(
            org=match.organization, opened=[(match, row, match.target_label)], closed=[]
        )


@transaction.atomic
def vex_set(
    *, match: VulnerabilityMatch, status: str, user, justification: str = "", note: str = ""
) -> VulnerabilityMatch:
    """A person's VEX statement on ``match``; ``not_affected`` needs a justification.

    Raises ``ValidationError`` naming the field; nothing is stored then.
    """
    if status not in VexStatus.values:
        raise ValidationError({"status": _("Choose one of: %s.") % ", ".join(VexStatus.values)})
    if justification and justification not in Justification.values:
        raise ValidationError({"justification": _("Unknown justification %s.") % justification})
    if status == VexStatus.NOT_AFFECTED and not justification:
        raise ValidationError({"justification": _("Not affected needs a justification.")})
    if status != VexStatus.NOT_AFFECTED:
        justification = ""
    was_open = match.is_open
    now = timezone.now()
    match.status, match.justification, match.note = status, justification, note
    match.vex_source, match.vex_set_by, match.vex_set_at = VexSource.MANUAL, user, now
    match.save()
    _statement(match, user=user, now=now).save()
    _sync_finding(match, was_open)
    return match


def sbom_vex_apply(*, org: Organization, sbom_ids: Iterable[int]) -> int:
    """Apply the SBOMs' own analyses to matches of their components (not over a person's)."""
    vulns = list(
        SbomVulnerability.objects.for_org(org).filter(sbom_id__in=list(sbom_ids))
        .exclude(analysis_state="").prefetch_related("components")
    )  # fmt: skip
    if not vulns:
        return 0
    names = {v.vuln_id.strip().upper() for v in vulns}
    advisories: dict[str, set[int]] = {}
    for advisory_id, alias in AdvisoryAlias.objects.filter(alias__in=names).values_list(
        "advisory_id", "alias"
    ):
        advisories.setdefault(alias, set()).add(advisory_id)
    changed = 0
    for vuln in vulns:
        status = STATE_TO_STATUS.get(vuln.analysis_state)
        pks = advisories.get(vuln.vuln_id.strip().upper())
        components = [c.pk for c in vuln.components.all()]
        if status is None or not pks or not components:
            continue
        matches = (
            VulnerabilityMatch.objects.for_org(org)
            .filter(advisory_id__in=pks, component_id__in=components)
            .exclude(vex_source=VexSource.MANUAL)
            .select_related("advisory", "organization")
        )
        justification = vuln.analysis_justification
        if justification not in Justification.values:
            justification = ""
        for match in matches:
            if (match.status, match.vex_source, match.justification) == (
                status,
                VexSource.SBOM_VEX,
                justification,
            ):
                continue
            was_open = match.is_open
            match.status, match.justification = status, justification
            match.note, match.vex_source = vuln.analysis_detail, VexSource.SBOM_VEX
            match.vex_set_at = timezone.now()
            match.save()
            _statement(match).save()
            _sync_finding(match, was_open)
            changed += 1
    return changed


def vex_export(*, org: Organization, product=None, spec: str = "1.6") -> str:
    """CycloneDX VEX (JSON, spec 1.5 or 1.6) of the organization's or one product's matches."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.vulnerability import (
        BomTarget,
        ImpactAnalysisJustification,
        ImpactAnalysisState,
        Vulnerability,
        VulnerabilityAnalysis,
        VulnerabilitySource,
    )
    from cyclonedx.output.json import JsonV1Dot5, JsonV1Dot6
    from packageurl import PackageURL

    if spec not in ("1.5", "1.6"):
        raise ValidationError({"spec": _("Choose 1.5 or 1.6.")})
    qs = VulnerabilityMatch.objects.for_org(org).filter(stale=False).select_related(
        "advisory", "component", "asset"
    ).order_by("advisory__source_id", "id")  # fmt: skip
    if product is not None:
        qs = qs.filter(
            component__sbom__product=product, component__sbom__superseded_by__isnull=True
        )
    bom = Bom()
    refs: dict[tuple, str] = {}
    vulns: dict[int, Vulnerability] = {}
    for match in qs.iterator(chunk_size=1000):
        target = ("c", match.component_id) if match.component_id else ("a", match.asset_id)
        if target not in refs:
            ref = (
                f"component-{match.component_id}"
                if match.component_id
                else f"asset-{match.asset_id}"
            )
            if match.component_id:
                c = match.component
                purl = None
                try:
                    purl = PackageURL.from_string(c.purl) if c.purl else None
                except ValueError:
                    purl = None
                bom.components.add(Component(name=c.display_name, version=c.version or None,
                                             bom_ref=ref, purl=purl, type=ComponentType.LIBRARY))  # fmt: skip
            else:
                a = match.asset
                bom.components.add(Component(name=a.name, version=a.version or None, bom_ref=ref,
                                             type=ComponentType.DEVICE))  # fmt: skip
            refs[target] = ref
        vuln = vulns.get(match.pk)
        justification = CSAF_TO_CYCLONEDX.get(match.justification, match.justification)
        analysis = VulnerabilityAnalysis(
            state=ImpactAnalysisState(STATUS_TO_STATE[match.status]),
            justification=ImpactAnalysisJustification(justification) if justification else None,
            detail=match.note or match.why,
        )
        vuln = Vulnerability(
            bom_ref=f"match-{match.pk}", id=match.advisory.source_id,
            source=VulnerabilitySource(name=match.advisory.source.upper(),
                                       url=XsUri(_source_url(match.advisory))),
            description=match.advisory.title or None, analysis=analysis,
            affects=[BomTarget(ref=refs[target])],
        )  # fmt: skip
        bom.vulnerabilities.add(vuln)
        vulns[match.pk] = vuln
    outputter = (JsonV1Dot6 if spec == "1.6" else JsonV1Dot5)(bom)
    return json.dumps(json.loads(outputter.output_as_string()), indent=2)


def _source_url(advisory) -> str:
    if advisory.source == "osv":
        return f"https://osv.dev/vulnerability/{advisory.source_id}"
    for ref in advisory.references or []:
        if isinstance(ref, dict) and ref.get("url", "").startswith("http"):
            return ref["url"]
    return "https://www.cisa.gov/news-events/cybersecurity-advisories"
