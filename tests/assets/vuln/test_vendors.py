"""OT vendor aliases and product / family / model matching."""

from __future__ import annotations

import pytest

from assets.vuln.vendors import match_product, normalize_vendor


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Siemens AG", "Siemens"),
        ("Schneider Electric SE", "Schneider Electric"),
        ("Phoenix Contact GmbH & Co. KG", "Phoenix Contact"),
        ("Allen-Bradley", "Rockwell Automation"),
        ("Mitsubishi Electric Corporation", "Mitsubishi Electric"),
        ("WAGO Kontakttechnik GmbH & Co. KG", "WAGO"),
        ("Belden", "Hirschmann"),
        ("Moxa Inc.", "Moxa"),
        ("Digi International, Inc. ", "Digi"),
        ("MOBOTIX AG", "Mobotix"),
        ("Weidmüller", "Weidmueller"),
    ],
)
def test_aliases_normalize_to_one_vendor(alias: str, canonical: str) -> None:
    assert normalize_vendor(alias) == normalize_vendor(canonical)


def test_distinct_vendors_stay_distinct() -> None:
    assert normalize_vendor("Siemens Energy") != normalize_vendor("Siemens")


def product(**kwargs):
    base = {
        "vendor": "Siemens",
        "product": None,
        "family": None,
        "model_numbers": (),
        "asset_product": None,
        "asset_model": None,
    }
    return match_product(**{**base, **kwargs})


def test_a_cpu_is_in_the_family_the_advisory_names() -> None:
    found = product(
        product="SIMATIC S7-1500 CPU family (incl. related ET200 CPUs and SIPLUS variants)",
        asset_product="SIMATIC S7-1500 CPU 1516-3 PN/DP",
    )
    assert found is not None and found.kind == "family"


def test_a_product_family_branch_covers_its_members() -> None:
    found = product(family="SIMATIC S7-1500", asset_product="SIMATIC S7-1500 CPU 1516-3 PN/DP")
    assert found is not None and found.kind == "family"


def test_a_plain_product_name_is_no_family() -> None:
    assert product(product="VxWorks", asset_product="VxWorks 653") is None


def test_names_compare_without_case_parentheses_or_vendor_prefix() -> None:
    found = product(product="SIMATIC RF188C", asset_product="Siemens simatic RF188C (spare)")
    assert found is not None and found.kind == "name"


def test_a_model_number_decides_even_with_wildcards() -> None:
    found = product(
        product="SIMATIC CP 443-1 OPC UA",
        model_numbers=("6GK7443-1UX00-0X??",),
        asset_product="CP 443-1",
        asset_model="6GK7 443-1UX00-0XE0",
    )
    assert found is not None and found.kind == "model"


def test_a_different_model_number_excludes_a_same_named_variant() -> None:
    assert product(product="SIMATIC S7-1500 CPU 1518-4 PN/DP MFP (6ES7518-4AX00-1AC0)", model_numbers=("6ES7518-4AX00-1AC0",),
                   asset_product="SIMATIC S7-1500 CPU 1518-4 PN/DP MFP", asset_model="6ES7518-4AX00-1AB0") is None  # fmt: skip
