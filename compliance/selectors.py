"""Read side of the compliance app: every query shape lives here.

The catalogue is instance-wide (see ``compliance.models.catalogue``); every
other selector takes ``org`` and narrows through ``for_org``.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from bollwerk.models import Organization
from bollwerk.selectors import contains_any
from compliance.models import (
    AssessmentHistory,
    CatalogueVersion,
    ClassificationRecord,
    Control,
    ControlAssessment,
    Duty,
    Evidence,
    LegalEntity,
    Risk,
    RiskMatrix,
    ScoreSnapshot,
)


def catalogue_current() -> CatalogueVersion:
    """The current catalogue version (installed by post_migrate on a fresh database)."""
    version = CatalogueVersion.objects.filter(is_current=True).first()
    if version is None:
        from compliance.services.catalogue import catalogue_ensure_installed

        catalogue_ensure_installed()
        version = CatalogueVersion.objects.get(is_current=True)
    return version


def duty_list(*, version: CatalogueVersion) -> QuerySet[Duty]:
    """The duties of a version with their controls, in catalogue order."""
    return version.duties.order_by("position").prefetch_related(
        Prefetch("controls", queryset=Control.objects.order_by("position"))
    )


def classification_records_latest(*, org: Organization) -> list[ClassificationRecord]:
    """The newest classification record of each legal entity (default entity first)."""
    newest = (
        ClassificationRecord.objects.filter(legal_entity=OuterRef("pk"))
        .order_by("-computed_at", "-pk")
        .values("pk")[:1]
    )
    ids = [
        pk
        for pk in LegalEntity.objects.for_org(org)
        .annotate(latest=Subquery(newest))
        .values_list("latest", flat=True)
        if pk is not None
    ]
    return list(
        ClassificationRecord.objects.for_org(org)
        .filter(pk__in=ids)
        .select_related("legal_entity")
        .order_by("-legal_entity__is_default", "legal_entity__name")
    )


def classification_current(*, org: Organization) -> ClassificationRecord | None:
    """The newest record of the organization's default legal entity, if any."""
    return (
        ClassificationRecord.objects.for_org(org)
        .filter(legal_entity__is_default=True)
        .select_related("legal_entity")
        .order_by("-computed_at", "-pk")
        .first()
    )


def applicable_duty_ids(*, org: Organization) -> tuple[set[str] | None, bool]:
    """The duty ids that apply to the organization, and whether it is classified.

    The union over every legal entity's newest classification (a group has to
    meet each entity's duties). Unclassified: ``(None, False)``, meaning
    every duty is shown until the classification is done.
    """
    records = classification_records_latest(org=org)
    if not records:
        return None, False
    return {d for r in records for d in r.result.get("duty_ids", [])}, True


def applicable_controls(*, org: Organization, version: CatalogueVersion) -> list[Control]:
    """The controls of the duties that apply to the organization (all when unclassified)."""
    duty_ids, _classified = applicable_duty_ids(org=org)
    controls = version.controls.select_related("duty").order_by("position")
    if duty_ids is not None:
        controls = controls.filter(duty__duty_id__in=duty_ids)
    return list(controls)


def applicable_control_ids(
    *, org: Organization, version: CatalogueVersion, duty_ids: set[str] | None = None
) -> list[int]:
    """Primary keys of the applicable controls (``duty_ids`` as from applicable_duty_ids)."""
    if duty_ids is None:
        duty_ids, _classified = applicable_duty_ids(org=org)
    controls = version.controls.all()
    if duty_ids is not None:
        controls = controls.filter(duty__duty_id__in=duty_ids)
    return list(controls.values_list("pk", flat=True))


def assessment_score_rows(*, org: Organization) -> list[dict]:
    """The few columns scoring needs of every current assessment, as dicts (fast)."""
    return list(
        ControlAssessment.objects.for_org(org)
        .filter(archived=False, control__version__is_current=True)
        .order_by("control__position")
        .values(
            "pk",
            "status",
            "control__control_id",
            "control__position",
            "control__signal",
            "control__legal_weight",
            "control__duty__duty_id",
            "control__duty__measure",
        )
    )


def assessment_list(*, org: Organization, filters: dict | None = None) -> QuerySet:
    """Current (not archived) assessments with control, duty and owner, in catalogue order."""
    filters = filters or {}
    qs = (
        ControlAssessment.objects.for_org(org)
        .filter(archived=False, control__version__is_current=True)
        .select_related("control__duty", "owner")
        .order_by("control__position")
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("duty"):
        qs = qs.filter(control__duty__duty_id=filters["duty"])
    return qs


def assessment_get(*, org: Organization, pk: int) -> ControlAssessment:
    """One assessment of the organization (404 for others, via get_object_or_404 callers)."""
    return (
        ControlAssessment.objects.for_org(org).select_related("control__duty", "owner").get(pk=pk)
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def evidence_expires(evidence: Evidence) -> dt.date:
    """The last day an evidence item is valid: ``valid_until`` or start plus review cycle."""
    return evidence.valid_until or add_months(evidence.valid_from, evidence.review_months)


def evidence_is_valid(evidence: Evidence, today: dt.date) -> bool:
    """Valid today: started and not expired."""
    return evidence.valid_from <= today <= evidence_expires(evidence)


def evidence_list(*, org: Organization, assessment: ControlAssessment | None = None) -> QuerySet:
    """Evidence items (of one assessment, or all current ones) with their control."""
    qs = Evidence.objects.for_org(org).select_related("assessment__control", "created_by")
    if assessment is not None:
        return qs.filter(assessment=assessment)
    return qs.filter(assessment__archived=False)


def history_list(*, org: Organization, assessment: ControlAssessment | None = None) -> QuerySet:
    """Assessment history entries, newest first."""
    qs = AssessmentHistory.objects.for_org(org).select_related("assessment__control", "actor")
    return qs.filter(assessment=assessment) if assessment is not None else qs


def risk_list(
    *, org: Organization, filters: dict | None = None, with_assets: bool = False
) -> QuerySet:
    """Risks with owner, linked controls and affected services, and ``asset_count``.

    ``with_assets`` also prefetches the affected assets (id and name, by name).
    """
    from assets.models import Asset, EssentialService

    filters = filters or {}
    qs = (
        Risk.objects.for_org(org)
        .select_related("owner")
        .annotate(asset_count=Count("affected_assets", distinct=True))
        .prefetch_related(
            Prefetch("controls", queryset=Control.objects.order_by("position")),
            Prefetch("affected_services", queryset=EssentialService.objects.only("id", "name")),
        )
    )
    if with_assets:
        qs = qs.prefetch_related(
            Prefetch("affected_assets", queryset=Asset.objects.only("id", "name").order_by("name"))
        )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("treatment"):
        qs = qs.filter(treatment=filters["treatment"])
    return qs


def risk_matrix_get(*, org: Organization) -> RiskMatrix:
    """The organization's matrix (default labels and threshold until someone changes them)."""
    matrix = RiskMatrix.objects.for_org(org).first()
    return matrix or RiskMatrix(organization=org)


def risk_cells(*, org: Organization) -> dict[str, dict[tuple[int, int], int]]:
    """Counts of open/proposed risks per (likelihood, impact) cell, inherent and residual."""
    cells: dict[str, dict[tuple[int, int], int]] = {"inherent": {}, "residual": {}}
    rows = (
        Risk.objects.for_org(org)
        .filter(~Q(status=Risk.Status.CLOSED))
        .values_list(
            "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"
        )
    )
    for il, ii, rl, ri in rows:
        cells["inherent"][(il, ii)] = cells["inherent"].get((il, ii), 0) + 1
        cells["residual"][(rl, ri)] = cells["residual"].get((rl, ri), 0) + 1
    return cells


ASSET_SEARCH_LIMIT = 20


def asset_search(
    *, org: Organization, query: str, limit: int = ASSET_SEARCH_LIMIT
) -> tuple[list, bool]:
    """Up to ``limit`` assets matching ``query`` as the inventory list searches, and whether
    more match (for the risk form's asset picker; one query)."""
    from assets.filters import AssetFilter
    from assets.models import Asset

    query = query.strip()
    if not query:
        return [], False
    found = list(
        Asset.objects.for_org(org)
        .filter(contains_any(AssetFilter.search_fields, query))
        .only("id", "name", "asset_tag")
        .order_by("name", "pk")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def snapshot_list(*, org: Organization, days: int | None = None) -> QuerySet[ScoreSnapshot]:
    """Score snapshots, oldest first (the last ``days`` when given)."""
    qs = ScoreSnapshot.objects.for_org(org).order_by("date")
    if days is not None:
        latest = qs.order_by("-date").values_list("date", flat=True).first()
        if latest is not None:
            qs = qs.filter(date__gt=latest - dt.timedelta(days=days))
    return qs


def legal_entity_list(*, org: Organization) -> QuerySet[LegalEntity]:
    """The organization's legal entities with their related enterprises."""
    return LegalEntity.objects.for_org(org).prefetch_related("related")
