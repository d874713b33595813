"""purl normalization per ecosystem and the OSV ecosystem ↔ purl type mapping."""

from __future__ import annotations

import pytest

from assets.vuln.errors import VersionSyntaxError
from assets.vuln.purl import PackageKey, key_for_osv_package, parse_purl, purl_type_for_ecosystem


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("pkg:pypi/Django_REST.framework@3.0", "pkg:pypi/django-rest-framework"),
        ("pkg:npm/%40Angular/Core@1.0.0", "pkg:npm/%40angular/core"),
        ("pkg:composer/Laravel/Framework@v7.12.0", "pkg:composer/laravel/framework"),
        ("pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/newtonsoft.json"),
        ("pkg:cargo/serde_json", "pkg:cargo/serde-json"),
    ],
)
def test_equivalent_spellings_give_one_key(left: str, right: str) -> None:
    assert parse_purl(left).key == parse_purl(right).key


def test_maven_and_go_keep_their_case() -> None:
    assert parse_purl("pkg:maven/org.Yaml/SnakeYAML@2.0").key == PackageKey(
        "maven", "org.Yaml", "SnakeYAML"
    )
    assert (
        parse_purl("pkg:golang/github.com/Sirupsen/logrus@v1.0.0").key
        != parse_purl("pkg:golang/github.com/sirupsen/logrus").key
    )


def test_go_module_paths_split_at_the_last_slash() -> None:
    parsed = parse_purl("pkg:golang/github.com/labstack/echo/v4@v4.1.11")
    assert parsed == (PackageKey("golang", "github.com/labstack/echo", "v4"), "v4.1.11")
    assert key_for_osv_package("Go", "github.com/labstack/echo/v4") == parsed.key


@pytest.mark.parametrize(
    ("ecosystem", "name", "purl"),
    [
        (
            "Maven",
            "com.fasterxml.jackson.core:jackson-databind",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind",
        ),
        ("npm", "@babel/core", "pkg:npm/%40babel/core"),
        ("PyPI", "Gradio", "pkg:pypi/gradio"),
        ("Packagist", "guzzlehttp/guzzle", "pkg:composer/guzzlehttp/guzzle"),
        ("NuGet", "Moment.js", "pkg:nuget/moment.js"),
        ("Debian:11", "openssl", "pkg:deb/debian/openssl"),
        ("Go", "stdlib", "pkg:golang/stdlib"),
    ],
)
def test_osv_packages_key_like_their_purls(ecosystem: str, name: str, purl: str) -> None:
    assert key_for_osv_package(ecosystem, name) == parse_purl(purl).key


def test_unknown_ecosystems_have_no_key() -> None:
    assert key_for_osv_package("NoSuchEcosystem", "x") is None
    assert purl_type_for_ecosystem("crates.io") == "cargo"


def test_it_refuses_a_text_that_is_no_purl() -> None:
    with pytest.raises(VersionSyntaxError):
        parse_purl("npm/lodash@1.0.0")


@pytest.mark.parametrize(
    "text",
    [
        "pkg:npm/%40babel/core@7.0.0",
        "pkg:npm/lodash@4.17.21",
        "pkg:maven/org.yaml/snakeyaml@2.0?type=jar",
        "pkg:golang/github.com/labstack/echo/v4@v4.1.11",
        "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4",
        "pkg:rpm/redhat/git-lfs@0:2.13.3-3.el8_6.1?arch=x86_64",
        "pkg:PyPI/Django@4.2",
        "pkg:deb/debian/openssl@3.0.11-1~deb12u2",
        "pkg:generic/openssl@1.1.1w#sub/path",
    ],
)
def test_the_fast_path_agrees_with_packageurl(text: str) -> None:
    from packageurl import PackageURL

    from assets.vuln.purl import normalize_key

    reference = PackageURL.from_string(text)
    assert parse_purl(text) == (
        normalize_key(reference.type, reference.namespace, reference.name),
        reference.version,
    )
