"""Reference §6 steps 1-3, 5 and 6: unit, activities, size-independent types, KRITIS, category."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from compliance.classification import (
    Activity,
    Category,
    EntityType,
    LegalForm,
    Route,
    SizeFigures,
    classify,
)
from tests.compliance.builders import M, make_facts

WATER = EntityType.DRINKING_WATER
WASTE = EntityType.WASTE_MANAGEMENT


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (49, Category.OUT_OF_SCOPE),
        (50, Category.IMPORTANT),
        (249, Category.IMPORTANT),
        (250, Category.ESSENTIAL),
    ],
)
def test_an_annex_1_water_utility_is_classed_by_staff_at_50_and_250(employees, expected):
    """§6 step 6: Anlage 1 and ≥ 250 → besonders wichtig; ≥ 50 → wichtig; else not in scope."""
    assert classify(make_facts(WATER, employees=employees)).category is expected


@pytest.mark.parametrize(
    ("turnover", "balance", "expected"),
    [
        (10 * M, 10 * M, Category.OUT_OF_SCOPE),
        (10 * M + 1, 10 * M + 1, Category.IMPORTANT),
        (50 * M, 44 * M, Category.IMPORTANT),
        (50 * M + 1, 43 * M + 1, Category.ESSENTIAL),
        (80 * M, 9 * M, Category.OUT_OF_SCOPE),
    ],
)
def test_an_annex_1_utility_with_few_staff_is_classed_by_turnover_and_balance(
    turnover, balance, expected
):
    """BSIG §28(1) Nr. 4, (2) Nr. 3: turnover AND balance sheet must both exceed the limits."""
    facts = make_facts(WATER, employees=20, turnover=turnover, balance=balance)
    assert classify(facts).category is expected


@pytest.mark.parametrize(
    ("employees", "expected"),
    [(49, Category.OUT_OF_SCOPE), (50, Category.IMPORTANT), (5000, Category.IMPORTANT)],
)
def test_waste_management_is_at_most_important_however_large(employees, expected):
    """Reference table 1.5: waste management (Anlage 2) → important entity only."""
    assert classify(make_facts(WASTE, employees=employees)).category is expected


def test_waste_management_that_is_not_the_principal_activity_drops_out():
    """NIS2 Annex II.2 exclusion: not the principal economic activity."""
    result = classify(make_facts(Activity(WASTE, annex_exclusion=True), employees=400))
    assert result.category is Category.OUT_OF_SCOPE
    assert "ACTIVITY_EXCLUDED" in result.step_codes()
    assert "NO_ACTIVITY" in result.step_codes()


@pytest.mark.parametrize("etype", [EntityType.DRINKING_WATER, EntityType.WASTEWATER])
def test_water_that_is_non_essential_to_the_business_drops_out(etype):
    result = classify(make_facts(Activity(etype, annex_exclusion=True), employees=400))
    assert result.category is Category.OUT_OF_SCOPE
    step = next(s for s in result.steps if s.code == "ACTIVITY_EXCLUDED")
    assert "Annex I" in step.rule and step.facts["annex_exclusion"] is True


def test_claiming_an_exclusion_the_annex_does_not_know_is_an_error():
    with pytest.raises(ValueError, match=r"activities\[0\].annex_exclusion"):
        classify(make_facts(Activity(EntityType.ELECTRICITY_NETWORK, annex_exclusion=True)))


def test_a_negligible_activity_with_reasons_is_disregarded():
    """BSIG §28(3): negligible activities may be ignored; the reasoning is stored."""
    activity = Activity(WATER, negligible=True, negligible_reason="0.3 % of turnover")
    result = classify(make_facts(activity, EntityType.DISTRICT_HEATING, employees=300))
    step = next(s for s in result.steps if s.code == "ACTIVITY_NEGLIGIBLE")
    assert "0.3 % of turnover" in step.text_en and "0.3 % of turnover" in step.text_de
    assert "B3S_WA" not in [q.code for q in result.open_questions]


def test_a_negligible_claim_without_reasons_is_not_accepted():
    result = classify(make_facts(Activity(WATER, negligible=True), employees=60))
    assert "ACTIVITY_NEGLIGIBLE_UNSUPPORTED" in result.step_codes()
    assert result.category is Category.IMPORTANT


def test_an_in_house_unit_is_not_caught_by_the_size_based_numbers():
    """BSIG §28(1) Nr. 4 and (2) Nr. 3 require goods or services offered for payment."""
    result = classify(make_facts(Activity(WATER, offered_for_payment=False), employees=400))
    assert result.category is Category.OUT_OF_SCOPE
    assert "ACTIVITY_IN_HOUSE" in result.step_codes()


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "expected"),
    [
        (1, 0, 0, Category.IMPORTANT),
        (49, 10 * M, 10 * M, Category.IMPORTANT),
        (50, 0, 0, Category.ESSENTIAL),
        (10, 10 * M + 1, 10 * M + 1, Category.ESSENTIAL),
    ],
)
def test_a_public_telecom_provider_is_in_scope_at_any_size(employees, turnover, balance, expected):
    """§6 step 3(a): fibre/ISP → besonders wichtig from medium size, otherwise wichtig."""
    facts = make_facts(
        EntityType.PUBLIC_ECOMMS, employees=employees, turnover=turnover, balance=balance
    )
    result = classify(facts)
    assert result.category is expected
    assert "TELECOM_ANY_SIZE" in result.step_codes()


@pytest.mark.parametrize("etype", [EntityType.QUALIFIED_TRUST_SERVICE, EntityType.DNS_TLD])
def test_qualified_trust_services_tld_and_dns_are_essential_at_any_size(etype):
    """§6 step 3(b); BSIG §28(1) Nr. 2."""
    assert classify(make_facts(etype, employees=2)).category is Category.ESSENTIAL


def test_a_non_qualified_trust_service_is_important_at_any_size_and_essential_when_large():
    small = classify(make_facts(EntityType.TRUST_SERVICE, employees=2))
    large = classify(make_facts(EntityType.TRUST_SERVICE, employees=300))
    in_house = classify(
        make_facts(Activity(EntityType.TRUST_SERVICE, offered_for_payment=False), employees=300)
    )
    assert (small.category, large.category, in_house.category) == (
        Category.IMPORTANT,
        Category.ESSENTIAL,
        Category.IMPORTANT,
    )


def test_a_kritis_designation_makes_even_a_tiny_utility_essential():
    """§6 step 5; NIS2 Art. 3(1)(f): every CER critical entity is essential."""
    result = classify(make_facts(WATER, employees=8, kritis_designated=True))
    assert result.category is Category.ESSENTIAL
    assert result.cer_critical is True
    assert {"CER-12", "CER-15", "BSIG-31"} <= set(result.duty_ids)
    assert "KRITIS_DESIGNATED" in result.step_codes()


def test_a_kritis_threshold_without_designation_raises_the_ordinance_question():
    """Reference §7: the KRITIS-DachG ordinance (§4(3)/§5(1)) was not found."""
    result = classify(make_facts(WATER, employees=8, critical_installation=True))
    assert result.category is Category.ESSENTIAL
    question = next(q for q in result.open_questions if q.code == "KRITIS_DACHG_ORDINANCE")
    assert len(question.outcomes) == 2 and question.assumed == 0
    assert result.cer_critical is True


def test_kritis_designation_alone_without_any_annex_type_still_gives_the_bsig_route():
    result = classify(make_facts(kritis_designated=True))
    assert result.category is Category.ESSENTIAL
    assert result.routes == (Route.BSIG,)
    assert "NO_ACTIVITY" in result.step_codes()


def test_without_any_entity_type_or_kritis_nothing_applies():
    result = classify(make_facts(employees=900, turnover=500 * M, balance=500 * M))
    assert result.category is Category.OUT_OF_SCOPE
    assert result.route is Route.NONE
    assert result.duty_ids == ()
    assert {"NO_ACTIVITY", "KRITIS_NONE", "CAVEAT_SMALL_DESIGNATION", "ROUTE_NONE"} <= set(
        result.step_codes()
    )


def test_local_public_transport_under_pbefg_is_no_entity_type_and_asks_about_the_oespv_threshold():
    """Reference table 1.5: bus/tram under PBefG not listed; §7: ÖSPV threshold open."""
    result = classify(make_facts(EntityType.LOCAL_PUBLIC_TRANSPORT, employees=600))
    assert result.category is Category.OUT_OF_SCOPE
    assert "ACTIVITY_NOT_ANNEX" in result.step_codes()
    assert "OESPV_THRESHOLD" in [q.code for q in result.open_questions]


def test_municipal_core_administration_gets_the_land_law_caveat():
    result = classify(make_facts(EntityType.MUNICIPAL_ADMINISTRATION, employees=600))
    assert result.category is Category.OUT_OF_SCOPE
    assert "CAVEAT_MUNICIPAL_ADMIN" in result.step_codes()


@pytest.mark.parametrize(
    ("legal_form", "share", "applies"),
    [
        (LegalForm.EIGENBETRIEB, None, True),
        (LegalForm.REGIEBETRIEB, None, True),
        (LegalForm.GMBH, Decimal(100), True),
        (LegalForm.GMBH, Decimal(60), False),
    ],
)
def test_the_municipal_it_exclusion_needs_a_dependent_unit_or_sole_public_ownership(
    legal_form, share, applies
):
    """BSIG §28(8)."""
    facts = make_facts(
        EntityType.MANAGED_SERVICE_PROVIDER,
        employees=300,
        legal_form=legal_form,
        public_ownership_share=share,
        municipal_it_exclusion=True,
    )
    result = classify(facts)
    assert (result.category is Category.OUT_OF_SCOPE) is applies
    assert ("EXCLUSION_28_8" in result.step_codes()) is applies
    assert ("EXCLUSION_28_8_REJECTED" in result.step_codes()) is not applies


def test_missing_figures_make_the_result_incomplete_but_still_computed():
    facts = replace(make_facts(WATER), figures=SizeFigures(employees=Decimal(60)))
    result = classify(facts)
    assert result.complete is False
    assert result.category is Category.IMPORTANT
    step = next(s for s in result.steps if s.code == "FIGURES_MISSING")
    assert step.facts["missing"] == ["turnover_eur", "balance_sheet_eur"]


def test_every_step_has_german_english_and_a_rule():
    facts = make_facts(
        WATER,
        EntityType.ELECTRICITY_NETWORK,
        EntityType.PUBLIC_ECOMMS,
        employees=120,
        kritis_designated=True,
        federal_state="Hessen",
    )
    for step in classify(facts).steps:
        assert step.text_de and step.text_en and step.rule
        assert step.text_de != step.text_en


def test_the_reasoning_follows_the_order_of_the_procedure():
    codes = classify(make_facts(WATER, employees=300)).step_codes()
    order = [
        "UNIT_ENTITY",
        "ACTIVITY_COUNTS",
        "PUBLIC_OWNERSHIP_IGNORED",
        "SIZE_CLASS",
        "KRITIS_NONE",
        "CATEGORY",
        "ROUTE_BSIG",
        "DUTIES",
    ]
    assert [codes.index(c) for c in order] == sorted(codes.index(c) for c in order)


def test_as_dict_gives_the_classify_entity_json_keys():
    data = classify(make_facts(WATER, employees=300)).as_dict()
    assert data["nis2"] == "essential"
    assert data["cer_critical"] is False
    assert data["reasons"][0]["code"] == "UNIT_ENTITY"
    assert classify(make_facts(WATER, employees=60)).as_dict("de")["category"] == (
        "wichtige Einrichtung"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"public_ownership_share": Decimal(101)}, "public_ownership_share"),
        ({"figures": SizeFigures(employees=Decimal(-1))}, "figures.employees"),
    ],
)
def test_contradictory_facts_are_rejected_naming_the_field(change, field):
    with pytest.raises(ValueError, match=field):
        classify(replace(make_facts(WATER), **change))


def test_a_related_share_above_100_percent_is_rejected():
    from tests.compliance.builders import related

    with pytest.raises(ValueError, match=r"related\[0\].share_percent"):
        classify(make_facts(WATER, related=(related("X", 120),)))


def test_an_unknown_entity_type_is_rejected_with_the_known_ids():
    from compliance.classification import entity_type_info

    with pytest.raises(ValueError, match="known: electricity_network"):
        entity_type_info("shipping")
