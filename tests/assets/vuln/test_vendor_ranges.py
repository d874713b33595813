"""CSAF product_version_range texts read into firmware predicates."""

from __future__ import annotations

import pytest

from assets.vuln.predicates import AllVersions, Constraints, ExactVersions, Unreadable
from assets.vuln.vendor_ranges import parse_range_text


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("All versions < V4.33", ["V4.4", "V4.32", "V4.4 SP1"], ["V4.33", "V4.33.1", "V5"]),
        ("< V3.2", ["V3.1.9", "3.1"], ["V3.2", "V3.10"]),
        ("All versions >= V2.0 < V2.9.4", ["V2.0", "V2.9.3"], ["V1.9", "V2.9.4"]),
        (">= V2.5 < V2.6.1", ["V2.5", "V2.6"], ["V2.4", "V2.6.1", "V2.10"]),
        (
            "All versions between V2.5 (including) and V2.7 (excluding)",
            ["V2.5", "V2.6.9"],
            ["V2.4", "V2.7"],
        ),
        ("V4.0 and later", ["V4.0", "V10.1"], ["V3.9"]),
        ("vers:generic/<4.33", ["4.4"], ["4.33"]),
        ("vers:generic/>=1.0|<=2.3", ["1.0", "2.3"], ["0.9", "2.4"]),
        (">=5.3|<=6.4", ["5.3", "6.4"], ["5.2", "6.5"]),
        ("<=2.x", ["2", "2.99", "1.0"], ["3.0"]),
        ("< V15.1 Upd 4", ["V15.1 Update 3", "V15.1"], ["V15.1 Update 4"]),
        ("< V14 SP1 Update 14", ["V14 SP1 Update 13", "V14"], ["V14 SP1 Update 14", "V14 SP2"]),
        ("<= 1.9-40", ["1.9-40", "1.9"], ["1.9-41"]),
        ("prior to V3.2", ["V3.1"], ["V3.2"]),
        ("V3.2 and earlier", ["V3.2"], ["V3.2.1"]),
        ("vers:npm/>=1.0.0|<2.0.0", ["1.5.0"], ["2.0.0"]),
    ],
)
def test_range_texts_put_versions_inside_and_outside(
    text: str, inside: list[str], outside: list[str]
) -> None:
    predicate = parse_range_text(text)
    assert isinstance(predicate, Constraints), predicate
    assert [predicate.contains(v) for v in inside] == [True] * len(inside)
    assert [predicate.contains(v) for v in outside] == [False] * len(outside)


@pytest.mark.parametrize("text", ["vers:all/*", "All versions", "all versions.", "vers:generic/*"])
def test_all_versions_forms(text: str) -> None:
    assert isinstance(parse_range_text(text), AllVersions)


def test_a_bare_version_is_that_version_only() -> None:
    predicate = parse_range_text("V3.2")
    assert isinstance(predicate, ExactVersions)
    assert predicate.contains("v3.2.0") is True
    assert predicate.contains("V3.2.1") is False


@pytest.mark.parametrize(
    "text",
    [">=MCE_3.x_Cert_Edition", "see vendor website", "< V23Q4", "vers:nosuchscheme/<1.0", "<"],
)
def test_unreadable_texts_say_so_and_never_decide(text: str) -> None:
    predicate = parse_range_text(text)
    assert isinstance(predicate, Unreadable)
    assert predicate.contains("1.0") is None
    assert text in predicate.why()


def test_a_version_the_asset_gives_that_is_no_version_is_undecided() -> None:
    assert parse_range_text("< V3.2").contains("unknown") is None


def test_why_quotes_the_advisory_text_when_it_was_rewritten() -> None:
    assert (
        parse_range_text("All versions < V4.33").why()
        == "versions < V4.33 (advisory text 'All versions < V4.33')"
    )
