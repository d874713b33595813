"""Platform REST endpoints, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from bollwerk.api import views
from bollwerk.checks import api as checks_api

router = SimpleRouter()
router.register("members", views.MembershipViewSet, basename="member")
router.register("tokens", views.ApiTokenViewSet, basename="token")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("checks", checks_api.CheckViewSet, basename="check")
router.register("check-runs", checks_api.CheckRunViewSet, basename="check-run")
router.register("findings", checks_api.FindingViewSet, basename="finding")

urlpatterns = [
    path("organization/", views.OrganizationView.as_view(), name="api-organization"),
    path("me/", views.MeView.as_view(), name="api-me"),
    *router.urls,
]
