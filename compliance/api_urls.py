"""REST endpoints of the compliance app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from compliance.api import views
from compliance.incidents import api as incidents

router = SimpleRouter()
router.register("compliance/legal-entities", views.LegalEntityViewSet, basename="legal-entity")
router.register("compliance/assessments", views.AssessmentViewSet, basename="assessment")
router.register("compliance/evidence", views.EvidenceViewSet, basename="evidence")
router.register("compliance/history", views.HistoryViewSet, basename="assessment-history")
router.register("compliance/score-snapshots", views.SnapshotViewSet, basename="score-snapshot")
router.register("compliance/risks", views.RiskViewSet, basename="risk")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("incident-events", incidents.IncidentEventViewSet, basename="incident-event")
router.register(
    "significance-decisions", incidents.SignificanceDecisionViewSet, basename="significance"
)
router.register("report-submissions", incidents.ReportSubmissionViewSet, basename="submission")
router.register("follow-up-actions", incidents.FollowUpActionViewSet, basename="follow-up-action")

urlpatterns = [
    path("compliance/catalogue/", views.CatalogueView.as_view(), name="compliance-catalogue"),
    path(
        "compliance/classification/",
        views.ClassificationView.as_view(),
        name="compliance-classification",
    ),
    path("compliance/signals/", views.SignalsView.as_view(), name="compliance-signals"),
    path("compliance/scores/", views.ScoreView.as_view(), name="compliance-scores"),
    path(
        "compliance/scores/breakdown/",
        views.ScoreBreakdownView.as_view(),
        name="compliance-score-breakdown",
    ),
    path("compliance/scores/gains/", views.LargestGainsView.as_view(), name="compliance-gains"),
    path("compliance/risk-matrix/", views.RiskMatrixView.as_view(), name="compliance-risk-matrix"),
    *router.urls,
]
