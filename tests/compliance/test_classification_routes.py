"""Reference §6 steps 7-8: duty routes, authorities, deadlines, fines and duty ids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compliance.classification import Activity, Category, EntityType, Route, classify
from tests.compliance.builders import M, make_facts

NETWORK = EntityType.ELECTRICITY_NETWORK
GENERATION = EntityType.ELECTRICITY_GENERATION
WATER = EntityType.DRINKING_WATER


def codes(items) -> list[str]:
    return [i.code for i in items]


def test_a_small_network_operator_is_outside_bsig_but_on_the_enwg_route():
    """EnWG §5c(1): every energy-supply network operator, regardless of NIS2 size."""
    result = classify(make_facts(NETWORK, employees=20))
    assert result.category is Category.OUT_OF_SCOPE
    assert result.route is Route.ENWG
    assert result.applicability == frozenset({"enwg"})
    assert {"ENWG-5C", "SCOPE-REG", "NIS2-23", "BSIG-31"} <= set(result.duty_ids)
    assert "CER-12" not in result.duty_ids
    deadline = next(d for d in result.deadlines if d.code == "ENWG_REGISTRATION")
    assert deadline.due == dt.date(2026, 3, 6)  # EnWG §5d(4)
    assert codes(result.authorities) == ["BSI", "MELDESTELLE", "BNETZA"]


def test_a_large_network_operator_is_essential_on_the_enwg_route_with_the_catalogue_question():
    result = classify(make_facts(NETWORK, employees=300))
    assert (result.category, result.route) == (Category.ESSENTIAL, Route.ENWG)
    assert result.applicability == frozenset({"be", "enwg"})
    assert "ENWG_CATALOGUE" in codes(result.open_questions)
    assert "REGISTRATION" in codes(result.deadlines)


def test_an_energy_installation_of_a_nis2_entity_takes_the_enwg_route():
    result = classify(make_facts(GENERATION, employees=80))
    assert (result.category, result.route) == (Category.IMPORTANT, Route.ENWG)
    assert "ROUTE_ENWG_INSTALLATION" in result.step_codes()


def test_an_energy_installation_of_a_small_entity_has_no_route():
    """EnWG §5c(1) catches installations only of NIS2-qualifying operators."""
    result = classify(make_facts(GENERATION, employees=20))
    assert (result.category, result.route) == (Category.OUT_OF_SCOPE, Route.NONE)
    assert "ROUTE_ENWG_INSTALLATION_OUT" in result.step_codes()


def test_an_energy_installation_run_as_a_side_activity_takes_the_bsig_route():
    """BSIG §28(5) S. 2-4: energy installation only a side activity → BSIG route."""
    result = classify(make_facts(Activity(GENERATION, side_activity=True), WATER, employees=80))
    assert result.routes == (Route.BSIG,)
    assert "ROUTE_ENWG_SIDE" in result.step_codes()


def test_pure_energy_supply_is_on_the_bsig_route_as_an_interpretation():
    result = classify(make_facts(EntityType.ELECTRICITY_SUPPLY, employees=300))
    assert result.routes == (Route.BSIG,)
    step = next(s for s in result.steps if s.code == "ROUTE_SUPPLY")
    assert "interpretation" in step.rule


def test_a_network_operator_with_water_has_several_routes():
    result = classify(make_facts(NETWORK, WATER, employees=300))
    assert result.route is Route.SEVERAL
    assert result.routes == (Route.ENWG, Route.BSIG)


def test_telecom_goes_the_tkg_route_with_the_unconfirmed_sections_question():
    """BSIG §28(5) Nr. 1; reference §7: TKG sections unconfirmed."""
    result = classify(make_facts(EntityType.PUBLIC_ECOMMS, employees=5))
    assert result.routes == (Route.TELECOM,)
    assert "TKG_SECTIONS" in codes(result.open_questions)
    bnetza = next(a for a in result.authorities if a.code == "BNETZA")
    assert "TKG" in bnetza.role_en


def test_a_stadtwerk_with_fibre_and_water_has_the_telecom_and_bsig_routes():
    result = classify(make_facts(EntityType.PUBLIC_ECOMMS, WATER, employees=120))
    assert (result.route, set(result.routes)) == (Route.SEVERAL, {Route.TELECOM, Route.BSIG})


def test_a_kritis_water_utility_gets_bbk_the_land_authority_and_the_3_yearly_evidence():
    """Reference §6 step 7-8: §31/§39 for KRITIS on the BSIG route; BBK and Land for water."""
    result = classify(
        make_facts(WATER, employees=300, kritis_designated=True, federal_state="Niedersachsen")
    )
    assert codes(result.authorities) == ["BSI", "MELDESTELLE", "BBK", "LAND"]
    land = next(a for a in result.authorities if a.code == "LAND")
    assert "Niedersachsen" in land.name_de
    assert "KRITIS_EXTRA_DUTIES" in result.step_codes()
    assert "KRITIS_EVIDENCE" in codes(result.deadlines)


def test_a_kritis_energy_operator_is_supervised_by_bnetza_for_resilience_without_a_land_authority():
    result = classify(make_facts(NETWORK, employees=300, kritis_designated=True))
    bnetza = next(a for a in result.authorities if a.code == "BNETZA")
    assert "§5f" in bnetza.role_en
    assert "LAND" not in codes(result.authorities)
    assert "KRITIS_EXTRA_DUTIES" not in result.step_codes()  # §28(5): EnWG route instead


def test_registration_is_due_3_months_after_qualifying_with_month_end_clamping():
    """BSIG §33(1): 3 months; 30 Nov → 28 Feb."""
    result = classify(make_facts(WATER, employees=60, in_scope_since=dt.date(2026, 11, 30)))
    assert next(d for d in result.deadlines if d.code == "REGISTRATION").due == dt.date(2027, 2, 28)


def test_entities_in_scope_since_the_law_entered_into_force_had_to_register_by_6_march_2026():
    """Reference §4.6: in force 6 Dec 2025 → deadline 6 Mar 2026."""
    result = classify(make_facts(WATER, employees=60))
    assert next(d for d in result.deadlines if d.code == "REGISTRATION").due == dt.date(2026, 3, 6)


def test_kritis_dachg_deadlines_run_9_and_10_months_from_registration():
    """KRITIS-DachG §8(7): §12 after 9 months, §§13, 18, 20 after 10 months."""
    facts = make_facts(
        WATER, employees=8, kritis_designated=True, kritis_registered_on=dt.date(2026, 8, 31)
    )
    due = {d.code: d.due for d in classify(facts).deadlines}
    assert due["KRITIS_RISK_ASSESSMENT"] == dt.date(2027, 5, 31)
    assert due["KRITIS_MEASURES"] == dt.date(2027, 6, 30)
    assert due["KRITIS_REGISTRATION"] is None


def test_out_of_scope_entities_still_get_the_re_evaluation_trigger():
    result = classify(make_facts(WATER, employees=10))
    assert codes(result.deadlines) == ["REEVALUATE"]
    assert result.fines == ()


@pytest.mark.parametrize(
    ("employees", "group_turnover", "expected"),
    [
        (300, None, Decimal(10_000_000)),
        (300, 500 * M, Decimal(10_000_000)),  # exactly €500 m is not above
        (300, 600 * M, Decimal(12_000_000)),  # 2 %
        (60, None, Decimal(7_000_000)),
        (60, 600 * M, Decimal(8_400_000)),  # 1.4 %
    ],
)
def test_fine_ceilings_use_percentages_only_above_500_million_group_turnover(
    employees, group_turnover, expected
):
    """BSIG §65(6)-(7) (reference §0.7)."""
    facts = make_facts(WATER, employees=employees, group_turnover_eur=group_turnover)
    fine = next(f for f in classify(facts).fines if f.code == "MEASURES_REPORTING")
    assert fine.max_eur == expected


def test_kritis_operators_also_face_kritis_dachg_fines():
    fines = {f.code: f.max_eur for f in classify(make_facts(kritis_designated=True)).fines}
    assert fines == {
        "MEASURES_REPORTING": Decimal(10_000_000),
        "REGISTRATION": Decimal(500_000),
        "KRITIS_DACHG": Decimal(1_000_000),
    }


def test_essential_and_important_entities_get_the_same_ten_measures():
    essential = set(classify(make_facts(WATER, employees=300)).duty_ids)
    important = set(classify(make_facts(WATER, employees=60)).duty_ids)
    assert essential == important
    assert {f"NIS2-21-2-{x}" for x in "abcdefghij"} <= essential
    assert "ENWG-5C" not in essential


def test_a_water_utility_in_scope_gets_the_b3s_question():
    assert "B3S_WA" in codes(classify(make_facts(WATER, employees=60)).open_questions)


def test_a_custom_catalogue_decides_the_duty_ids():
    from compliance.catalogue import catalogue_load

    result = classify(make_facts(WATER, employees=60), catalogue=catalogue_load())
    assert result.catalogue_version == "2026.1"


def test_a_municipal_it_provider_excluded_under_28_8_gets_no_telecom_route():
    """BSIG §28(8): the excluded unit is no entity, so no duty route follows."""
    from compliance.classification import LegalForm

    facts = make_facts(
        EntityType.PUBLIC_ECOMMS,
        EntityType.MANAGED_SERVICE_PROVIDER,
        employees=300,
        legal_form=LegalForm.EIGENBETRIEB,
        municipal_it_exclusion=True,
    )
    result = classify(facts)
    assert (result.category, result.route, result.duty_ids) == (
        Category.OUT_OF_SCOPE,
        Route.NONE,
        (),
    )
