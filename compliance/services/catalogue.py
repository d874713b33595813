"""Install catalogue versions into the database and migrate assessments to a new version.

An upgrade never loses work: for every organization, an assessment of an old
control follows ``catalogue_diff``'s mapping. Same id: re-pointed. Renamed:
re-pointed to the successor. Split: copied to every successor with its
evidence and history. Merged (two old controls into one new): the first keeps
the assessment, the others hand over evidence and history and are archived.
Removed: archived (kept, no longer scored). Risk links follow the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record
from compliance.catalogue import (
    Applicability,
    Catalogue,
    CatalogueError,
    LegalRef,
    LegalWeight,
    Text,
    catalogue_diff,
    catalogue_load,
)
from compliance.catalogue import Control as CControl
from compliance.catalogue import Duty as CDuty
from compliance.models import (
    AssessmentHistory,
    CatalogueVersion,
    Control,
    ControlAssessment,
    Duty,
    Evidence,
    Risk,
)
from compliance.services.scores import score_snapshot_invalidate


@dataclass
class CatalogueInstallResult:
    """What ``catalogue_install`` did (the ``load_catalogue --json`` shape plus details)."""

    version: str
    duties: int
    controls: int
    created: bool
    previous: str | None = None
    migrated: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "duties": self.duties,
            "controls": self.controls,
            "created": self.created,
            "previous": self.previous,
            "migrated": self.migrated,
        }


def catalogue_read(*, path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue file; a bad file is a ValidationError naming file and place."""
    try:
        return catalogue_load(path)
    except CatalogueError as exc:
        raise ValidationError(str(exc)) from None
    except OSError as exc:
        raise ValidationError(f"{path}: {exc.strerror or exc}") from None


def catalogue_from_rows(version: CatalogueVersion) -> Catalogue:
    """Rebuild the pure ``Catalogue`` of a stored version (for diffs against a new file)."""
    duties = []
    controls_by_duty: dict[int, list[Control]] = {}
    for control in version.controls.order_by("position"):
        controls_by_duty.setdefault(control.duty_id, []).append(control)
    for duty in version.duties.order_by("position"):
        controls = tuple(
            CControl(
                id=c.control_id,
                duty_id=duty.duty_id,
                statement=Text(c.statement_de, c.statement_en),
                guidance=Text(c.guidance_de, c.guidance_en),
                evidence=Text(c.evidence_de, c.evidence_en),
                review_months=c.review_months,
                signal=c.signal or None,
                legal_weight=LegalWeight(c.legal_weight),
                iso27001=tuple(c.iso27001),
                grundschutz=tuple(c.grundschutz),
                replaces=tuple(c.replaces),
            )
            for c in controls_by_duty.get(duty.pk, [])
        )
        duties.append(
            CDuty(
                id=duty.duty_id,
                title=Text(duty.title_de, duty.title_en),
                summary=Text(duty.summary_de, duty.summary_en),
                references=tuple(LegalRef(*r.split(" ", 1)) for r in duty.references if " " in r),
                applies=frozenset(Applicability(a) for a in duty.applies),
                measure=duty.measure or None,
                controls=controls,
            )
        )
    return Catalogue(version.name, version.version, version.published, tuple(duties))


def _store(catalogue: Catalogue) -> CatalogueVersion:
    version = CatalogueVersion.objects.create(
        name=catalogue.name,
        version=catalogue.version,
        published=catalogue.published,
        source=catalogue.source,
    )
    duty_rows = Duty.objects.bulk_create(
        Duty(
            version=version,
            duty_id=d.id,
            position=i,
            title_de=d.title.de,
            title_en=d.title.en,
            summary_de=d.summary.de,
            summary_en=d.summary.en,
            references=[str(r) for r in d.references],
            applies=sorted(a.value for a in d.applies),
            measure=d.measure or "",
        )
        for i, d in enumerate(catalogue.duties)
    )
    by_id = {row.duty_id: row for row in duty_rows}
    Control.objects.bulk_create(
        Control(
            version=version,
            duty=by_id[c.duty_id],
            control_id=c.id,
            position=i,
            statement_de=c.statement.de,
            statement_en=c.statement.en,
            guidance_de=c.guidance.de,
            guidance_en=c.guidance.en,
            evidence_de=c.evidence.de,
            evidence_en=c.evidence.en,
            review_months=c.review_months,
            signal=c.signal or "",
            legal_weight=c.legal_weight.value,
            iso27001=list(c.iso27001),
            grundschutz=list(c.grundschutz),
            replaces=list(c.replaces),
        )
        for i, c in enumerate(catalogue.controls())
    )
    return version


def catalogue_install(*, catalogue: Catalogue) -> CatalogueInstallResult:
    """Store ``catalogue`` and make it current; migrates every organization's assessments.

    Idempotent: installing a version that is already stored only reports it.
    Installing an older version than the current one is refused.
    """
    existing = CatalogueVersion.objects.filter(version=catalogue.version).first()
    if existing is not None:
        return CatalogueInstallResult(
            catalogue.version,
            existing.duties.count(),
            existing.controls.count(),
            created=False,
        )
    with transaction.atomic():
        current = CatalogueVersion.objects.select_for_update().filter(is_current=True).first()
        if current is not None and _key(catalogue.version) < _key(current.version):
            raise ValidationError(
                f"version: {catalogue.version} is older than the current {current.version}"
            )
        version = _store(catalogue)
        migrated: dict = {}
        if current is not None:
            diff = catalogue_diff(catalogue_from_rows(current), catalogue)
            migrated = _migrate(old=current, new=version, mapping=diff.mapping)
            current.is_current = False
            current.save(update_fields=["is_current"])
        version.is_current = True
        version.save(update_fields=["is_current"])
        score_snapshot_invalidate(org_id=None)
        audit_record(
            action=AuditEvent.Action.CREATE,
            organization=None,
            object_type="compliance.catalogueversion",
            object_id=version.pk,
            object_repr=str(version),
            changes={"previous": current.version if current else None, "migrated": migrated},
        )
    return CatalogueInstallResult(
        version.version,
        len(catalogue.duties),
        len(catalogue.control_ids),
        created=True,
        previous=current.version if current else None,
        migrated=migrated,
    )


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _migrate(*, old: CatalogueVersion, new: CatalogueVersion, mapping: dict) -> dict:
    """Move assessments and risk links from ``old``'s controls to ``new``'s (see module doc)."""
    new_controls = {c.control_id: c for c in new.controls.all()}
    counts = {"carried": 0, "copied": 0, "merged": 0, "archived": 0}
    taken: set[tuple[int, int]] = set()
    assessments = ControlAssessment.objects.filter(control__version=old, archived=False)
    touched_orgs: set[int] = set()
    for assessment in assessments.select_related("control").order_by("pk"):
        touched_orgs.add(assessment.organization_id)
        targets = [new_controls[i] for i in mapping.get(assessment.control.control_id, ())]
        if not targets:
            _archive(assessment, note=f"removed in catalogue {new.version}")
            counts["archived"] += 1
            continue
        first, *others = targets
        key = (assessment.organization_id, first.pk)
        if key in taken:
            keeper = ControlAssessment.objects.get(
                organization_id=assessment.organization_id, control=first
            )
            Evidence.objects.filter(assessment=assessment).update(assessment=keeper)
            AssessmentHistory.objects.filter(assessment=assessment).update(assessment=keeper)
            _archive(assessment, note=f"merged into {first.control_id} ({new.version})")
            counts["merged"] += 1
            continue
        taken.add(key)
        old_id = assessment.control.control_id
        assessment.control = first
        assessment.save(update_fields=["control"])
        _note(assessment, old_id, first.control_id, new.version)
        counts["carried"] += 1
        for target in others:
            taken.add((assessment.organization_id, target.pk))
            _note(_copy(assessment, target), old_id, target.control_id, new.version)
            counts["copied"] += 1
    for risk in Risk.objects.filter(controls__version=old).distinct().prefetch_related("controls"):
        linked = [
            new_controls[i] for c in risk.controls.all() for i in mapping.get(c.control_id, ())
        ]
        risk.controls.set(linked)
    for org_id in touched_orgs:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            organization=org_id,
            object_type="compliance.controlassessment",
            object_repr=f"catalogue upgrade {old.version} → {new.version}",
            changes=counts,
        )
    return counts


def _archive(assessment: ControlAssessment, *, note: str) -> None:
    assessment.archived = True
    assessment.save(update_fields=["archived"])
    AssessmentHistory.objects.create(
        organization_id=assessment.organization_id,
        assessment=assessment,
        actor_label="catalogue upgrade",
        action="archived",
        before={"archived": False},
        after={"archived": True, "note": note},
    )


def _note(assessment: ControlAssessment, old_id: str, new_id: str, version: str) -> None:
    AssessmentHistory.objects.create(
        organization_id=assessment.organization_id,
        assessment=assessment,
        actor_label="catalogue upgrade",
        action="catalogue_upgrade",
        before={"control": old_id},
        after={"control": new_id, "catalogue_version": version},
    )


def _copy(assessment: ControlAssessment, target: Control) -> ControlAssessment:
    """Copy an assessment (with evidence and history) onto another control (a split)."""
    clone = ControlAssessment.objects.create(
        organization_id=assessment.organization_id,
        control=target,
        status=assessment.status,
        justification=assessment.justification,
        owner_id=assessment.owner_id,
        due_date=assessment.due_date,
        notes=assessment.notes,
    )
    for item in Evidence.objects.filter(assessment=assessment):
        item.pk = None
        item._state.adding = True
        item.assessment = clone
        item.save()
    for entry in AssessmentHistory.objects.filter(assessment=assessment).order_by("pk"):
        copied = AssessmentHistory.objects.create(
            organization_id=entry.organization_id,
            assessment=clone,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            before=entry.before,
            after=entry.after,
        )
        AssessmentHistory.objects.filter(pk=copied.pk).update(at=entry.at)
    return clone


def catalogue_ensure_installed(**kwargs) -> None:
    """post_migrate hook: a fresh install gets the newest shipped catalogue."""
    if not CatalogueVersion.objects.exists():
        catalogue_install(catalogue=catalogue_read())
