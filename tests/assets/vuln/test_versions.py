"""OSV range events and vers constraints evaluated with each ecosystem's ordering."""

from __future__ import annotations

import pytest

from assets.vuln.predicates import AnyOf, ExactVersions, OsvRange
from assets.vuln.versions import parse_version, scheme_for_ecosystem, try_parse, vers_contains


def osv(
    events: list[tuple[str, str]], scheme: str = "semver", range_type: str = "SEMVER"
) -> OsvRange:
    return OsvRange(range_type, tuple(events), scheme)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.0.1", True),
        ("1.15.11", True),
        ("1.15.12", False),
        ("1.16.0-rc.1", True),
        ("1.16.3", True),
        ("1.16.4", False),
        ("2.0.0", False),
    ],
)
def test_it_evaluates_multiple_introduced_fixed_pairs(version: str, expected: bool) -> None:
    r = osv(
        [("introduced", "0"), ("fixed", "1.15.12"), ("introduced", "1.16.0-0"), ("fixed", "1.16.4")]
    )
    assert r.contains(version) is expected


def test_it_sorts_events_before_evaluating() -> None:
    r = osv(
        [("fixed", "2.0.0"), ("introduced", "1.0.0"), ("fixed", "1.5.0"), ("introduced", "1.8.0")]
    )
    assert [r.contains(v) for v in ["0.9.0", "1.2.0", "1.6.0", "1.9.0", "2.0.0"]] == [
        False,
        True,
        False,
        True,
        False,
    ]


def test_last_affected_includes_its_own_version() -> None:
    r = osv([("introduced", "0"), ("last_affected", "29.0")], "maven", "ECOSYSTEM")
    assert r.contains("29.0") is True
    assert r.contains("29.0.1") is False


def test_an_open_introduced_affects_everything_after() -> None:
    r = osv([("introduced", "1.2.0")])
    assert r.contains("1.1.9") is False
    assert r.contains("99.0.0") is True


def test_limit_caps_the_range() -> None:
    r = osv([("introduced", "0"), ("limit", "2.0.0")])
    assert r.contains("1.9.9") is True
    assert r.contains("2.0.0") is False


def test_git_ranges_are_recorded_but_never_decide() -> None:
    r = osv([("introduced", "0"), ("fixed", "74ea7cf7a6a2")], "semver", "GIT")
    assert r.contains("1.0.0") is None
    assert "not matched" in r.why()


def test_an_unparseable_version_is_undecided_not_false() -> None:
    r = osv([("introduced", "0"), ("fixed", "1.0.0")], "pypi", "ECOSYSTEM")
    assert r.contains("4.36.-1") is None


@pytest.mark.parametrize(
    ("scheme", "lower", "higher"),
    [
        ("pypi", "2.0.0rc1", "2.0.0"),
        ("pypi", "1.26.18", "1.26.19"),
        ("maven", "2.13.2", "2.13.2.1"),
        ("maven", "1.5", "1.10.0"),
        ("golang", "v0.0.0-20210405180319-a5a99cb37ef4", "v0.0.0-20210520170846-37e1c6afe023"),
        ("golang", "v1.3.0", "1.3.1-0.20190301021747-ccb9e902956d"),
        ("composer", "v7.4.4", "7.4.5"),
        ("npm", "1.0.0-rc.1", "1.0.0"),
        ("nuget", "2.29.1", "2.29.2"),
        ("rpm", "2.13.3-2.el8", "2.13.3-3.el8_6.1"),
    ],
)
def test_each_ecosystem_orders_with_its_own_rules(scheme: str, lower: str, higher: str) -> None:
    assert parse_version(scheme, lower) < parse_version(scheme, higher)


def test_composer_v_prefix_is_the_same_version() -> None:
    assert parse_version("composer", "v7.30.6") == parse_version("composer", "7.30.6")


def test_ecosystem_suffixes_map_to_the_base_scheme() -> None:
    assert scheme_for_ecosystem("Debian:11") == "deb"
    assert scheme_for_ecosystem("Go") == "golang"
    assert scheme_for_ecosystem("Unknown") is None


def test_an_unknown_scheme_parses_nothing() -> None:
    assert try_parse("unknown", "1.0") is None


def test_any_of_reports_the_deciding_part() -> None:
    predicate = AnyOf(
        (osv([("introduced", "1.0.0"), ("fixed", "1.1.0")]), ExactVersions(("3.0.0",), "semver")),
        "semver",
    )
    assert predicate.contains("3.0.0") is True
    assert isinstance(predicate.deciding_part("3.0.0"), ExactVersions)
    assert predicate.contains("2.0.0") is False


def test_vers_constraints_form_intervals() -> None:
    p = lambda v: parse_version("semver", v)  # noqa: E731
    constraints = [(">=", p("1.0.0")), ("<", p("2.0.0")), (">=", p("3.0.0")), ("<", p("3.1.0"))]
    assert [
        vers_contains(p(v), constraints) for v in ["0.9.0", "1.5.0", "2.5.0", "3.0.5", "3.1.0"]
    ] == [False, True, False, True, False]
    assert vers_contains(p("1.0.0"), [("!=", p("1.0.0"))]) is False
    assert vers_contains(p("1.0.1"), [("!=", p("1.0.0"))]) is True
