"""Reference §6 step 4 and §1.3: own figures, public ownership, partners, linked enterprises."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance.classification import Category, EntityType, LegalForm, Relation, classify
from tests.compliance.builders import M, figures, make_facts, related

WATER = EntityType.DRINKING_WATER


def test_public_ownership_never_makes_a_small_stadtwerk_large():
    """NIS2 Art. 2(1) and BSIG §28(4) switch off Annex Art. 3(4) (reference §0.1)."""
    result = classify(make_facts(WATER, employees=40, public_ownership_share=Decimal(100)))
    assert result.category is Category.OUT_OF_SCOPE
    step = next(s for s in result.steps if s.code == "PUBLIC_OWNERSHIP_IGNORED")
    assert "switched off" in step.text_en and "Art. 3(4)" in step.text_de
    assert step.facts["public_ownership_share"] == "100"


def test_the_public_ownership_step_is_shown_even_when_the_share_is_unknown():
    result = classify(make_facts(WATER, employees=60))
    step = next(s for s in result.steps if s.code == "PUBLIC_OWNERSHIP_IGNORED")
    assert "not recorded" in step.text_en


def test_a_linked_holding_pushes_a_small_utility_over_the_medium_threshold():
    """Linked enterprises are added at 100 % (Annex Art. 6(2)); 40 + 20 staff = 60 ≥ 50."""
    facts = make_facts(WATER, employees=40, related=(related("Stadtwerke Holding GmbH", 100, 20),))
    result = classify(facts)
    assert result.category is Category.IMPORTANT
    assert "RELATED_LINKED" in result.step_codes()
    aggregated = next(s for s in result.steps if s.code == "FIGURES_AGGREGATED")
    assert aggregated.facts["employees"] == "60"


def test_linked_money_figures_can_make_a_utility_large():
    group = related("Holding", 51, 100, 45 * M, 40 * M)
    facts = make_facts(WATER, employees=100, turnover=6 * M, balance=4 * M, related=(group,))
    assert classify(facts).category is Category.ESSENTIAL


@pytest.mark.parametrize(
    ("share", "expected_staff", "expected"),
    [
        ("24.99", "40", Category.OUT_OF_SCOPE),
        ("25", "45", Category.OUT_OF_SCOPE),
        ("50", "50", Category.IMPORTANT),
        ("50.01", "60", Category.IMPORTANT),
    ],
)
def test_partner_figures_are_added_pro_rata_and_linked_in_full(share, expected_staff, expected):
    """Partner (25-50 %) pro rata; linked (> 50 %) at 100 %; below 25 % autonomous."""
    facts = make_facts(WATER, employees=40, related=(related("Regionalversorger", share, 20),))
    result = classify(facts)
    assert result.category is expected
    aggregated = next(s for s in result.steps if s.code == "FIGURES_AGGREGATED")
    assert Decimal(aggregated.facts["employees"]) == Decimal(expected_staff)


def test_a_listed_investor_is_not_added():
    facts = make_facts(
        WATER, employees=40, related=(related("Gemeinde", 30, 900, listed_investor=True),)
    )
    result = classify(facts)
    assert result.category is Category.OUT_OF_SCOPE
    assert "RELATED_INVESTOR" in result.step_codes()


def test_documented_it_independence_keeps_the_own_figures():
    """BSIG §28(4) S. 2: no aggregation when IT is designed and operated independently."""
    facts = make_facts(
        WATER,
        employees=40,
        related=(related("Holding", 100, 500),),
        it_independent=True,
        it_independence_justification="own network, own data centre, own admins",
    )
    result = classify(facts)
    assert result.category is Category.OUT_OF_SCOPE
    assert "IT_INDEPENDENT" in result.step_codes()
    assert "RELATED_LINKED" not in result.step_codes()


def test_it_independence_without_justification_is_not_accepted():
    """Reference §6 step 4(d): default = not independent; a justification is required."""
    facts = make_facts(
        WATER, employees=40, related=(related("Holding", 100, 500),), it_independent=True
    )
    result = classify(facts)
    assert result.category is Category.ESSENTIAL
    assert "IT_INDEPENDENCE_UNSUPPORTED" in result.step_codes()


def test_without_an_independence_claim_the_default_is_aggregation():
    facts = make_facts(WATER, employees=40, related=(related("Holding", 100, 20),))
    assert "IT_NOT_INDEPENDENT" in classify(facts).step_codes()


@pytest.mark.parametrize("form", [LegalForm.EIGENBETRIEB, LegalForm.REGIEBETRIEB])
def test_an_eigenbetrieb_uses_its_own_figures_and_ignores_the_municipal_group(form):
    """BSIG §28(4): the SME Recommendation is not applied to legally dependent units."""
    facts = make_facts(
        WATER, employees=45, legal_form=form, related=(related("Stadt Musterstadt", 100, 3000),)
    )
    result = classify(facts)
    assert result.category is Category.OUT_OF_SCOPE
    codes = result.step_codes()
    assert {"UNIT_DEPENDENT", "FIGURES_DEPENDENT", "RELATED_DISREGARDED"} <= set(codes)
    assert "PUBLIC_OWNERSHIP_IGNORED" not in codes


def test_an_eigenbetrieb_with_250_staff_is_essential():
    facts = make_facts(WATER, employees=250, legal_form=LegalForm.EIGENBETRIEB)
    assert classify(facts).category is Category.ESSENTIAL


def test_an_eigenbetrieb_counts_its_own_headcount_without_an_open_question():
    """Reference §1.3: 'their own headcount and figures are used'."""
    facts = make_facts(
        WATER, employees=45, headcount=Decimal(52), legal_form=LegalForm.EIGENBETRIEB
    )
    result = classify(facts)
    assert result.category is Category.IMPORTANT
    assert "FIGURES_DEPENDENT_HEADCOUNT" in result.step_codes()
    assert "STAFF_COUNTING" not in [q.code for q in result.open_questions]


def test_a_sister_held_directly_by_the_municipality_raises_the_open_question_with_both_results():
    """Reference §6 step 4(f): ask for a legal decision and show both results."""
    sister = related("Bäder GmbH", 0, 30, relation=Relation.MUNICIPAL_SISTER)
    result = classify(make_facts(WATER, employees=40, related=(sister,)))
    question = next(q for q in result.open_questions if q.code == "MUNICIPAL_SISTERS")
    assert [o.category for o in question.outcomes] == [Category.IMPORTANT, Category.OUT_OF_SCOPE]
    assert question.assumed == 0
    assert result.category is Category.IMPORTANT
    assert "Bäder GmbH" in question.outcomes[0].label_en


def test_the_sister_question_is_shown_even_when_both_answers_agree():
    sister = related("Bäder GmbH", 0, 5, relation=Relation.MUNICIPAL_SISTER)
    result = classify(make_facts(WATER, employees=300, related=(sister,)))
    question = next(q for q in result.open_questions if q.code == "MUNICIPAL_SISTERS")
    assert {o.category for o in question.outcomes} == {Category.ESSENTIAL}


def test_headcount_above_work_units_raises_the_staff_counting_question():
    """Reference §7: staff in annual work units is unconfirmed."""
    result = classify(make_facts(WATER, employees=45, headcount=Decimal(55)))
    question = next(q for q in result.open_questions if q.code == "STAFF_COUNTING")
    assert [o.category for o in question.outcomes] == [Category.OUT_OF_SCOPE, Category.IMPORTANT]
    assert question.assumed == 1
    assert result.category is Category.IMPORTANT


def test_headcount_that_does_not_change_the_category_raises_no_question():
    result = classify(make_facts(WATER, employees=60, headcount=Decimal(70)))
    assert "STAFF_COUNTING" not in [q.code for q in result.open_questions]


def test_growing_over_the_threshold_in_one_period_raises_the_two_periods_question():
    """Reference §1.2/§7: status changes only after two consecutive periods (unconfirmed)."""
    result = classify(make_facts(WATER, employees=60, previous_figures=figures(40)))
    question = next(q for q in result.open_questions if q.code == "TWO_PERIODS")
    assert [o.category for o in question.outcomes] == [Category.IMPORTANT, Category.OUT_OF_SCOPE]
    assert result.category is Category.IMPORTANT  # the stricter outcome


def test_shrinking_below_the_threshold_keeps_the_stricter_previous_status():
    result = classify(make_facts(WATER, employees=40, previous_figures=figures(60)))
    question = next(q for q in result.open_questions if q.code == "TWO_PERIODS")
    assert question.assumed == 1
    assert result.category is Category.IMPORTANT


def test_unchanged_class_raises_no_two_periods_question():
    result = classify(make_facts(WATER, employees=70, previous_figures=figures(60)))
    assert "TWO_PERIODS" not in [q.code for q in result.open_questions]
