"""The project URLConf: the composition root that mounts every app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bollwerk.views import audit, auth, people, platform

urlpatterns = [
    path("", platform.dashboard, name="dashboard"),
    path("healthz", platform.healthz, name="healthz"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/second-factor/", auth.mfa_verify, name="mfa-verify"),
    path("login/second-factor/setup/", auth.mfa_setup, name="mfa-setup"),
    path("login/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("account/security/", auth.account_security, name="account-security"),
    path(
        "login/set-password/<uidb64>/<token>/", auth.PasswordSetView.as_view(), name="password-set"
    ),
    path("organization/switch/", platform.organization_switch, name="organization-switch"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("members/", people.members, name="members"),
    path("members/<int:pk>/", people.member_change, name="member-change"),
    path("account/tokens/", people.api_tokens, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", people.api_token_revoke, name="api-token-revoke"),
    path("platform/organizations/", people.platform_organizations, name="platform-organizations"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("bollwerk.api.urls")),
    path("api/v1/", include("assets.api_urls")),
    path("api/v1/", include("compliance.api_urls")),
    path("api/v1/", include("reports.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("checks/", include("bollwerk.checks.urls")),
    path("assets/", include("assets.urls")),
    path("compliance/", include("compliance.urls")),
    path("reports/", include("reports.urls")),
]
