"""sbom_diff: added, removed and changed components between two SBOMs of a product."""

from __future__ import annotations

import pytest

from assets.services.sbom import sbom_import
from assets.services.sbom_diff import sbom_diff
from tests.assets.sbom.builders import cdx, component, dumps

pytestmark = pytest.mark.django_db


def _bom(components):
    return dumps(cdx("1.6", components=components))


def _store(org, components, version):
    return sbom_import(org=org, file=_bom(components), file_name=f"v{version}.json",
                       supplier="ACME", product_name="Leitsystem", product_version=version)  # fmt: skip


def _npm(ref, name, version, **extra):
    return component(ref, name, version=version, purl=f"pkg:npm/{name}@{version}", **extra)


def test_it_reports_added_removed_and_version_changes(org):
    old = _store(org, [_npm("a", "lodash", "4.17.15"), _npm("b", "left-pad", "1.0.0")], "1")
    new = _store(org, [_npm("a", "lodash", "4.17.21"), _npm("c", "zod", "3.0.0")], "2")
    diff = sbom_diff(base=old, other=new)
    assert [e.name for e in diff.added] == ["zod"]
    assert [e.name for e in diff.removed] == ["left-pad"]
    assert [(e.name, e.before["version"], e.after["version"], e.changes) for e in diff.changed] == [
        ("lodash", "4.17.15", "4.17.21", ("version",))
    ]
    assert diff.unchanged == 0


def test_hash_and_licence_changes_are_reported_at_the_same_version(org):
    before = _npm("a", "lodash", "1.0.0", hashes=[{"alg": "SHA-256", "content": "a" * 64}],
                  licenses=[{"license": {"id": "MIT"}}])  # fmt: skip
    after = _npm("a", "lodash", "1.0.0", hashes=[{"alg": "SHA-256", "content": "b" * 64}],
                 licenses=[{"license": {"id": "Apache-2.0"}}])  # fmt: skip
    diff = sbom_diff(base=_store(org, [before], "1"), other=_store(org, [after], "2"))
    assert diff.changed[0].changes == ("hashes", "licenses")


def test_components_without_purl_match_by_group_name_and_type(org):
    old = _store(org, [component("x", "firmware-blob", group="acme", version="1")], "1")
    new = _store(org, [component("y", "firmware-blob", group="acme", version="2")], "2")
    diff = sbom_diff(base=old, other=new)
    assert (len(diff.added), len(diff.removed), len(diff.changed)) == (0, 0, 1)


def test_purls_match_without_version_and_qualifiers_by_the_normalised_key(org):
    old = _store(org, [component("a", "PyYAML", version="5.3", purl="pkg:pypi/PyYAML@5.3")], "1")
    new = _store(org, [component("a", "pyyaml", version="6.0", purl="pkg:pypi/pyyaml@6.0")], "2")
    diff = sbom_diff(base=old, other=new)
    assert len(diff.changed) == 1 and not diff.added and not diff.removed


def test_repeated_packages_pair_equal_versions_first(org):
    old = _store(org, [_npm("a", "ms", "2.0.0"), _npm("b", "ms", "2.1.2")], "1")
    new = _store(org, [_npm("a", "ms", "2.1.2"), _npm("b", "ms", "2.1.3")], "2")
    diff = sbom_diff(base=old, other=new)
    assert diff.unchanged == 1
    assert [(e.before["version"], e.after["version"]) for e in diff.changed] == [("2.0.0", "2.1.3")]


def test_an_sbom_compared_with_itself_has_no_differences(org):
    sbom = _store(org, [_npm("a", "lodash", "1.0.0"), _npm("b", "ms", "2.0.0")], "1")
    diff = sbom_diff(base=sbom, other=sbom)
    assert (diff.added, diff.removed, diff.changed, diff.unchanged) == ([], [], [], 2)


def test_the_diff_is_linear_in_queries_and_handles_thousands(org, django_assert_max_num_queries):
    old = _store(org, [_npm(f"r{i}", f"p{i}", "1.0.0") for i in range(3000)], "1")
    new = _store(org, [_npm(f"r{i}", f"p{i}", "1.0.1" if i % 3 == 0 else "1.0.0")
                       for i in range(1, 3001)], "2")  # fmt: skip
    with django_assert_max_num_queries(4):
        diff = sbom_diff(base=old, other=new)
    assert (len(diff.added), len(diff.removed), len(diff.changed)) == (1, 1, 999)
