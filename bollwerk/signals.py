"""Audit-trail hooks.

Writes to domain rows are recorded here rather than in each service so that
no path (web, API, command, admin, task) can write without a trace; bulk
imports bypass model signals and record one summary event themselves.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from bollwerk.models import AuditEvent, OrgScopedModel
from bollwerk.services.audit import Actor, audit_record

_SKIP_FIELDS = {"id", "organization", "updated_at", "created_at"}


def _label(instance) -> str:
    return instance._meta.label_lower


def _values(instance) -> dict:
    return {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.name not in _SKIP_FIELDS
    }


@receiver(post_save, dispatch_uid="bollwerk_audit_save")
def audit_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, OrgScopedModel):
        return
    current = _values(instance)
    if created:
        changes = {"after": current}
        action = AuditEvent.Action.CREATE
    else:
        before = getattr(instance, "_audit_loaded", None)
        if before is None:
            changes = {"after": current}
        else:
            changes = {
                name: {"before": before.get(name), "after": value}
                for name, value in current.items()
                if before.get(name) != value
            }
            if not changes:
                return
        action = AuditEvent.Action.UPDATE
    audit_record(
        action=action,
        organization=instance.organization_id,
        object_type=_label(instance),
        object_id=instance.pk,
        object_repr=str(instance),
        changes=changes,
    )
    instance._audit_loaded = {**getattr(instance, "_audit_loaded", {}), **current}


def _cascaded_from(instance, origin) -> Model | None:
    """The organization-scoped object whose deletion took ``instance`` along, if any."""
    if not isinstance(origin, OrgScopedModel):
        return None  # a queryset delete or an unscoped root: every row is its own event
    if instance is origin or (type(instance) is type(origin) and instance.pk == origin.pk):
        return None
    return origin


@receiver(pre_delete, dispatch_uid="bollwerk_audit_cascade_count")
def audit_cascade_count(sender, instance, origin=None, **kwargs):
    """Count the rows a delete takes along; Django sends every pre_delete before any post_delete."""
    root = _cascaded_from(instance, origin)
    if root is not None and isinstance(instance, OrgScopedModel):
        if not hasattr(root, "_audit_cascade"):
            root._audit_cascade = Counter()
        root._audit_cascade[_label(instance)] += 1


@receiver(post_delete, dispatch_uid="bollwerk_audit_delete")
def audit_delete(sender, instance, origin=None, **kwargs):
    """One event per deleted object; rows deleted along with it are counted in its event.

    Deleting a product with a 50,000-component SBOM writes one event that says
    so, not 50,000 events.
    """
    if not isinstance(instance, OrgScopedModel) or _cascaded_from(instance, origin) is not None:
        return
    changes = {"before": _values(instance)}
    # taken off the object: a delete that fails and is tried again counts afresh
    cascade = instance.__dict__.pop("_audit_cascade", None) or (
        origin.__dict__.pop("_audit_cascade", None) if isinstance(origin, Model) else None
    )
    if cascade:
        changes["deleted_with_it"] = dict(sorted(cascade.items()))
    audit_record(
        action=AuditEvent.Action.DELETE,
        organization=instance.organization_id,
        object_type=_label(instance),
        object_id=instance.pk,
        object_repr=str(instance),
        changes=changes,
    )


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="bollwerk_audit_login")
def audit_login(sender, request, user, **kwargs):
    actor = Actor(user_id=user.pk, label=user.email, ip=_ip(request))
    orgs = list(user.memberships.values_list("organization_id", flat=True)) or [None]
    for org_id in orgs:
        audit_record(
            action=AuditEvent.Action.LOGIN,
            organization=org_id,
            object_type="bollwerk.user",
            object_id=user.pk,
            object_repr=user.email,
            actor=actor,
        )


@receiver(user_logged_out, dispatch_uid="bollwerk_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    actor = Actor(user_id=user.pk, label=user.email, ip=_ip(request))
    audit_record(
        action=AuditEvent.Action.LOGOUT,
        organization=None,
        object_type="bollwerk.user",
        object_id=user.pk,
        object_repr=user.email,
        actor=actor,
    )


@receiver(user_login_failed, dispatch_uid="bollwerk_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    from bollwerk.models import User

    username = str(credentials.get("username") or credentials.get("email") or "")[:200]
    user = User.objects.filter(email__iexact=username).first()
    actor = Actor(user_id=None, label=f"anonymous ({username})", ip=_ip(request))
    orgs = list(user.memberships.values_list("organization_id", flat=True)) if user else []
    for org_id in orgs or [None]:
        audit_record(
            action=AuditEvent.Action.LOGIN_FAILED,
            organization=org_id,
            object_type="bollwerk.user",
            object_id=user.pk if user else "",
            object_repr=username,
            actor=actor,
            changes={},
        )


@receiver(
    post_save, sender="django_otp_webauthn.WebAuthnCredential", dispatch_uid="bollwerk_audit_key"
)
def audit_security_key(sender, instance, created, raw=False, **kwargs):
    """A security key registered through django-otp-webauthn's own views."""
    if raw or not created:
        return
    user = instance.user
    for org_id in list(user.memberships.values_list("organization_id", flat=True)) or [None]:
        audit_record(
            action=AuditEvent.Action.MFA_ENROLLED,
            organization=org_id,
            object_type="bollwerk.user",
            object_id=user.pk,
            object_repr=user.email,
            changes={"device": "security key", "name": instance.name},
        )
