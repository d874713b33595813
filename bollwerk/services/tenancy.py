"""Organizations and memberships: create tenants, add people with a role."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from bollwerk.models import AuditEvent, Membership, Organization, Role, User
from bollwerk.models.tenancy import Sector
from bollwerk.services.audit import audit_record

CLASSIFICATION_FIELDS = (
    "name",
    "sectors",
    "employees",
    "turnover_eur",
    "balance_sheet_eur",
    "legal_form",
    "public_ownership_share",
    "country",
    "federal_state",
    "kritis",
)


def organization_create(
    *,
    slug: str,
    name: str,
    sectors: list[str] | None = None,
    employees: int | None = None,
    turnover_eur: Decimal | None = None,
    balance_sheet_eur: Decimal | None = None,
    legal_form: str = "",
    public_ownership_share: Decimal | None = None,
    federal_state: str = "",
    kritis: bool = False,
) -> Organization:
    """Create a tenant with the facts classification needs; validates every field."""
    sectors = list(dict.fromkeys(sectors or []))
    unknown = [s for s in sectors if s not in Sector.values]
    if unknown:
        raise ValidationError(
            {
                "sectors": f"unknown sector(s) {', '.join(unknown)}; "
                f"known: {', '.join(Sector.values)}"
            }
        )
    if slug != slugify(slug):
        raise ValidationError(
            {"slug": f"{slug!r} is not a valid short name (lower-case letters, digits and hyphens)"}
        )
    org = Organization(
        slug=slug,
        name=name,
        sectors=sectors,
        employees=employees,
        turnover_eur=turnover_eur,
        balance_sheet_eur=balance_sheet_eur,
        legal_form=legal_form,
        public_ownership_share=public_ownership_share,
        federal_state=federal_state,
        kritis=kritis,
    )
    org.full_clean()
    with transaction.atomic():
        org.save()
        audit_record(
            action=AuditEvent.Action.CREATE,
            organization=org,
            object_type="bollwerk.organization",
            object_id=org.pk,
            object_repr=org.name,
            changes={"after": {f: getattr(org, f) for f in CLASSIFICATION_FIELDS}},
        )
    return org


def organization_update(*, organization: Organization, data: dict) -> Organization:
    """Change an organization's facts; records before/after of what changed."""
    before = {f: getattr(organization, f) for f in CLASSIFICATION_FIELDS}
    for field, value in data.items():
        if field not in CLASSIFICATION_FIELDS:
            raise ValidationError({field: "cannot be changed here"})
        setattr(organization, field, value)
    organization.full_clean()
    changes = {
        f: {"before": before[f], "after": getattr(organization, f)}
        for f in CLASSIFICATION_FIELDS
        if before[f] != getattr(organization, f)
    }
    with transaction.atomic():
        organization.save()
        if changes:
            audit_record(
                action=AuditEvent.Action.UPDATE,
                organization=organization,
                object_type="bollwerk.organization",
                object_id=organization.pk,
                object_repr=organization.name,
                changes=changes,
            )
    return organization


def member_add(
    *,
    organization: Organization,
    email: str,
    role: str,
    password: str | None = None,
    full_name: str = "",
) -> Membership:
    """Add a person to an organization with a role, creating the user if new.

    A user without a password (an invitation) cannot log in until one is set.
    """
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}; known: {', '.join(Role.values)}"})
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=full_name)
            user.full_clean(exclude=["password"])
            if password:
                from django.contrib.auth.password_validation import validate_password

                validate_password(password, user)
            user.set_password(password) if password else user.set_unusable_password()
            user.save()
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        membership, created = Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
        audit_record(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            organization=organization,
            object_type="bollwerk.membership",
            object_id=membership.pk,
            object_repr=f"{email} ({role})",
            changes={"user": email, "role": role},
        )
    return membership


def member_remove(*, membership: Membership) -> None:
    with transaction.atomic():
        audit_record(
            action=AuditEvent.Action.DELETE,
            organization=membership.organization_id,
            object_type="bollwerk.membership",
            object_id=membership.pk,
            object_repr=f"{membership.user.email} ({membership.role})",
        )
        membership.delete()


def organization_get_by_slug(slug: str) -> Organization:
    """The organization with ``slug``; a clear error naming the slug otherwise."""
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        known = ", ".join(Organization.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise ValidationError(
            f"unknown organization {slug!r}" + (f" (known: {known})" if known else "")
        )
    return org
