"""The compliance app's models: catalogue, classification, assessments, scores, risks."""

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
    "LegalEntity",
    "RelatedEnterprise",
    "Risk",
    "RiskMatrix",
    "ScoreSnapshot",
    "evidence_upload_to",
]
