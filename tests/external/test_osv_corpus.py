"""Every OSV record of the corpus imports; ranges agree with versions lists; real Go matches."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from assets.vuln import AdvisoryIndex, Component, Status, import_path, match_component
from assets.vuln.predicates import AnyOf, ExactVersions, OsvRange
from assets.vuln.versions import try_parse

FOLDERS = {"golang-vulndb": 42, "github-advisory-database": 21, "ossf-osv-schema": 4}


def load(external_data: Path, folder: str = "") -> dict:
    outcomes = [
        o
        for o in import_path(external_data / "osv" / folder)
        if not o.file.endswith("osv-schema-validation-schema.json")
    ]
    errors = [str(o.error) for o in outcomes if o.error]
    assert errors == []
    return {o.advisory.id: o.advisory for o in outcomes}


@pytest.mark.parametrize(("folder", "count"), FOLDERS.items())
def test_every_record_of_the_corpus_imports(external_data: Path, folder: str, count: int) -> None:
    assert len(load(external_data, folder)) == count


def test_the_withdrawn_go_records_are_marked(external_data: Path) -> None:
    advisories = load(external_data, "golang-vulndb")
    assert sorted(a.id for a in advisories.values() if a.withdrawn) == [
        "GO-2025-3543",
        "GO-2026-4923",
    ]


def entries_with_ranges_and_versions(advisories: dict):
    for advisory in advisories.values():
        for entry in advisory.affected:
            parts = entry.predicate.parts if isinstance(entry.predicate, AnyOf) else ()
            ranges = [p for p in parts if isinstance(p, OsvRange) and p.range_type != "GIT"]
            lists = [p for p in parts if isinstance(p, ExactVersions)]
            if ranges and lists:
                yield advisory, ranges, lists[0]


def test_ranges_put_exactly_the_listed_versions_inside_over_the_whole_corpus(
    external_data: Path,
) -> None:
    advisories = load(external_data)
    checked: dict[str, int] = {}
    for advisory, ranges, listed in entries_with_ranges_and_versions(advisories):
        scheme = ranges[0].scheme
        decidable = [v for v in listed.versions if try_parse(scheme, v) is not None]
        assert decidable, advisory.id
        outside = [v for v in decidable if not any(r.contains(v) for r in ranges)]
        assert outside == [], f"{advisory.id}: listed but outside the range: {outside}"
        # the converse on every version the record names: a bound that is not listed is outside
        bounds = {v for r in ranges for kind, v in r.events if v != "0"}
        for version in bounds - set(decidable):
            if try_parse(scheme, version) is not None:
                assert not any(r.contains(version) for r in ranges), (
                    f"{advisory.id}: {version} inside but not listed"
                )
        checked[advisory.id] = checked.get(advisory.id, 0) + len(decidable)
    assert checked == {"GHSA-mh6f-8j2x-4483": 1, "GHSA-pjwm-rvh2-c87w": 3, "PYSEC-2023-74": 66}


def test_event_stream_and_ua_parser_name_their_malicious_versions(external_data: Path) -> None:
    advisories = load(external_data, "github-advisory-database")
    event_stream = next(
        e for e in advisories["GHSA-mh6f-8j2x-4483"].affected if e.package.name == "event-stream"
    )
    assert event_stream.predicate.contains("3.3.6") and not event_stream.predicate.contains("3.3.5")
    assert not event_stream.predicate.contains("4.0.0")
    ua = advisories["GHSA-pjwm-rvh2-c87w"]
    hits = [
        v
        for v in ["0.7.28", "0.7.29", "0.7.30", "0.8.0", "0.8.1", "1.0.0", "1.0.1"]
        if any(e.predicate.contains(v) for e in ua.affected)
    ]
    assert hits == ["0.7.29", "0.8.0", "1.0.0"]


def test_last_affected_includes_guava_29_0_and_nothing_after(external_data: Path) -> None:
    guava = load(external_data, "github-advisory-database")["GHSA-5mg8-w23w-74h3"]
    assert match_component(Component(purl="pkg:maven/com.google.guava/guava@28.2-android"), [guava])
    assert match_component(Component(purl="pkg:maven/com.google.guava/guava@29.0"), [guava])
    assert (
        match_component(Component(purl="pkg:maven/com.google.guava/guava@30.0-jre"), [guava]) == []
    )


def test_maven_ordering_puts_a_qualified_29_0_jre_after_last_affected_29_0(
    external_data: Path,
) -> None:
    """Maven orders an unknown qualifier after the release, so the record's ``last_affected:
    29.0`` does not reach the artifact Guava actually published as 29.0-jre. That is what the
    data and Maven's ordering say (osv.dev evaluates it the same way); noted for reviewers."""
    guava = load(external_data, "github-advisory-database")["GHSA-5mg8-w23w-74h3"]
    assert (
        match_component(Component(purl="pkg:maven/com.google.guava/guava@29.0-jre"), [guava]) == []
    )


def test_severities_are_scored_with_cvss(external_data: Path) -> None:
    gradio = load(external_data, "ossf-osv-schema")["GHSA-9v2f-6vcg-3hgv"]
    [severity] = gradio.severities
    assert (severity.type, severity.base_score, severity.label) == ("CVSS_V3", 9.8, "CRITICAL")
    assert gradio.cves == ("CVE-2024-39236",)


def proton_bridge_purls(external_data: Path) -> dict[str, str]:
    bom = json.loads(
        (
            external_data / "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
        ).read_text()
    )
    return {c["purl"].split("@")[0]: c["purl"] for c in bom["components"] if c.get("purl")}


def test_a_proton_bridge_go_module_matches_at_its_version_and_not_at_the_fix(
    external_data: Path,
) -> None:
    purls = proton_bridge_purls(external_data)
    gin = purls["pkg:golang/github.com/gin-gonic/gin"]
    assert gin == "pkg:golang/github.com/gin-gonic/gin@v1.4.0"
    record = load(external_data, "golang-vulndb")["GO-2020-0001"]
    [found] = match_component(Component(purl=gin), [record])
    assert found.status is Status.AFFECTED and "fixed 1.6.0" in found.why
    assert (
        match_component(Component(purl="pkg:golang/github.com/gin-gonic/gin@v1.6.0"), [record])
        == []
    )


def test_a_proton_bridge_pseudo_version_is_ordered_by_its_timestamp(external_data: Path) -> None:
    net = proton_bridge_purls(external_data)["pkg:golang/golang.org/x/net"]
    assert net == "pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4"
    record = load(external_data, "golang-vulndb")["GO-2021-0238"]
    assert match_component(Component(purl=net), [record])
    fixed = "pkg:golang/golang.org/x/net@v0.0.0-20210520170846-37e1c6afe023"
    assert match_component(Component(purl=fixed), [record]) == []


def test_the_whole_proton_bridge_sbom_matches_through_the_index(external_data: Path) -> None:
    index = AdvisoryIndex()
    for advisory in load(external_data).values():
        index.add(advisory)
    purls = proton_bridge_purls(external_data).values()
    matched = {
        (p.split("@")[0], m.advisory_id)
        for p in purls
        for m in index.match_component(Component(purl=p))
    }
    assert ("pkg:golang/github.com/labstack/echo/v4", "GO-2022-1031") in matched
    assert ("pkg:golang/github.com/sirupsen/logrus", "GO-2025-4188") in matched
    assert not any(advisory == "GO-2025-3543" for _, advisory in matched)  # withdrawn
    assert len(matched) == 29


def test_an_osv_zip_made_from_the_corpus_imports_the_same_records(
    external_data: Path, tmp_path: Path
) -> None:
    folder = external_data / "osv/golang-vulndb"
    archive = tmp_path / "Go.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.glob("*.json")):
            zf.write(path, path.name)
    from_zip = {o.advisory.id: o.advisory.modified for o in import_path(archive)}
    assert from_zip == {a.id: a.modified for a in load(external_data, "golang-vulndb").values()}
