"""Classify an organization's legal entities and store the results.

The default legal entity mirrors the Organization (its facts are read from
the Organization); further entities carry their own facts. A result is
stored as a ``ClassificationRecord`` with the inputs, both languages of every
text, and a timestamp, whenever facts change (the wizard, the API) or on
request (the command, the recompute button).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bollwerk.models import Organization
from compliance.classification import (
    Activity,
    Classification,
    EntityFacts,
    EntityType,
    RelatedEnterprise,
    Relation,
    SizeFigures,
    classify,
    facts_from_organization,
)
from compliance.models import ClassificationRecord, LegalEntity
from compliance.models import RelatedEnterprise as RelatedRow
from compliance.services.jsonable import jsonable

ACTIVITY_FLAGS = ("offered_for_payment", "annex_exclusion", "negligible", "side_activity")


def legal_entity_default(*, org: Organization) -> LegalEntity:
    """The organization's default legal entity (created on first use, named like the org)."""
    entity = LegalEntity.objects.for_org(org).filter(is_default=True).first()
    if entity is None:
        entity = LegalEntity.objects.create(organization=org, name=org.name, is_default=True)
    return entity


def _activities(entity: LegalEntity) -> tuple[Activity, ...] | None:
    if not entity.activities:
        return None
    result = []
    for i, item in enumerate(entity.activities):
        try:
            etype = EntityType(item["entity_type"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"activities": f"activities[{i}]: unknown entity type {item!r}"}
            ) from None
        flags = {k: bool(item[k]) for k in ACTIVITY_FLAGS if k in item}
        result.append(
            Activity(etype, negligible_reason=str(item.get("negligible_reason", "")), **flags)
        )
    return tuple(result)


def _related(entity: LegalEntity) -> tuple[RelatedEnterprise, ...]:
    def dec(value) -> Decimal | None:
        return None if value is None else Decimal(value)

    return tuple(
        RelatedEnterprise(
            name=r.name,
            figures=SizeFigures(dec(r.employees), dec(r.turnover_eur), dec(r.balance_sheet_eur)),
            share_percent=Decimal(r.share_percent),
            relation=Relation(r.relation),
            listed_investor=r.listed_investor,
        )
        for r in entity.related.all()
    )


def entity_facts(*, entity: LegalEntity) -> EntityFacts:
    """The ``EntityFacts`` of one legal entity (the default one reads the Organization)."""
    source = entity.organization if entity.is_default else entity
    try:
        return facts_from_organization(
            source,
            activities=_activities(entity),
            related=_related(entity),
            it_independent=entity.it_independent,
            it_independence_justification=entity.it_independence_justification,
            critical_installation=entity.critical_installation,
        )
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        raise ValidationError({field or "facts": message or str(exc)}) from None


def classification_as_json(result: Classification) -> dict:
    """Every part of a result in both languages, JSON-ready (what a record stores)."""
    data = jsonable(dataclasses.asdict(result))
    data["nis2"] = result.category.code
    data["category"] = {
        "code": result.category.code,
        "de": result.category.label_de,
        "en": result.category.label_en,
    }
    data["route"] = result.route.value
    data["routes"] = [r.value for r in result.routes]
    data["applicability"] = sorted(result.applicability)
    for question, source in zip(data["open_questions"], result.open_questions, strict=True):
        for outcome, item in zip(question["outcomes"], source.outcomes, strict=True):
            outcome["category"] = item.category.code if item.category is not None else None
    return data


def record_as_dict(record: ClassificationRecord, language: str = "en") -> dict:
    """The ``classify_entity --json`` shape of a stored record, plus details."""
    de = language.startswith("de")
    lang = "de" if de else "en"
    r = record.result
    return {
        "nis2": r["nis2"],
        "category": r["category"][lang],
        "route": r["route"],
        "routes": r["routes"],
        "cer_critical": r["cer_critical"],
        "duties": r["duty_ids"],
        "catalogue_version": r["catalogue_version"],
        "reasons": [
            {"code": s["code"], "text": s[f"text_{lang}"], "rule": s["rule"]} for s in r["steps"]
        ],
        "open_questions": [
            {
                "code": q["code"],
                "question": q[f"question_{lang}"],
                "outcomes": [o[f"label_{lang}"] for o in q["outcomes"]],
            }
            for q in r["open_questions"]
        ],
        "authorities": [a[f"name_{lang}"] for a in r["authorities"]],
        "deadlines": [
            {"code": d["code"], "text": d[f"text_{lang}"], "due": d["due"]} for d in r["deadlines"]
        ],
        "fines": [{"code": f["code"], "max_eur": f["max_eur"]} for f in r["fines"]],
        "complete": r["complete"],
        "legal_entity": record.legal_entity.name,
        "computed_at": record.computed_at.isoformat(),
    }


def classification_compute(
    *, org: Organization, legal_entity: LegalEntity | None = None, trigger: str = "request"
) -> ClassificationRecord:
    """Classify one legal entity (default: the organization's default one) and store the result.

    Also creates the not-yet-assessed assessment rows of the newly applicable
    controls, so the assessment list is complete, and marks the stored score
    stale (the applicable duties may have changed).
    """
    from compliance.services.assessment import assessments_ensure
    from compliance.services.scores import score_snapshot_invalidate

    entity = legal_entity or legal_entity_default(org=org)
    if entity.organization_id != org.pk:
        raise ValidationError({"legal_entity": "belongs to another organization"})
    facts = entity_facts(entity=entity)
    try:
        result = classify(facts)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        record = ClassificationRecord.objects.create(
            organization=org,
            legal_entity=entity,
            trigger=trigger[:40],
            inputs=jsonable(dataclasses.asdict(facts)),
            result=classification_as_json(result),
            category=result.category.code,
            route=result.route.value,
            cer_critical=result.cer_critical,
            catalogue_version=result.catalogue_version,
        )
        assessments_ensure(org=org)
        score_snapshot_invalidate(org_id=org.pk)
    return record


def classification_compute_all(*, org: Organization, trigger: str = "request") -> list:
    """Classify every legal entity of the organization (the default one first)."""
    legal_entity_default(org=org)
    return [
        classification_compute(org=org, legal_entity=entity, trigger=trigger)
        for entity in LegalEntity.objects.for_org(org).order_by("-is_default", "name")
    ]


def legal_entity_save_inputs(
    *,
    entity: LegalEntity,
    activities: list[dict] | None = None,
    it_independent: bool | None = None,
    it_independence_justification: str | None = None,
    critical_installation: bool | None = None,
    related: list[dict] | None = None,
) -> LegalEntity:
    """Store the extra classification inputs of a legal entity (activities, related enterprises).

    ``related`` replaces the entity's related enterprises as a whole (each a
    dict of RelatedEnterprise fields); validated before anything is stored.
    """
    if activities is not None:
        entity.activities = activities
        _activities(entity)
    if it_independent is not None:
        entity.it_independent = it_independent
    if it_independence_justification is not None:
        entity.it_independence_justification = it_independence_justification
    if critical_installation is not None:
        entity.critical_installation = critical_installation
    entity.full_clean()
    rows = []
    for i, item in enumerate(related or []):
        row = RelatedRow(organization_id=entity.organization_id, legal_entity=entity, **item)
        try:
            row.full_clean(exclude=["legal_entity", "organization"])
        except ValidationError as exc:
            raise ValidationError(
                {f"related[{i}].{k}": v for k, v in exc.message_dict.items()}
            ) from None
        rows.append(row)
    with transaction.atomic():
        entity.save()
        if related is not None:
            entity.related.all().delete()
            for row in rows:
                row.save()
    return entity


#: Facts the default legal entity takes from the Organization (changed there, not here).
MIRRORED_FACTS = (
    "name",
    "sectors",
    "employees",
    "turnover_eur",
    "balance_sheet_eur",
    "legal_form",
    "public_ownership_share",
    "federal_state",
    "kritis",
)


def legal_entity_save(
    *,
    org: Organization,
    data: dict,
    entity: LegalEntity | None = None,
    related: list[dict] | None = None,
    trigger: str = "legal_entity",
) -> tuple[LegalEntity, ClassificationRecord]:
    """Create (``entity`` None) or change a legal entity and classify it; all or nothing.

    ``data`` holds LegalEntity fields (``activities`` as a list of dicts);
    the default entity refuses the facts it mirrors from the organization.
    ``related`` replaces the related enterprises when given. Returns the
    entity and its new classification record.
    """
    entity = entity or LegalEntity(organization=org)
    if entity.organization_id != org.pk:
        raise ValidationError({"legal_entity": "belongs to another organization"})
    if entity.is_default:
        mirrored = sorted(set(data) & set(MIRRORED_FACTS))
        if mirrored:
            raise ValidationError(
                {mirrored[0]: _("The default entity mirrors the organization; change it there.")}
            )
    unknown = set(data) - {f.name for f in LegalEntity._meta.concrete_fields}
    fixed = sorted(unknown | ({"is_default", "organization"} & set(data)))
    if fixed:
        raise ValidationError({fixed[0]: _("This cannot be set here.")})
    for field, value in data.items():
        setattr(entity, field, value)
    _activities(entity)
    entity.full_clean(exclude=["organization"])
    with transaction.atomic():
        entity.save()
        if related is not None:
            legal_entity_save_inputs(entity=entity, related=related)
        record = classification_compute(org=org, legal_entity=entity, trigger=trigger)
    return entity, record


def legal_entity_delete(*, entity: LegalEntity) -> None:
    """Delete a further legal entity with its records; the default one cannot be deleted.

    The organization's applicable duties are the union over its entities,
    so the stored score is marked stale.
    """
    from compliance.services.scores import score_snapshot_invalidate

    if entity.is_default:
        raise ValidationError({"is_default": _("The default entity cannot be deleted.")})
    with transaction.atomic():
        entity.delete()
        score_snapshot_invalidate(org_id=entity.organization_id)


def classification_is_current(*, record: ClassificationRecord) -> bool:
    """Whether the entity's facts are still those the record was computed from."""
    try:
        facts = entity_facts(entity=record.legal_entity)
    except ValidationError:
        return False
    return jsonable(dataclasses.asdict(facts)) == record.inputs
