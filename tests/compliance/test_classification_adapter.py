"""facts_from_organization reads any object shaped like the platform's Organization."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from bollwerk.models import Organization
from compliance.classification import (
    Activity,
    Category,
    EntityType,
    LegalForm,
    Route,
    classify,
    facts_from_organization,
)


def org(**kwargs):
    defaults = {
        "name": "Stadtwerke Musterstadt",
        "sectors": ["drinking_water"],
        "employees": 120,
        "turnover_eur": Decimal("30000000.00"),
        "balance_sheet_eur": Decimal("45000000.00"),
        "legal_form": "gmbh",
        "public_ownership_share": Decimal("100.00"),
        "federal_state": "Hessen",
        "kritis": False,
    }
    return SimpleNamespace(**{**defaults, **kwargs})


def test_it_reads_the_figures_and_facts_of_an_organization_like_object():
    facts = facts_from_organization(org())
    assert facts.name == "Stadtwerke Musterstadt"
    assert facts.legal_form is LegalForm.GMBH
    assert facts.figures.employees == Decimal(120)
    assert facts.public_ownership_share == Decimal(100)
    assert facts.activities == (Activity(EntityType.DRINKING_WATER),)
    assert classify(facts).category is Category.IMPORTANT


def test_it_works_with_the_real_organization_model_without_saving_it():
    real = Organization(
        name="SW Real",
        slug="sw-real",
        sectors=["wastewater", "telecom"],
        employees=300,
        legal_form="eigenbetrieb",
        kritis=True,
        federal_state="Bayern",
    )
    facts = facts_from_organization(real)
    assert facts.kritis_designated is True
    assert facts.legal_form.legally_dependent
    result = classify(facts)
    assert result.category is Category.ESSENTIAL and result.cer_critical


def test_coarse_sectors_become_assumptions_printed_in_the_reasoning():
    result = classify(facts_from_organization(org(sectors=["electricity", "telecom"])))
    assumptions = [s for s in result.steps if s.code == "ASSUMPTION"]
    assert [s.facts["assumption"] for s in assumptions] == ["SECTOR_ELECTRICITY", "SECTOR_TELECOM"]
    assert result.routes == (Route.ENWG, Route.TELECOM)


def test_explicit_activities_replace_the_sector_mapping():
    facts = facts_from_organization(
        org(sectors=["electricity"]), activities=[Activity(EntityType.ELECTRICITY_SUPPLY)]
    )
    assert facts.assumptions == ()
    assert classify(facts).routes == (Route.BSIG,)


def test_sector_values_may_be_entity_type_ids():
    facts = facts_from_organization(org(sectors=["gas_storage"]))
    assert facts.activities == (Activity(EntityType.GAS_STORAGE),)


def test_overrides_set_further_facts_and_reject_unknown_names():
    facts = facts_from_organization(org(), critical_installation=True)
    assert facts.critical_installation is True
    with pytest.raises(TypeError):
        facts_from_organization(org(), no_such_fact=True)


@pytest.mark.parametrize(("field", "value"), [("sectors", ["shipping"]), ("legal_form", "kg")])
def test_unknown_values_are_errors_naming_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        facts_from_organization(org(**{field: value}))


def test_missing_values_stay_unknown():
    facts = facts_from_organization(org(employees=None, turnover_eur=None, legal_form=""))
    assert facts.figures.employees is None
    assert facts.legal_form is LegalForm.UNKNOWN
    assert classify(facts).complete is False
