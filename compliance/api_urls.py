"""REST endpoints of the compliance app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from compliance.incidents import api as incidents

router = SimpleRouter()
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("incident-events", incidents.IncidentEventViewSet, basename="incident-event")
router.register(
    "significance-decisions", incidents.SignificanceDecisionViewSet, basename="significance"
)
router.register("report-submissions", incidents.ReportSubmissionViewSet, basename="submission")
router.register("follow-up-actions", incidents.FollowUpActionViewSet, basename="follow-up-action")

urlpatterns = router.urls
