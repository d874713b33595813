"""The match API on small hand-made advisories: identifiers, statuses, reasons, the index."""

from __future__ import annotations

from datetime import UTC, datetime

from assets.vuln import (
    AdvisoryIndex,
    Component,
    OtAsset,
    Status,
    match_asset,
    match_component,
    parse_osv,
)
from assets.vuln.model import Advisory, AffectedEntry, OtProduct
from assets.vuln.vendor_ranges import parse_range_text


def osv_record(record_id: str = "GHSA-test", **extra) -> dict:
    record = {
        "id": record_id,
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "Requests"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}
                ],
            }
        ],
    }
    record.update(extra)
    return record


def ot_advisory(status: Status = Status.AFFECTED, text: str = "All versions < V4.33") -> Advisory:
    entry = AffectedEntry(
        predicate=parse_range_text(text),
        status=status,
        ot=OtProduct(vendor="Siemens", vendor_key="siemens", product="SCALANCE X-200 family"),
        vulnerabilities=("CVE-2099-0001",),
        product_id="CSAFPID-1",
    )
    return Advisory(
        id="SSA-TEST", source="csaf", modified=datetime(2024, 1, 1, tzinfo=UTC), affected=(entry,)
    )


def test_a_component_in_the_range_matches_with_its_reason() -> None:
    [found] = match_component(Component(purl="pkg:pypi/requests@2.30.0"), [parse_osv(osv_record())])
    assert found.status is Status.AFFECTED and found.decided
    assert found.identifier == "purl" and found.matched == "pkg:pypi/requests"
    assert "introduced 2.3.0, fixed 2.31.0" in found.reason


def test_the_fixed_version_does_not_match() -> None:
    assert (
        match_component(Component(purl="pkg:pypi/requests@2.31.0"), [parse_osv(osv_record())]) == []
    )


def test_an_explicit_version_overrides_the_purl_version() -> None:
    assert match_component(
        Component(purl="pkg:pypi/requests@2.31.0", version="2.4.0"), [parse_osv(osv_record())]
    )


def test_a_component_without_version_is_only_a_possible_match() -> None:
    [found] = match_component(Component(purl="pkg:pypi/requests"), [parse_osv(osv_record())])
    assert not found.decided and "possible" in found.reason


def test_withdrawn_advisories_do_not_match() -> None:
    withdrawn = parse_osv(osv_record(withdrawn="2024-02-01T00:00:00Z"))
    assert match_component(Component(purl="pkg:pypi/requests@2.30.0"), [withdrawn]) == []


def test_an_ot_asset_below_the_fixed_firmware_matches_and_above_does_not() -> None:
    advisory = ot_advisory()
    [found] = match_asset(
        OtAsset("Siemens AG", "SCALANCE X-200 XB208", firmware="V4.4"), [advisory]
    )
    assert found.identifier == "ot-family" and found.vulnerabilities == ("CVE-2099-0001",)
    assert (
        match_asset(OtAsset("Siemens AG", "SCALANCE X-200 XB208", firmware="V4.33"), [advisory])
        == []
    )


def test_an_unreadable_range_is_reported_as_possible_for_affected_only() -> None:
    asset = OtAsset("Siemens", "SCALANCE X-200 XB208", firmware="V1")
    [found] = match_asset(asset, [ot_advisory(text="see vendor")])
    assert not found.decided
    assert match_asset(asset, [ot_advisory(Status.FIXED, text="see vendor")]) == []


def test_the_index_finds_only_candidates_and_forgets_removed_advisories() -> None:
    index = AdvisoryIndex()
    index.add(parse_osv(osv_record("A")))
    index.add(parse_osv(osv_record("B")))
    index.add(ot_advisory())
    assert {
        m.advisory_id for m in index.match_component(Component(purl="pkg:pypi/requests@2.30.0"))
    } == {"A", "B"}
    index.remove("A")
    assert {
        m.advisory_id for m in index.match_component(Component(purl="pkg:pypi/requests@2.30.0"))
    } == {"B"}
    assert index.match_component(Component(purl="pkg:pypi/other@1.0")) == []
    assert len(index.match_asset(OtAsset("Siemens", "SCALANCE X-200 XB208", firmware="V4.0"))) == 1
    assert index.match_asset(OtAsset("Schneider Electric", "SCALANCE X-200", firmware="V4.0")) == []


def test_re_adding_an_advisory_replaces_it() -> None:
    index = AdvisoryIndex()
    index.add(parse_osv(osv_record("A")))
    updated = osv_record("A")
    updated["affected"][0]["ranges"][0]["events"] = [{"introduced": "0"}, {"fixed": "1.0.0"}]
    index.add(parse_osv(updated))
    assert len(index) == 1
    assert index.match_component(Component(purl="pkg:pypi/requests@2.30.0")) == []
