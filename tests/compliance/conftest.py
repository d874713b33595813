"""Fixtures of the compliance DB tests: the catalogue as plain JSON, demo-like organizations."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from compliance.catalogue import catalogue_files

#: The documented legal weights (compliance/scoring.py docstring), restated independently.
WEIGHT = {"statutory": 3, "derived": 2, "recommended": 1}


@pytest.fixture(scope="session")
def catalogue_json() -> dict:
    """The shipped catalogue file, read as plain JSON (not through the app's code)."""
    return json.loads(catalogue_files()[-1].read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def control_rows(catalogue_json) -> dict[str, dict]:
    """control id → {"weight", "signal", "duty", "measure"} from the JSON file."""
    rows = {}
    for duty in catalogue_json["duties"]:
        for control in duty["controls"]:
            rows[control["id"]] = {
                "weight": WEIGHT[control["legal_weight"]],
                "signal": control.get("signal"),
                "duty": duty["id"],
                "measure": duty.get("measure"),
            }
    return rows


@pytest.fixture
def utility(org):
    """``org`` with the demo utility's facts (essential entity, BSIG + EnWG + telecom)."""
    org.sectors = ["electricity", "drinking_water", "wastewater", "telecom"]
    org.employees = 240
    org.turnover_eur = Decimal("78000000")
    org.balance_sheet_eur = Decimal("112000000")
    org.legal_form = "gmbh"
    org.public_ownership_share = Decimal("100")
    org.save()
    return org
