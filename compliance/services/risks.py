"""The risk register: create and change risks, the matrix, and risks raised by findings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record
from compliance.models import Control, Risk, RiskMatrix

#: The relations ``risk_save`` sets as a whole when given (field name, noun in errors).
LINKS = {
    "affected_services": gettext_lazy("Essential service"),
    "affected_assets": gettext_lazy("Asset"),
}

SEVERITY_LIKELIHOOD = {"critical": 5, "high": 4, "medium": 3, "low": 2, "info": 1}
DEFAULT_IMPACT = 3


def _check_linked(org: Organization, objects, *, field: str, noun: str) -> list:
    """The objects, each of which must belong to ``org`` (else a field error naming its id)."""
    objects = list(objects or [])
    for obj in objects:
        if obj.organization_id != org.pk:
            raise ValidationError(
                {
                    field: _("%(noun)s %(id)s does not belong to this organization.")
                    % {"noun": noun, "id": obj.pk}
                }
            )
    return objects


def _check_controls(org: Organization, controls) -> list[Control]:
    controls = list(controls or [])
    for control in controls:
        if not control.version.is_current:
            raise ValidationError({"controls": f"{control} is not in the current catalogue"})
    return controls


def risk_save(
    *,
    org: Organization,
    data: dict,
    controls=None,
    risk: Risk | None = None,
    affected_services=None,
    affected_assets=None,
) -> Risk:
    """Create (``risk`` None) or change a risk; validates levels, controls and linked objects.

    ``controls``, ``affected_services`` and ``affected_assets`` replace the
    risk's links when given (None: unchanged); services and assets of another
    organization are refused naming the field. Residual levels default to
    the inherent ones when not given.
    """
    risk = risk or Risk(organization=org)
    for field, value in data.items():
        setattr(risk, field, value)
    if risk.residual_likelihood is None:
        risk.residual_likelihood = risk.inherent_likelihood
    if risk.residual_impact is None:
        risk.residual_impact = risk.inherent_impact
    risk.full_clean(exclude=["organization", "controls", *LINKS])
    links = {
        field: _check_linked(org, objects, field=field, noun=LINKS[field])
        for field, objects in (
            ("affected_services", affected_services),
            ("affected_assets", affected_assets),
        )
        if objects is not None
    }
    linked = _check_controls(org, controls) if controls is not None else None
    if linked is not None:
        links["controls"] = linked
    with transaction.atomic():
        risk.save()
        _set_links(risk, links)
    return risk


def _set_links(risk: Risk, links: dict[str, list]) -> None:
    """Replace the given relations and record what changed in the audit trail."""
    changes = {}
    for name, objects in links.items():
        manager = getattr(risk, name)
        before = set(manager.values_list("pk", flat=True))
        after = {o.pk for o in objects}
        if before != after:
            manager.set(objects)
            changes[name] = {"before": sorted(before), "after": sorted(after)}
    if changes:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            organization=risk.organization_id,
            object_type="compliance.risk",
            object_id=risk.pk,
            object_repr=str(risk),
            changes=changes,
        )


def risk_matrix_save(*, org: Organization, data: dict) -> RiskMatrix:
    """Change the organization's matrix labels or acceptance threshold."""
    matrix = RiskMatrix.objects.for_org(org).first() or RiskMatrix(organization=org)
    for field in ("likelihood_labels", "impact_labels", "acceptance_threshold"):
        if field in data:
            setattr(matrix, field, data[field])
    matrix.full_clean(exclude=["organization"])
    matrix.save()
    return matrix


def risk_raise_likelihood(*, risk: Risk, likelihood: int, source_ref: str) -> Risk:
    """Raise a risk's inherent and residual likelihood to at least ``likelihood`` (never lowers)."""
    if not 1 <= likelihood <= 5:
        raise ValidationError({"likelihood": "must be 1-5"})
    risk.inherent_likelihood = max(risk.inherent_likelihood, likelihood)
    risk.residual_likelihood = max(risk.residual_likelihood, likelihood)
    risk.source_ref = source_ref[:200]
    risk.save()
    return risk


def risk_propose_from_finding(
    *, org: Organization, title: str, description: str, severity: str, source_ref: str
) -> Risk:
    """Let a finding raise the likelihood of the risk it already feeds, or propose a new risk.

    A risk with the same ``source_ref`` (not closed) gets its likelihood
    raised to the severity's level (critical 5, high 4, medium 3, low 2,
    info 1); otherwise a new risk with status *proposed* is created for the
    security officer to review.
    """
    if severity not in SEVERITY_LIKELIHOOD:
        raise ValidationError(
            {"severity": f"unknown severity {severity!r}; known: {', '.join(SEVERITY_LIKELIHOOD)}"}
        )
    if not source_ref:
        raise ValidationError({"source_ref": "is required"})
    likelihood = SEVERITY_LIKELIHOOD[severity]
    existing = (
        Risk.objects.for_org(org)
        .filter(source_ref=source_ref)
        .exclude(status=Risk.Status.CLOSED)
        .first()
    )
    if existing is not None:
        return risk_raise_likelihood(risk=existing, likelihood=likelihood, source_ref=source_ref)
    return risk_save(
        org=org,
        data={
            "title": title[:200],
            "scenario": description,
            "inherent_likelihood": likelihood,
            "inherent_impact": DEFAULT_IMPACT,
            "status": Risk.Status.PROPOSED,
            "source_ref": source_ref[:200],
        },
    )
