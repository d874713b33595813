"""Pages of the compliance app, mounted under /compliance/."""

from django.urls import include, path

from compliance.views import assessments, classification, entities, risks, scores

app_name = "compliance"

urlpatterns = [
    path("incidents/", include("compliance.incidents.urls")),
    path("classification/", classification.classification, name="classification"),
    path(
        "classification/wizard/",
        classification.classification_wizard,
        name="classification-wizard",
    ),
    path("legal-entities/", entities.legal_entities, name="legal-entities"),
    path("legal-entities/new/", entities.legal_entity_create, name="legal-entity-create"),
    path("legal-entities/<int:pk>/", entities.legal_entity_edit, name="legal-entity-edit"),
    path(
        "legal-entities/<int:pk>/delete/",
        entities.legal_entity_remove,
        name="legal-entity-delete",
    ),
    path("assessments/", assessments.assessments, name="assessments"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/evidence/", assessments.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/download/", assessments.evidence_download, name="evidence-download"),
    path("scores/", scores.scores, name="scores"),
    path("scores/breakdown/", scores.score_breakdown, name="score-breakdown"),
    path("scores/gains/", scores.largest_gains, name="largest-gains"),
    path("scores/how-it-works/", scores.score_explained, name="score-explained"),
    path("risks/", risks.risks, name="risks"),
    path("risks/new/", risks.risk_create, name="risk-create"),
    path("risks/<int:pk>/", risks.risk_edit, name="risk-edit"),
    path("risks/matrix/", risks.risk_matrix, name="risk-matrix"),
    path("risks/asset-search/", risks.risk_asset_search, name="risk-asset-search"),
]
