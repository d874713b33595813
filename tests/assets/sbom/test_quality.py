"""SBOM quality: shares, the documented score formula and the list of what is missing."""

from __future__ import annotations

from datetime import UTC, datetime

from assets.sbom import Component, Dependency, Hash, License, SbomDocument, Tool, sbom_quality
from assets.sbom.quality import WEIGHTS
from tests.assets.sbom.builders import SHA256, SHA512


def complete(ref: str) -> Component:
    return Component(
        bom_ref=ref,
        type="library",
        name=ref,
        version="1.0",
        purl=f"pkg:npm/{ref}@1.0",
        hashes=[Hash("SHA-512", SHA512)],
        licenses=[License(id="MIT")],
        supplier="ACME",
    )


def document(*components: Component, dependencies=None, **fields) -> SbomDocument:
    fields.setdefault("tools", [Tool("syft")])
    fields.setdefault("timestamp", datetime(2024, 1, 1, tzinfo=UTC))
    deps = dependencies if dependencies is not None else [Dependency(c.bom_ref) for c in components]
    return SbomDocument(
        "x.json",
        "cyclonedx",
        "json",
        "1.6",
        components=list(components),
        dependencies=deps,
        **fields,
    )


def test_the_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_a_complete_document_scores_100():
    report = sbom_quality(document(complete("a"), complete("b")))
    assert report.score == 100
    assert report.missing == {}
    assert report.dependency_graph_complete


def test_an_empty_document_scores_only_creator_and_timestamp():
    report = sbom_quality(document())
    assert report.score == WEIGHTS["creator"] + WEIGHTS["timestamp"]
    assert not report.dependency_graph_complete


def test_missing_elements_name_the_components_lacking_them():
    bare = Component(
        bom_ref="bare",
        type="library",
        name="bare",
        hashes=[Hash("SHA-256", SHA256)],
        cpe="cpe:2.3:a:x:bare:*:*:*:*:*:*:*:*",
    )
    report = sbom_quality(document(complete("a"), bare, dependencies=[Dependency("a", ["bare"])]))
    assert report.missing == {
        "supplier": ["bare"],
        "version": ["bare"],
        "sha512": ["bare"],
        "licence": ["bare"],
        "dependency_graph": ["bare"],
    }
    assert report.criteria["unique_identifier"].present == 2
    assert report.criteria["hashes"].present == 2
    assert not report.dependency_graph_complete


def test_the_score_is_the_weighted_sum_of_shares():
    half = Component(bom_ref="half", type="library", name="half")
    report = sbom_quality(
        document(
            complete("a"),
            half,
            dependencies=[Dependency("a"), Dependency("half")],
            tools=[],
            timestamp=None,
        )
    )
    expected = (
        WEIGHTS["name"]
        + WEIGHTS["dependency_graph"]
        + 0.5
        * sum(
            WEIGHTS[k]
            for k in ("supplier", "version", "unique_identifier", "hashes", "sha512", "licence")
        )
    )
    assert report.score == round(expected)
    assert not report.creator_present and not report.timestamp_present
    assert report.missing["creator"] == ["/metadata"]


def test_authors_or_manufacturer_count_as_creator():
    assert sbom_quality(document(complete("a"), tools=[], manufacturer="ACME")).creator_present


def test_a_component_without_bom_ref_is_named_by_its_location():
    anonymous = Component(bom_ref="", type="library", name="x", pointer="/components/1")
    report = sbom_quality(document(complete("a"), anonymous, dependencies=[Dependency("a")]))
    assert report.missing["dependency_graph"] == ["/components/1"]
