"""OpenAPI descriptions of Bollwerk's authentication schemes (loaded by drf-spectacular)."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "bollwerk.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "bwk_<prefix>_<secret>",
            "description": "A personal API token, scoped to one organization.",
        }


class VerifiedSessionScheme(SessionScheme):
    target_class = "bollwerk.api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSession"
