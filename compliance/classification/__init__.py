"""NIS2/CER entity classification (reference section 6), pure Python.

Public API::

    classify(facts, *, catalogue=None) -> Classification
    facts_from_organization(org, *, activities=None, **overrides) -> EntityFacts
    size_class(figures) -> SizeClass
"""

from .adapter import SECTOR_TYPES, facts_from_organization
from .entity_types import ENTITY_TYPES, EntityType, EntityTypeInfo, entity_type_info
from .facts import (
    Activity,
    Assumption,
    EntityFacts,
    LegalForm,
    RelatedEnterprise,
    Relation,
    SizeFigures,
)
from .procedure import classify, type_category
from .result import (
    Authority,
    Category,
    Classification,
    Deadline,
    FineCeiling,
    OpenQuestion,
    Outcome,
    ReasoningStep,
    Route,
)
from .sizes import RelationKind, SizeClass, relation_kind, size_class

__all__ = [
    "ENTITY_TYPES",
    "SECTOR_TYPES",
    "Activity",
    "Assumption",
    "Authority",
    "Category",
    "Classification",
    "Deadline",
    "EntityFacts",
    "EntityType",
    "EntityTypeInfo",
    "FineCeiling",
    "LegalForm",
    "OpenQuestion",
    "Outcome",
    "ReasoningStep",
    "RelatedEnterprise",
    "Relation",
    "RelationKind",
    "Route",
    "SizeClass",
    "SizeFigures",
    "classify",
    "entity_type_info",
    "facts_from_organization",
    "relation_kind",
    "size_class",
    "type_category",
]
