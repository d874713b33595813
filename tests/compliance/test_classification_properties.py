"""Monotonicity properties of the classification (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.classification import (
    Activity,
    Category,
    EntityFacts,
    EntityType,
    LegalForm,
    RelatedEnterprise,
    SizeFigures,
    classify,
)

money = st.integers(min_value=0, max_value=200_000_000).map(Decimal)
staff = st.integers(min_value=0, max_value=1_000).map(Decimal)
sizes = st.builds(SizeFigures, staff, money, money)
activities = st.lists(
    st.builds(
        Activity,
        st.sampled_from(list(EntityType)),
        offered_for_payment=st.booleans(),
        side_activity=st.booleans(),
    ),
    max_size=3,
)
relateds = st.lists(
    st.builds(
        RelatedEnterprise,
        st.just("R"),
        sizes,
        share_percent=st.integers(min_value=0, max_value=100).map(Decimal),
    ),
    max_size=2,
)
facts_strategy = st.builds(
    EntityFacts,
    name=st.just("SW"),
    legal_form=st.sampled_from([LegalForm.GMBH, LegalForm.EIGENBETRIEB, LegalForm.AOER]),
    activities=activities.map(tuple),
    figures=sizes,
    related=relateds.map(tuple),
    public_ownership_share=st.none() | st.integers(min_value=0, max_value=100).map(Decimal),
    kritis_designated=st.booleans(),
)
PROPERTY = settings(max_examples=150, deadline=None)


def bump(figures: SizeFigures, field: str, extra: Decimal) -> SizeFigures:
    return replace(figures, **{field: getattr(figures, field) + extra})


@PROPERTY
@given(facts_strategy, st.integers(min_value=1, max_value=500).map(Decimal))
def test_more_staff_never_lowers_the_category(facts, extra):
    more = replace(facts, figures=bump(facts.figures, "employees", extra))
    assert classify(more).category >= classify(facts).category


@PROPERTY
@given(facts_strategy, money, st.sampled_from(["turnover_eur", "balance_sheet_eur"]))
def test_more_turnover_or_balance_sheet_never_lowers_the_category(facts, extra, field):
    more = replace(facts, figures=bump(facts.figures, field, extra))
    assert classify(more).category >= classify(facts).category


@PROPERTY
@given(facts_strategy, sizes, st.integers(min_value=0, max_value=100).map(Decimal))
def test_adding_a_related_enterprise_never_lowers_the_category(facts, figures, share):
    more = replace(facts, related=(*facts.related, RelatedEnterprise("New", figures, share)))
    assert classify(more).category >= classify(facts).category


@PROPERTY
@given(facts_strategy, st.sampled_from(list(EntityType)))
def test_adding_an_activity_never_lowers_the_category(facts, etype):
    more = replace(facts, activities=(*facts.activities, Activity(etype)))
    assert classify(more).category >= classify(facts).category


@PROPERTY
@given(facts_strategy)
def test_a_kritis_designation_always_means_essential_and_cer_critical(facts):
    result = classify(replace(facts, kritis_designated=True))
    assert result.category is Category.ESSENTIAL
    assert result.cer_critical


@PROPERTY
@given(facts_strategy, st.none() | st.integers(min_value=0, max_value=100).map(Decimal))
def test_the_public_ownership_share_never_changes_the_category(facts, share):
    """NIS2 Art. 2(1), BSIG §28(4): Annex Art. 3(4) is switched off."""
    assert classify(replace(facts, public_ownership_share=share)).category is (
        classify(facts).category
    )


@PROPERTY
@given(sizes)
def test_waste_management_alone_is_never_essential_without_kritis(figures):
    facts = EntityFacts("SW", LegalForm.GMBH, (Activity(EntityType.WASTE_MANAGEMENT),), figures)
    assert classify(facts).category is not Category.ESSENTIAL


@PROPERTY
@given(sizes)
def test_a_public_telecom_provider_is_always_in_scope(figures):
    facts = EntityFacts("SW", LegalForm.GMBH, (Activity(EntityType.PUBLIC_ECOMMS),), figures)
    assert classify(facts).category is not Category.OUT_OF_SCOPE


@PROPERTY
@given(facts_strategy)
def test_duties_match_the_applicability_and_every_question_has_two_outcomes(facts):
    result = classify(facts)
    assert bool(result.duty_ids) == bool(result.applicability)
    in_scope = bool({"be", "we"} & result.applicability)
    assert (result.category is not Category.OUT_OF_SCOPE) == in_scope
    for question in result.open_questions:
        assert len(question.outcomes) >= 2
        assert 0 <= question.assumed < len(question.outcomes)
