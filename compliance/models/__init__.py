"""The compliance app's models: catalogue, classification, assessments, scores, risks, incidents."""

from compliance.incidents.models import (
    FollowUpAction,
    Incident,
    IncidentEvent,
    ReportSubmission,
    SignificanceDecision,
)

from .assessment import AssessmentHistory, ControlAssessment, Evidence, evidence_upload_to
from .catalogue import CatalogueVersion, Control, Duty
from .classification import ClassificationRecord, LegalEntity, RelatedEnterprise
from .risk import Risk, RiskMatrix
from .score import ScoreSnapshot

__all__ = [
    "AssessmentHistory",
    "CatalogueVersion",
    "ClassificationRecord",
    "Control",
    "ControlAssessment",
    "Duty",
    "Evidence",
    "FollowUpAction",
    "Incident",
    "IncidentEvent",
    "LegalEntity",
    "RelatedEnterprise",
    "ReportSubmission",
    "Risk",
    "RiskMatrix",
    "ScoreSnapshot",
    "SignificanceDecision",
    "evidence_upload_to",
]
