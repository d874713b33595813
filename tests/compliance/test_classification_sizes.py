"""Size thresholds of Rec. 2003/361/EC Annex Art. 2 as BSIG §28(1)-(2) reads them (reference §1.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance.classification import Relation, RelationKind, SizeClass, relation_kind, size_class
from tests.compliance.builders import M, figures, related

CENT = Decimal("0.01")


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (9, SizeClass.MICRO),
        (10, SizeClass.SMALL),
        (49, SizeClass.SMALL),
        (50, SizeClass.MEDIUM),
        (249, SizeClass.MEDIUM),
        (250, SizeClass.LARGE),
    ],
)
def test_staff_alone_decides_at_10_50_and_250(employees, expected):
    """≥ 50 staff is at least medium, ≥ 250 is large, whatever the money figures."""
    assert size_class(figures(employees)) is expected


@pytest.mark.parametrize(
    ("turnover", "balance", "expected"),
    [
        (10 * M, 10 * M, SizeClass.SMALL),  # the €10 m limits still belong to "small"
        (10 * M + CENT, 10 * M + CENT, SizeClass.MEDIUM),
        (10 * M + CENT, 10 * M, SizeClass.SMALL),  # "and": both must be exceeded
        (10 * M, 10 * M + CENT, SizeClass.SMALL),
        (200 * M, 5 * M, SizeClass.SMALL),
        (50 * M, 43 * M + CENT, SizeClass.MEDIUM),  # €50 m is not above €50 m
        (50 * M + CENT, 43 * M, SizeClass.MEDIUM),  # €43 m is not above €43 m
        (50 * M + CENT, 43 * M + CENT, SizeClass.LARGE),
        (60 * M, 40 * M, SizeClass.MEDIUM),
        (2 * M, 2 * M, SizeClass.MICRO),
        (2 * M + CENT, 2 * M + CENT, SizeClass.SMALL),
    ],
)
def test_turnover_and_balance_sheet_must_both_exceed_the_ceiling(turnover, balance, expected):
    """Reference §1.2: large = turnover > €50 m AND balance > €43 m; medium = both > €10 m."""
    assert size_class(figures(0, turnover, balance)) is expected


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "expected"),
    [
        (49, 11 * M, 11 * M, SizeClass.MEDIUM),  # or: money makes it medium despite 49 staff
        (50, 1 * M, 1 * M, SizeClass.MEDIUM),  # or: staff make it medium despite small money
        (249, 51 * M, 44 * M, SizeClass.LARGE),
        (250, 1 * M, 1 * M, SizeClass.LARGE),
        (249, 51 * M, 43 * M, SizeClass.MEDIUM),
    ],
)
def test_staff_or_money_is_enough(employees, turnover, balance, expected):
    assert size_class(figures(employees, turnover, balance)) is expected


def test_unknown_figures_count_as_zero():
    from compliance.classification import SizeFigures

    assert size_class(SizeFigures(employees=Decimal(60))) is SizeClass.MEDIUM
    assert size_class(SizeFigures()) is SizeClass.MICRO


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        ("24.99", RelationKind.AUTONOMOUS),
        ("25", RelationKind.PARTNER),
        ("50", RelationKind.PARTNER),
        ("50.01", RelationKind.LINKED),
        ("100", RelationKind.LINKED),
    ],
)
def test_a_share_of_25_to_50_percent_is_a_partner_above_50_linked(share, expected):
    """Reference §1.2: partner holds 25-50 %; linked has the majority of voting rights."""
    assert relation_kind(related("X", share)) is expected


def test_control_by_contract_makes_a_minority_holding_linked():
    assert relation_kind(related("X", 10, relation=Relation.CONTROL)) is RelationKind.LINKED


def test_a_listed_investor_below_majority_is_not_a_partner():
    """Annex Art. 3(2): e.g. a small autonomous local authority."""
    assert relation_kind(related("X", 30, listed_investor=True)) is RelationKind.INVESTOR
    assert relation_kind(related("X", 60, listed_investor=True)) is RelationKind.LINKED


def test_a_municipal_sister_is_its_own_kind():
    kind = relation_kind(related("X", 0, relation=Relation.MUNICIPAL_SISTER))
    assert kind is RelationKind.MUNICIPAL_SISTER
