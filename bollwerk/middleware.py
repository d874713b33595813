"""Request middleware: second-factor gate, active organization, audit actor."""

from __future__ import annotations

from django.contrib.auth.middleware import LoginRequiredMiddleware as _DjangoLoginRequired
from django.shortcuts import redirect
from django.urls import reverse

from bollwerk.services.audit import Actor, acting_as

#: URL prefixes that are reachable without a verified second factor. The
#: security-key *authentication* endpoints are the second step itself; key
#: *registration* stays behind the gate, so a stolen password cannot enrol a key.
_OPEN_PREFIXES = (
    "/static/",
    "/healthz",
    "/api/",
    "/i18n/",
    "/favicon",
    "/login/webauthn/authentication/",
    "/login/webauthn/jsi18n/",
)


class LoginRequiredMiddleware(_DjangoLoginRequired):
    """Django's login gate, except for the REST API, which answers 401 itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SecondFactorRequiredMiddleware:
    """A user who entered the password but no second factor sees only the 2FA steps."""

    allowed_url_names = (
        "mfa-verify",
        "mfa-setup",
        "logout",
        "login",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            allowed = {reverse(name) for name in self.allowed_url_names}
            if request.path not in allowed:
                from bollwerk.services.mfa import user_has_device

                target = "mfa-verify" if user_has_device(user) else "mfa-setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class ActiveOrganizationMiddleware:
    """Sets ``request.organization`` and ``request.membership`` for members.

    The active organization is kept in the session; a user in several
    organizations switches with the organization switcher. A user who is no
    member of any organization (a platform administrator) gets ``None``.
    """

    session_key = "bollwerk_org_id"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            from bollwerk.models import Membership

            memberships = Membership.objects.filter(user=user).select_related("organization")
            wanted = request.session.get(self.session_key)
            membership = None
            if wanted is not None:
                membership = memberships.filter(organization_id=wanted).first()
            if membership is None:
                membership = memberships.order_by("organization__name").first()
            if membership is not None:
                request.organization = membership.organization
                request.membership = membership
        return self.get_response(request)


class AuditContextMiddleware:
    """Attributes every audit event written during a request to its user and IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        ip = request.META.get("REMOTE_ADDR")
        if user is not None and user.is_authenticated:
            actor = Actor(user_id=user.pk, label=user.email, ip=ip)
        else:
            actor = Actor(user_id=None, label="anonymous", ip=ip)
        with acting_as(actor):
            return self.get_response(request)
