"""Small builders for classification facts used across the compliance tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from compliance.classification import (
    Activity,
    EntityFacts,
    EntityType,
    LegalForm,
    RelatedEnterprise,
    SizeFigures,
)

M = Decimal(1_000_000)


def figures(employees: Any = 0, turnover: Any = 0, balance: Any = 0) -> SizeFigures:
    """Size figures; turnover and balance in euros (use ``M`` for millions)."""
    return SizeFigures(Decimal(employees), Decimal(turnover), Decimal(balance))


def make_facts(
    *types: EntityType | Activity,
    employees: Any = 0,
    turnover: Any = 0,
    balance: Any = 0,
    legal_form: LegalForm = LegalForm.GMBH,
    **kwargs: Any,
) -> EntityFacts:
    """Facts for a utility carrying out ``types`` with the given own figures."""
    activities = tuple(t if isinstance(t, Activity) else Activity(t) for t in types)
    return EntityFacts(
        name="Stadtwerke Musterstadt",
        legal_form=legal_form,
        activities=activities,
        figures=figures(employees, turnover, balance),
        **kwargs,
    )


def related(
    name: str, share: Any, employees: Any = 0, turnover: Any = 0, balance: Any = 0, **kwargs: Any
) -> RelatedEnterprise:
    return RelatedEnterprise(
        name=name,
        figures=figures(employees, turnover, balance),
        share_percent=Decimal(share),
        **kwargs,
    )
