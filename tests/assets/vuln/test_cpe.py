"""CPE 2.3 formatted strings, 2.2 URIs and NISTIR 7696 name matching."""

from __future__ import annotations

import pytest

from assets.vuln.cpe import Relation, compare_names, cpe_name_match, parse_cpe
from assets.vuln.errors import VersionSyntaxError


def test_a_22_uri_unbinds_to_the_same_name_as_its_23_string() -> None:
    assert parse_cpe("cpe:/a:redhat:rhel_aus:8.6::appstream") == parse_cpe(
        "cpe:2.3:a:redhat:rhel_aus:8.6:*:appstream:*:*:*:*:*"
    )


def test_a_packed_22_edition_fills_the_extended_attributes() -> None:
    name = parse_cpe("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~")
    assert (
        name.sw_edition.text == "online"
        and name.target_sw.text == "win2003"
        and name.target_hw.text == "x64"
    )
    assert name.edition.kind == "any"


def test_escaped_characters_are_literal() -> None:
    name = parse_cpe(r"cpe:2.3:a:foo\:bar:baz\*:1.0:*:*:*:*:*:*:*")
    assert (
        name.vendor.text == "foo:bar"
        and name.product.text == "baz*"
        and not name.product.has_wildcards
    )


@pytest.mark.parametrize(
    ("source", "target", "relation"),
    [
        (
            "cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
            Relation.SUPERSET,
        ),
        (
            "cpe:2.3:a:microsoft:internet_explorer:8.?:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*",
            Relation.DISJOINT,
        ),
        (
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*",
            Relation.SUBSET,
        ),
        (
            "cpe:2.3:a:Microsoft:IE:8:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:ie:8:*:*:*:*:*:*:*",
            Relation.EQUAL,
        ),
        ("cpe:2.3:a:x:y:-:*:*:*:*:*:*:*", "cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*", Relation.DISJOINT),
        ("cpe:2.3:a:x:y:*:*:*:*:*:*:*:*", "cpe:2.3:a:x:y:-:*:*:*:*:*:*:*", Relation.SUPERSET),
        ("cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*", "cpe:2.3:a:x:y:1.*:*:*:*:*:*:*:*", Relation.UNDEFINED),
    ],
)
def test_names_compare_per_nistir_7696(source: str, target: str, relation: Relation) -> None:
    assert compare_names(parse_cpe(source), parse_cpe(target)) is relation


def test_name_match_means_superset_or_equal() -> None:
    pattern = parse_cpe("cpe:2.3:o:redhat:enterprise_linux:3:*:as:*:*:*:*:*")
    assert cpe_name_match(pattern, parse_cpe("cpe:/o:redhat:enterprise_linux:3::as"))
    assert not cpe_name_match(pattern, parse_cpe("cpe:/o:redhat:enterprise_linux:3::es"))


@pytest.mark.parametrize(
    "text",
    [
        "cpe:2.3:a:x:y",
        "cpe:2.3:x:v:p:*:*:*:*:*:*:*:*",
        "cpe:2.3:a:v:p*q:*:*:*:*:*:*:*:*",
        "pkg:npm/x",
        "cpe:/a:1:2:3:4:5:6:7:8",
    ],
)
def test_it_refuses_malformed_names(text: str) -> None:
    with pytest.raises(VersionSyntaxError):
        parse_cpe(text)


def test_it_writes_the_formatted_string_back() -> None:
    assert (
        str(parse_cpe("cpe:/a:redhat:rhel_aus:8.6::appstream"))
        == "cpe:2.3:a:redhat:rhel_aus:8.6:*:appstream:*:*:*:*:*"
    )
