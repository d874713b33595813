"""Real SBOMs written by others: exact component counts, quality figures computed from the raw
files, JSON and XML of the same BOM parsing alike, and hostile variants made at test time."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator

from assets.sbom import SbomError, parse_sbom, parse_sbom_file, sbom_quality
from assets.sbom.engine import decoded, parse_full, parse_lean
from tests.external.sbom_counts import json_component_keys, xml_component_keys

DROPWIZARD = "sboms/cyclonedx/bom-examples_dropwizard-1.3.15.cdx-1.2.json"
LARAVEL_JSON = "sboms/cyclonedx/bom-examples_laravel-7.12.0.cdx-1.4.json"
LARAVEL_XML = "sboms/cyclonedx/bom-examples_laravel-7.12.0.cdx-1.4.xml"
PROTON = "sboms/cyclonedx/bom-examples_proton-bridge-v1.8.0.cdx-1.2.json"
JUICE_SHOP = "sboms/cyclonedx/cyclonedx-node-npm_juice-shop-14.1.1_bare.cdx-1.6.json"
ALPINE = "sboms/spdx/guac_alpine-latest.spdx-2.2.json"
KUBECTL = "sboms/spdx/guac_oci-kubectl-linux-amd64.spdx-2.3.json"

# The counts the data README states, next to the ones the tests compute from the raw files.
CYCLONEDX = {
    DROPWIZARD: ("1.2", 167),
    LARAVEL_JSON: ("1.4", 62),
    LARAVEL_XML: ("1.4", 62),
    PROTON: ("1.2", 201),
    JUICE_SHOP: ("1.6", 1101),
}
SPDX = {ALPINE: ("2.2", 14), KUBECTL: ("2.3", 89)}


def raw_json(external_data: Path, name: str) -> dict:
    return json.loads((external_data / name).read_bytes())


@pytest.mark.parametrize("name", list(CYCLONEDX))
def test_real_cyclonedx_sboms_parse_with_every_component(external_data, name):
    version, readme_count = CYCLONEDX[name]
    data = (external_data / name).read_bytes()
    doc = parse_sbom(data, file_name=Path(name).name)
    expected = (
        xml_component_keys(data) if name.endswith(".xml") else json_component_keys(json.loads(data))
    )
    assert len(expected) == readme_count
    assert len(doc.components) == readme_count
    assert sorted((c.bom_ref, c.name) for c in doc.components) == sorted(expected)
    assert doc.spec_version == version
    assert doc.validation_errors == []


@pytest.mark.parametrize("name", list(CYCLONEDX))
def test_the_lean_path_parses_real_sboms_as_the_full_path_does(external_data, name):
    content = decoded((external_data / name).read_bytes(), file_name=name)
    lean = parse_lean(content, file_name=name)
    assert lean is not None
    assert lean == parse_full(content, file_name=name, lenient=False)


def test_juice_shop_keeps_its_nesting(external_data):
    raw = raw_json(external_data, JUICE_SHOP)
    doc = parse_sbom_file(external_data / JUICE_SHOP)
    assert sum(c.parent is None for c in doc.components) == len(raw["components"]) == 843
    for component in doc.components:
        if component.parent is not None:
            assert doc.components[component.parent].pointer + "/components/" in component.pointer


@pytest.mark.parametrize("name", [DROPWIZARD, LARAVEL_JSON, PROTON, JUICE_SHOP])
def test_the_dependency_graph_matches_the_raw_file(external_data, name):
    raw = raw_json(external_data, name)
    doc = parse_sbom_file(external_data / name)
    expected = [
        (d["ref"], target) for d in raw.get("dependencies", []) for target in d.get("dependsOn", [])
    ]
    assert list(doc.dependency_edges()) == expected
    assert len(doc.dependencies) == len(raw.get("dependencies", []))


def test_metadata_tools_and_timestamp_are_read(external_data):
    juice = parse_sbom_file(external_data / JUICE_SHOP)
    raw_tools = raw_json(external_data, JUICE_SHOP)["metadata"]["tools"]["components"]
    assert [t.name for t in juice.tools] == [t["name"] for t in raw_tools]
    assert juice.metadata_component.name == "juice-shop"
    dropwizard = parse_sbom_file(external_data / DROPWIZARD)
    assert dropwizard.timestamp is not None
    assert dropwizard.timestamp_raw == raw_json(external_data, DROPWIZARD)["metadata"]["timestamp"]


def test_laravel_json_and_xml_parse_alike(external_data):
    from_json = parse_sbom_file(external_data / LARAVEL_JSON)
    from_xml = parse_sbom_file(external_data / LARAVEL_XML)

    def fields(c):
        return (
            c.bom_ref,
            c.type,
            c.group,
            c.name,
            c.version,
            c.purl,
            c.cpe,
            c.hashes,
            c.licenses,
            c.supplier,
            c.parent,
        )

    assert [fields(c) for c in from_json.components] == [fields(c) for c in from_xml.components]
    assert from_json.dependencies == from_xml.dependencies
    assert from_json.serial_number == from_xml.serial_number
    assert any(
        c.version.startswith("v") for c in from_json.components
    )  # Composer's v prefix is kept


@pytest.mark.parametrize("name", list(SPDX))
def test_real_spdx_sboms_map_packages_to_components(external_data, name):
    version, readme_count = SPDX[name]
    raw = raw_json(external_data, name)
    doc = parse_sbom_file(external_data / name)
    assert (doc.kind, doc.spec_version) == ("spdx", version)
    assert len(raw["packages"]) == len(doc.components) == readme_count
    purls = [
        next(
            (
                r["referenceLocator"]
                for r in p.get("externalRefs", [])
                if r["referenceType"] == "purl"
            ),
            "",
        )
        for p in raw["packages"]
    ]
    assert [c.purl for c in doc.components] == purls
    assert [c.bom_ref for c in doc.components] == [p["SPDXID"] for p in raw["packages"]]


def test_kubectl_names_the_described_image_as_metadata_component(external_data):
    raw = raw_json(external_data, KUBECTL)
    (described,) = [
        r["relatedSpdxElement"]
        for r in raw["relationships"]
        if r["relationshipType"] == "DESCRIBES"
    ]
    doc = parse_sbom_file(external_data / KUBECTL)
    assert doc.metadata_component.bom_ref == described


def raw_quality_counts(raw: dict) -> dict[str, int]:
    """Component criteria counted straight from a CycloneDX JSON file."""
    components: list[dict] = []

    def walk(entries):
        for entry in entries:
            components.append(entry)
            walk(entry.get("components", []))

    walk(raw.get("components", []))
    refs = {d["ref"] for d in raw.get("dependencies", [])}
    return {
        "supplier": sum(bool(c.get("supplier", {}).get("name")) for c in components),
        "version": sum(bool(c.get("version")) for c in components),
        "unique_identifier": sum(bool(c.get("purl") or c.get("cpe")) for c in components),
        "hashes": sum(bool(c.get("hashes")) for c in components),
        "sha512": sum(any(h["alg"] == "SHA-512" for h in c.get("hashes", [])) for c in components),
        "licence": sum(bool(c.get("licenses")) for c in components),
        "dependency_graph": sum(c.get("bom-ref") in refs for c in components),
    }


@pytest.mark.parametrize("name", [DROPWIZARD, LARAVEL_JSON, PROTON, JUICE_SHOP])
def test_quality_counts_match_the_raw_file(external_data, name):
    raw = raw_json(external_data, name)
    report = sbom_quality(parse_sbom_file(external_data / name))
    expected = raw_quality_counts(raw)
    assert {key: report.criteria[key].present for key in expected} == expected
    for key, present in expected.items():
        assert len(report.criteria[key].missing) == report.components - present
    assert report.timestamp_present == bool(raw.get("metadata", {}).get("timestamp"))
    assert 0 <= report.score <= 100


def test_quality_of_dropwizard_in_figures(external_data):
    report = sbom_quality(parse_sbom_file(external_data / DROPWIZARD))
    # 167 components: all with purl, hashes (incl. SHA-512) and dependency entries; none with a supplier.
    assert report.criteria["sha512"].present == 167
    assert report.criteria["supplier"].present == 0
    assert report.dependency_graph_complete


def test_quality_of_spdx_counts_cpe_or_purl_and_checksums(external_data):
    raw = raw_json(external_data, KUBECTL)
    report = sbom_quality(parse_sbom_file(external_data / KUBECTL))
    assert report.criteria["hashes"].present == sum(
        bool(p.get("checksums")) for p in raw["packages"]
    )
    assert report.criteria["unique_identifier"].present == sum(
        bool(p.get("externalRefs")) for p in raw["packages"]
    )


# Variants of real files, made at test time in tmp_path or memory.


def test_a_dangling_reference_in_a_real_sbom_is_refused_naming_the_place(external_data):
    raw = raw_json(external_data, LARAVEL_JSON)
    raw["dependencies"][0]["dependsOn"].append("pkg:composer/ghost/ghost@1.0.0")
    position = len(raw["dependencies"][0]["dependsOn"]) - 1
    with pytest.raises(SbomError) as caught:
        parse_sbom(json.dumps(raw).encode(), file_name="laravel.json")
    assert caught.value.location == f"/dependencies/0/dependsOn/{position}"
    assert "ghost" in str(caught.value)


def test_a_duplicate_bom_ref_in_a_real_sbom_is_refused_strictly_and_kept_leniently(external_data):
    raw = raw_json(external_data, JUICE_SHOP)
    raw["components"][5]["bom-ref"] = raw["components"][4]["bom-ref"]
    data = json.dumps(raw).encode()
    with pytest.raises(SbomError, match="duplicate bom-ref") as caught:
        parse_sbom(data, file_name="juice.json")
    assert caught.value.location == "/components/5"
    doc = parse_sbom(data, file_name="juice.json", lenient=True)
    assert len(doc.components) == 1101
    assert any(
        e.location == "/components/5" and "duplicate" in e.message for e in doc.validation_errors
    )


def test_a_schema_violation_in_real_xml_names_xpath_and_line(external_data):
    original = (external_data / LARAVEL_XML).read_bytes()
    head, marker, tail = original.partition(b"<components>")
    data = head + marker + tail.replace(b"<purl>", b"<purl><bogus/>", 1)
    with pytest.raises(SbomError) as caught:
        parse_sbom(data, file_name="laravel.xml")
    assert caught.value.location.startswith("/bom/components/component[1]/purl")
    assert caught.value.line is not None


def test_a_billion_laughs_version_of_a_real_xml_is_refused(external_data):
    data = (external_data / LARAVEL_XML).read_bytes()
    head, _, rest = data.partition(b"?>")
    entities = b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10 if i else b"lol") for i in range(10)
    )
    hostile = (
        head + b"?>\n<!DOCTYPE bom [" + entities + b"]>" + rest.replace(b"<name>", b"<name>&l9;", 1)
    )
    with pytest.raises(SbomError, match="DOCTYPE/ENTITY declarations are not allowed"):
        parse_sbom(hostile, file_name="laughs.xml")


def test_the_nmap_xxe_probe_is_refused(external_data):
    with pytest.raises(SbomError, match="DOCTYPE"):
        parse_sbom_file(external_data / "nmap" / "defused_et_local_includer.xml")


def test_a_real_sbom_in_a_zip_is_read_only_when_allowed(external_data, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(external_data / PROTON, "proton.json")
    with pytest.raises(SbomError, match="zip archives are not accepted"):
        parse_sbom_file(archive)
    assert len(parse_sbom_file(archive, allow_zip=True).components) == 201


def test_a_real_sbom_over_the_size_limit_is_refused_unread(external_data):
    with pytest.raises(SbomError, match="larger than the limit"):
        parse_sbom_file(external_data / JUICE_SHOP, max_bytes=1_000_000)


def test_lenient_mode_keeps_a_real_sbom_broken_in_two_places(external_data):
    raw = raw_json(external_data, PROTON)
    raw["components"][3]["purl"] = 42
    del raw["components"][7]["name"]
    doc = parse_sbom(json.dumps(raw).encode(), file_name="proton.json", lenient=True)
    assert len(doc.components) == 201
    assert {e.location for e in doc.validation_errors} == {"/components/3/purl", "/components/7"}
    with pytest.raises(
        SbomError, match=r"at /components/3/purl: schema violation: .*\(and 1 more problem\)"
    ):
        parse_sbom(io.BytesIO(json.dumps(raw).encode()).getvalue(), file_name="proton.json")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CYCLONEDX))
def test_the_library_validators_also_accept_the_real_sboms(external_data, name):
    """The proof on real files; Juice Shop takes the library's validator ~100 s (iri-reference checks)."""
    version = SchemaVersion.from_version(CYCLONEDX[name][0])
    validator = XmlValidator(version) if name.endswith(".xml") else JsonStrictValidator(version)
    assert validator.validate_str((external_data / name).read_text("utf-8")) is None
