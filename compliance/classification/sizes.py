"""Size thresholds and aggregation (Rec. 2003/361/EC Annex Arts. 2-3, 6; BSIG §28(1)-(4)).

BSIG reads the thresholds as: *large* is ≥ 250 staff, or turnover > €50 m
**and** balance sheet > €43 m; *at least medium* is ≥ 50 staff, or turnover
> €10 m **and** balance sheet > €10 m. The limits themselves (€50 m, €43 m,
€10 m) still belong to the smaller class.
"""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum, StrEnum

from .facts import RelatedEnterprise, Relation, SizeFigures

MILLION = Decimal(1_000_000)
LARGE_STAFF = Decimal(250)
LARGE_TURNOVER = 50 * MILLION
LARGE_BALANCE = 43 * MILLION
MEDIUM_STAFF = Decimal(50)
MEDIUM_TURNOVER = 10 * MILLION
MEDIUM_BALANCE = 10 * MILLION
SMALL_STAFF = Decimal(10)
SMALL_TURNOVER = 2 * MILLION
SMALL_BALANCE = 2 * MILLION

PARTNER_MIN_SHARE = Decimal(25)
PARTNER_MAX_SHARE = Decimal(50)


class SizeClass(IntEnum):
    """Enterprise size classes, ordered."""

    MICRO = 0
    SMALL = 1
    MEDIUM = 2
    LARGE = 3

    @property
    def label_de(self) -> str:
        return (
            "Kleinstunternehmen",
            "kleines Unternehmen",
            "mittleres Unternehmen",
            "Großunternehmen",
        )[self]

    @property
    def label_en(self) -> str:
        return (
            "micro enterprise",
            "small enterprise",
            "medium-sized enterprise",
            "large enterprise",
        )[self]


class RelationKind(StrEnum):
    """What a related enterprise is for the aggregation."""

    LINKED = "linked"  # added at 100 %
    PARTNER = "partner"  # added pro rata
    AUTONOMOUS = "autonomous"  # below 25 %: not added
    INVESTOR = "investor"  # Annex Art. 3(2) investor exception: not added
    MUNICIPAL_SISTER = "municipal_sister"  # open question: added in one outcome only


def _value(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def size_class(figures: SizeFigures) -> SizeClass:
    """The size class of ``figures``; unknown values count as zero."""
    staff = _value(figures.employees)
    turnover = _value(figures.turnover_eur)
    balance = _value(figures.balance_sheet_eur)

    def exceeds(staff_limit: Decimal, turnover_limit: Decimal, balance_limit: Decimal) -> bool:
        return staff >= staff_limit or (turnover > turnover_limit and balance > balance_limit)

    if exceeds(LARGE_STAFF, LARGE_TURNOVER, LARGE_BALANCE):
        return SizeClass.LARGE
    if exceeds(MEDIUM_STAFF, MEDIUM_TURNOVER, MEDIUM_BALANCE):
        return SizeClass.MEDIUM
    if exceeds(SMALL_STAFF, SMALL_TURNOVER, SMALL_BALANCE):
        return SizeClass.SMALL
    return SizeClass.MICRO


def relation_kind(related: RelatedEnterprise) -> RelationKind:
    """Classify a related enterprise (Annex Art. 3): control or > 50 % is linked, 25-50 % partner."""
    if related.relation is Relation.MUNICIPAL_SISTER:
        return RelationKind.MUNICIPAL_SISTER
    if related.relation is Relation.CONTROL or related.share_percent > PARTNER_MAX_SHARE:
        return RelationKind.LINKED
    if related.share_percent < PARTNER_MIN_SHARE:
        return RelationKind.AUTONOMOUS
    if related.listed_investor:
        return RelationKind.INVESTOR
    return RelationKind.PARTNER


def add_figures(base: SizeFigures, other: SizeFigures, factor: Decimal) -> SizeFigures:
    """``base + factor × other``, field by field; unknown stays unknown only if both are."""

    def plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        if a is None and b is None:
            return None
        return _value(a) + _value(b) * factor

    return SizeFigures(
        employees=plus(base.employees, other.employees),
        turnover_eur=plus(base.turnover_eur, other.turnover_eur),
        balance_sheet_eur=plus(base.balance_sheet_eur, other.balance_sheet_eur),
    )


def aggregation_factor(kind: RelationKind, share_percent: Decimal) -> Decimal:
    """The share of a related enterprise's figures that is added (Annex Art. 6)."""
    if kind in (RelationKind.LINKED, RelationKind.MUNICIPAL_SISTER):
        return Decimal(1)
    if kind is RelationKind.PARTNER:
        return share_percent / Decimal(100)
    return Decimal(0)
