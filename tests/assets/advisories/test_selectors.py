"""Candidates from the database feed the engine; rows rebuild the engine advisory exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.advisories.models import Advisory
from assets.advisories.rows import advisory_to_engine
from assets.advisories.selectors import (
    advisory_candidates,
    advisory_get,
    advisory_list,
    advisory_match_candidates,
    advisory_match_load,
)
from assets.advisories.services import advisories_import
from assets.vuln import (
    Component,
    OtAsset,
    match_asset,
    match_component,
    parse_csaf,
    parse_osv,
    parse_purl,
)
from tests.assets.advisories.builders import csaf_ot, osv, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(tmp_path):
    write(tmp_path, "go.json", osv("GO-2099-0001", package="github.com/gin-gonic/gin"))
    write(
        tmp_path,
        "npm.json",
        osv("GHSA-aaaa-bbbb-cccc", package="left-pad", ecosystem="npm", aliases=("CVE-2099-0002",)),
    )
    write(tmp_path, "ot.json", csaf_ot())
    advisories_import(paths=[tmp_path])
    return tmp_path


def test_a_stored_advisory_rebuilds_the_engine_advisory_it_came_from(catalogue):
    for name, parse in (("go.json", parse_osv), ("ot.json", parse_csaf)):
        import json

        original = parse(json.loads((catalogue / name).read_text()), file=str(catalogue / name))
        row = Advisory.objects.prefetch_related("affected").get(source_id=original.id)
        assert advisory_to_engine(row) == original


def test_candidates_for_a_purl_key_match_through_the_engine(catalogue):
    key = parse_purl("pkg:golang/github.com/gin-gonic/gin@v1.4.0").key
    candidates = advisory_candidates(package_keys=[key])
    assert [a.id for a in candidates] == ["GO-2099-0001"]
    [found] = match_component(
        Component(purl="pkg:golang/github.com/gin-gonic/gin@v1.4.0"), candidates
    )
    assert found.advisory_id == "GO-2099-0001" and found.decided
    assert (
        match_component(Component(purl="pkg:golang/github.com/gin-gonic/gin@v1.6.0"), candidates)
        == []
    )


def test_candidates_for_an_ot_vendor_are_found_by_its_normalised_name(catalogue):
    candidates = advisory_candidates(ot_vendors=["Siemens AG"])
    assert [a.id for a in candidates] == ["ICSA-99-001-01"]
    [found] = match_asset(OtAsset("Siemens AG", "TeleDevice", firmware="V3.1"), candidates)
    assert found.vulnerabilities == ("CVE-2099-1000",)


def test_unknown_keys_yield_no_candidates(catalogue):
    assert (
        advisory_candidates(package_keys=[parse_purl("pkg:npm/right-pad").key], ot_vendors=["ABB"])
        == []
    )


def test_candidate_lookup_costs_the_same_queries_for_one_or_many_keys(catalogue):
    keys = [parse_purl(f"pkg:npm/pkg-{i}").key for i in range(300)]
    with CaptureQueriesContext(connection) as few:
        advisory_candidates(package_keys=[*keys[:1], parse_purl("pkg:npm/left-pad").key])
    with CaptureQueriesContext(connection) as many:
        advisory_candidates(package_keys=[*keys, parse_purl("pkg:npm/left-pad").key])
    assert len(few) == len(many) == 3


def _two_packages(tmp_path):
    record = osv("GHSA-two-pkgs", package="left-pad", ecosystem="npm")
    record["affected"].append(
        {"package": {"name": "right-pad", "ecosystem": "npm"},
         "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "3.0.0"}]}]}
    )  # fmt: skip
    write(tmp_path, "two.json", record)
    write(tmp_path, "gone.json", osv("GHSA-gone", package="left-pad", ecosystem="npm",
                                     withdrawn="2024-03-01T00:00:00Z"))  # fmt: skip
    advisories_import(paths=[tmp_path])


def test_lean_candidates_carry_only_the_entries_the_keys_reach_and_no_withdrawn_advisory(
    tmp_path,
):
    _two_packages(tmp_path)
    [lean] = advisory_match_candidates(package_keys=[parse_purl("pkg:npm/left-pad").key])
    assert lean.id == "GHSA-two-pkgs" and lean.source == "osv"
    assert [e.package.name for e in lean.affected] == ["left-pad"]
    assert lean.title is None and lean.severities == () and lean.references == ()
    full = advisory_to_engine(Advisory.objects.prefetch_related("affected").get(source_id=lean.id))
    assert lean.affected[0] == replace(full.affected[0], remediations=())
    [whole] = advisory_match_load(pks=Advisory.objects.values_list("pk", flat=True))
    assert [e.package.name for e in whole.affected] == ["left-pad", "right-pad"]


def test_lean_candidates_match_as_the_full_advisories_do(catalogue):
    keys = [parse_purl("pkg:golang/github.com/gin-gonic/gin").key]
    component = Component(purl="pkg:golang/github.com/gin-gonic/gin@v1.4.0")
    lean = list(advisory_match_candidates(package_keys=keys, ot_vendors=["Siemens"]))
    full = advisory_candidates(package_keys=keys, ot_vendors=["Siemens"])
    assert [a.id for a in lean] == [a.id for a in full] == ["GO-2099-0001", "ICSA-99-001-01"]
    asset = OtAsset("Siemens AG", "TeleDevice", firmware="V3.1")
    for found, expected in ((match_component(component, lean), match_component(component, full)),
                            (match_asset(asset, lean), match_asset(asset, full))):  # fmt: skip
        assert [(m.advisory_id, m.why, m.status) for m in found] == [
            (m.advisory_id, m.why, m.status) for m in expected
        ] and found


def test_lean_candidate_lookup_costs_the_same_queries_for_one_or_many_keys(catalogue):
    keys = [parse_purl(f"pkg:npm/pkg-{i}").key for i in range(300)]
    left_pad = parse_purl("pkg:npm/left-pad").key
    with CaptureQueriesContext(connection) as few:
        assert len(list(advisory_match_candidates(package_keys=[keys[0], left_pad]))) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(list(advisory_match_candidates(package_keys=[*keys, left_pad]))) == 1
    assert len(few) == len(many) == 1


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "cve-2099-0002"}, ["GHSA-aaaa-bbbb-cccc"]),
        ({"q": "TeleDevice"}, ["ICSA-99-001-01"]),
        ({"source": "csaf"}, ["ICSA-99-001-01"]),
        ({"severity": "critical"}, ["ICSA-99-001-01"]),
        ({"kev": True}, []),
        (
            {"withdrawn": False, "ordering": "id"},
            ["GHSA-aaaa-bbbb-cccc", "GO-2099-0001", "ICSA-99-001-01"],
        ),
    ],
)
def test_the_list_filters(catalogue, filters, expected):
    assert [a.source_id for a in advisory_list(filters=filters)] == expected


def test_severity_ordering_puts_the_critical_advisory_first(catalogue):
    assert advisory_list(filters={"ordering": "severity"})[0].source_id == "ICSA-99-001-01"


def test_the_detail_selector_defers_the_document(catalogue):
    row = advisory_get(pk=Advisory.objects.get(source_id="GO-2099-0001").pk)
    assert "raw" in row.get_deferred_fields() and len(row.affected.all()) == 1


def test_a_database_label_moderate_counts_as_medium(tmp_path):
    record = osv("GHSA-mmmm-mmmm-mmmm")
    record["database_specific"] = {"severity": "MODERATE"}
    advisories_import(paths=[write(tmp_path, "m.json", record)])
    assert [a.source_id for a in advisory_list(filters={"severity": "MEDIUM"})] == [
        "GHSA-mmmm-mmmm-mmmm"
    ]
