"""Schema violations, dangling and duplicate bom-refs: refused in strict mode, recorded in lenient mode."""

from __future__ import annotations

import pytest

from assets.sbom import SbomError, parse_sbom
from tests.assets.sbom.builders import cdx, cdx_xml, component, dumps


def refuse(data: bytes, file_name: str = "bom.json") -> SbomError:
    with pytest.raises(SbomError) as caught:
        parse_sbom(data, file_name=file_name)
    return caught.value


def with_components(*components, **fields):
    return cdx("1.6", components=list(components), **fields)


def test_a_schema_violation_names_the_json_pointer():
    doc = with_components(component("a"), component("b"), component("c"), component("d", purl=5))
    error = refuse(dumps(doc))
    assert error.location == "/components/3/purl"
    assert str(error).startswith(
        "bom.json at /components/3/purl: schema violation: 5 is not of type"
    )


def test_a_one_of_failure_points_at_the_deepest_cause():
    doc = with_components(component("a", licenses=[{"license": {"id": "Apache-2"}}]))
    error = refuse(dumps(doc))
    assert error.location == "/components/0/licenses/0/license/id"
    assert "Apache-2" in error.message


def test_an_xml_schema_violation_names_xpath_and_line():
    body = """<components>
  <component type="library"><name>a</name></component>
  <component type="library"><name>b</name><scope>sometimes</scope></component>
</components>"""
    error = refuse(cdx_xml(body), "bom.xml")
    assert error.location == "/bom/components/component[2]/scope"
    assert error.line == 5
    assert "sometimes" in error.message


def test_a_dangling_depends_on_is_refused_naming_the_place():
    doc = with_components(component("a"), dependencies=[{"ref": "a", "dependsOn": ["ghost"]}])
    error = refuse(dumps(doc))
    assert (
        str(error)
        == "bom.json at /dependencies/0/dependsOn/0: reference error: dependsOn 'ghost' names no bom-ref in this document"
    )


def test_a_dangling_dependency_ref_is_refused():
    error = refuse(dumps(with_components(component("a"), dependencies=[{"ref": "ghost"}])))
    assert error.location == "/dependencies/0/ref"


def test_a_dangling_vulnerability_affects_ref_is_refused():
    vulnerabilities = [{"id": "CVE-2024-0001", "affects": [{"ref": "a"}, {"ref": "ghost"}]}]
    error = refuse(dumps(with_components(component("a"), vulnerabilities=vulnerabilities)))
    assert error.location == "/vulnerabilities/0/affects/1/ref"
    assert "CVE-2024-0001" in error.message


def test_a_dangling_composition_assembly_is_refused():
    compositions = [{"aggregate": "complete", "assemblies": ["a", "ghost"]}]
    error = refuse(dumps(with_components(component("a"), compositions=compositions)))
    assert error.location == "/compositions/0/assemblies/1"


def test_a_dangling_xml_dependency_names_xpath_and_line():
    body = """<components><component type="library" bom-ref="a"><name>a</name></component></components>
<dependencies>
  <dependency ref="a">
    <dependency ref="ghost"/>
  </dependency>
</dependencies>"""
    error = refuse(cdx_xml(body), "bom.xml")
    assert error.location == "/bom/dependencies/dependency/dependency"
    assert error.line == 6


def test_a_reference_to_a_nested_component_or_a_service_is_fine():
    doc = with_components(
        component("a", components=[component("a-inner")]),
        services=[{"bom-ref": "svc", "name": "api"}],
        dependencies=[{"ref": "a", "dependsOn": ["a-inner", "svc"]}],
    )
    assert len(parse_sbom(dumps(doc), file_name="ok.json").components) == 2


def test_a_reference_to_any_other_identifiable_object_is_fine():
    formulation = [{"bom-ref": "formula-1", "components": [component("build-tool")]}]
    doc = with_components(
        component("a"),
        formulation=formulation,
        dependencies=[{"ref": "a", "dependsOn": ["formula-1"]}],
    )
    doc = parse_sbom(dumps(doc), file_name="ok.json")
    assert [c.bom_ref for c in doc.components] == ["a"]


def test_a_bom_link_into_another_bom_is_not_checked():
    link = "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lib-x"
    doc = parse_sbom(
        dumps(with_components(component("a"), dependencies=[{"ref": "a", "dependsOn": [link]}])),
        file_name="ok.json",
    )
    assert doc.dependencies[0].depends_on == [link]


def test_a_duplicate_bom_ref_is_refused_in_strict_mode():
    doc = with_components(component("a", name="first"), component("a", name="second"))
    error = refuse(dumps(doc))
    assert error.location == "/components/1"
    assert "duplicate bom-ref 'a'" in error.message


def test_a_duplicate_bom_ref_is_kept_with_an_error_in_lenient_mode():
    doc = parse_sbom(
        dumps(with_components(component("a", name="first"), component("a", name="second"))),
        file_name="dup.json",
        lenient=True,
    )
    assert [c.name for c in doc.components] == ["first", "second"]
    assert [(e.location, e.message) for e in doc.validation_errors] == [
        ("/components/1", "duplicate bom-ref 'a'")
    ]


def test_lenient_mode_returns_a_schema_invalid_document_with_its_errors():
    doc = with_components(
        component("a", purl=5), {"type": "library"}, dependencies=[{"ref": "ghost"}]
    )
    parsed = parse_sbom(dumps(doc), file_name="bad.json", lenient=True)
    assert len(parsed.components) == 2
    locations = [e.location for e in parsed.validation_errors]
    assert "/components/0/purl" in locations
    assert "/components/1" in locations  # name missing
    assert "/dependencies/0/ref" in locations  # dangling


def test_lenient_mode_survives_wrong_types_everywhere():
    doc = cdx(
        "1.6",
        components=[component("a", hashes="x", licenses={"id": 1}, supplier="s"), 7, "x"],
        metadata=[],
        dependencies={"a": 1},
        vulnerabilities=[{"affects": "a", "ratings": [None]}],
    )
    parsed = parse_sbom(dumps(doc), file_name="garbage.json", lenient=True)
    assert [c.bom_ref for c in parsed.components] == ["a"]
    assert parsed.validation_errors


def test_lenient_mode_still_refuses_what_cannot_be_parsed():
    with pytest.raises(SbomError, match="not valid JSON"):
        parse_sbom(b'{"bomFormat": ', file_name="cut.json", lenient=True)


def test_lenient_mode_still_refuses_an_unknown_version():
    with pytest.raises(SbomError, match="unsupported"):
        parse_sbom(dumps(cdx("1.9")), file_name="new.json", lenient=True)


def test_lenient_xml_keeps_xsd_errors_with_lines():
    body = (
        '<components><component type="gadget" bom-ref="a"><name>a</name></component></components>'
    )
    doc = parse_sbom(cdx_xml(body), file_name="bad.xml", lenient=True)
    assert [c.type for c in doc.components] == ["gadget"]
    (issue,) = doc.validation_errors
    assert (issue.location, issue.line) == ("/bom/components/component", 3)
