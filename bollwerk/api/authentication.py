"""API authentication: personal Bearer tokens, or a session with a verified second factor."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from bollwerk.services.audit import Actor, _current
from bollwerk.services.tokens import token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer bwk_…``; the token fixes the organization of the request."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header: expected 'Bearer <token>'."
            )
        try:
            clear = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("The token contains invalid characters.") from exc
        token = token_authenticate(clear)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        request._request.api_organization = token.organization
        _current.set(
            Actor(
                user_id=token.user_id,
                label=f"{token.user.email} (token {token.prefix})",
                ip=request.META.get("REMOTE_ADDR"),
            )
        )
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once the second factor is verified."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, _ = result
        if not user.is_verified():
            return None
        return result
