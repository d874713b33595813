"""WebAuthn security keys as a second factor (django-otp-webauthn), bound to this instance.

The relying party is the host the user reached Bollwerk on (after Django's
ALLOWED_HOSTS check), so the same configuration works on localhost during
development and on the utility's intranet name in production.
BOLLWERK_WEBAUTHN_ORIGINS adds origins explicitly (e.g. behind a proxy).
"""

from __future__ import annotations

from django.conf import settings
from django.http.request import split_domain_port
from django_otp_webauthn.helpers import WebAuthnHelper


def relying_party_id(request) -> str:
    """The host name the user reached Bollwerk on (validated against ALLOWED_HOSTS)."""
    domain, _port = split_domain_port(request.get_host())
    return domain


def relying_party_name(request) -> str:
    return "Bollwerk"


class BollwerkWebAuthnHelper(WebAuthnHelper):
    """Allows the origin the request came from, besides the configured ones."""

    def get_allowed_origins(self) -> list[str]:
        origin = f"{self.request.scheme}://{self.request.get_host()}"
        return [*settings.BOLLWERK_WEBAUTHN_ORIGINS, origin]


def webauthn_credentials(user):
    """The user's confirmed security keys."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
