"""Second factor: TOTP devices with QR enrolment, and one-time recovery codes."""

from __future__ import annotations

import base64
import secrets

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bollwerk.models import AuditEvent
from bollwerk.services.audit import audit_record

RECOVERY_CODES = 10


def normalise_code(code: str) -> str:
    """A code as typed (spaces, dashes, capitals) in the form it is stored in."""
    return code.strip().replace(" ", "").replace("-", "").lower()


def user_has_device(user) -> bool:
    """Whether the user has any confirmed second factor."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def totp_pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call (enrolment in progress)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of ``device`` as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111", light="#fff")


def totp_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a code from the app; returns fresh recovery codes, or None."""
    if not device.verify_token(normalise_code(token)):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_regenerate(user=device.user)
        for org_id in device.user.memberships.values_list("organization_id", flat=True) or [None]:
            audit_record(
                action=AuditEvent.Action.MFA_ENROLLED,
                organization=org_id,
                object_type="bollwerk.user",
                object_id=device.user_id,
                object_repr=device.user.email,
                changes={"device": "totp"},
            )
    otp_login(request, device)
    return codes


def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes by ten new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(6) for _ in range(RECOVERY_CODES)]  # 48 bits each, fits 16 chars
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return ["-".join(code[i : i + 4] for i in range(0, 12, 4)) for code in codes]


def second_factor_verify(*, request, token: str) -> bool:
    """Check a TOTP or recovery code against the user's confirmed devices; log in the device."""
    token = normalise_code(token)
    for device in devices_for_user(request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


def totp_devices(user):
    """The user's confirmed authenticator apps."""
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def security_key_remove(*, user, pk) -> bool:
    """Remove one of the user's security keys, unless it is their only second factor."""
    from bollwerk.services.webauthn import webauthn_credentials

    keys = webauthn_credentials(user)
    key = keys.filter(pk=pk).first() if str(pk).isdecimal() else None
    if key is None or (keys.count() == 1 and not totp_devices(user).exists()):
        return False
    with transaction.atomic():
        key.delete()
        for org_id in user.memberships.values_list("organization_id", flat=True) or [None]:
            audit_record(
                action=AuditEvent.Action.OTHER,
                organization=org_id,
                object_type="bollwerk.user",
                object_id=user.pk,
                object_repr=user.email,
                changes={"second_factor_removed": "security key"},
            )
    return True
