"""Personal API tokens: issued once in clear, stored as SHA-256, revocable, expiring."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bollwerk.models import ApiToken, AuditEvent, Membership, Organization, User
from bollwerk.services.audit import audit_record

TOKEN_PREFIX = "bwk_"  # noqa: S105 - a public marker, not a secret
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    clear: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(
    *, user: User, organization: Organization, name: str = "", expires_days: int | None = 90
) -> IssuedToken:
    """Issue a token for a member of ``organization``; the clear value is returned once."""
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(f"{user.email} is not a member of {organization.slug}")
    if expires_days is not None and expires_days < 1:
        raise ValidationError({"expires_days": "must be at least 1 day"})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    clear = f"{TOKEN_PREFIX}{prefix}_{secret}"
    expires = timezone.now() + dt.timedelta(days=expires_days) if expires_days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            organization=organization,
            name=name[:100],
            prefix=prefix,
            token_hash=_digest(clear),
            expires_at=expires,
        )
        audit_record(
            action=AuditEvent.Action.TOKEN_ISSUED,
            organization=organization,
            object_type="bollwerk.apitoken",
            object_id=token.pk,
            object_repr=str(token),
            changes={
                "user": user.email,
                "name": name,
                "expires": expires.isoformat() if expires else None,
            },
        )
    return IssuedToken(token=token, clear=clear)


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                action=AuditEvent.Action.TOKEN_REVOKED,
                organization=token.organization_id,
                object_type="bollwerk.apitoken",
                object_id=token.pk,
                object_repr=str(token),
            )
    return token


def token_authenticate(clear: str) -> ApiToken | None:
    """The usable token for ``clear``, or None (unknown, wrong, expired, revoked, ex-member)."""
    if not clear.startswith(TOKEN_PREFIX) or clear.count("_") < 2:
        return None
    prefix = clear[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user", "organization").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, _digest(clear)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    if not Membership.objects.filter(
        user_id=token.user_id, organization_id=token.organization_id
    ).exists():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
