"""Parsing CycloneDX JSON and XML into the flat, bulk_create-shaped document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assets.sbom import Hash, License, parse_sbom
from tests.assets.sbom.builders import SHA256, SHA512, cdx, cdx_xml, component, dumps

FULL_JSON = cdx(
    "1.6",
    metadata={
        "timestamp": "2024-05-06T07:08:09Z",
        "authors": [{"name": "Erika Mustermann", "email": "erika@example.com"}],
        "tools": {
            "components": [
                {"type": "application", "name": "cdxgen", "version": "10.0.0", "publisher": "OWASP"}
            ]
        },
        "manufacturer": {"name": "ACME Steuerungstechnik"},
        "supplier": {"name": "ACME Vertrieb"},
        "component": {
            "type": "application",
            "bom-ref": "app",
            "name": "leitstand",
            "version": "2.1",
        },
    },
    components=[
        component(
            "lib-a",
            group="org.example",
            purl="pkg:maven/org.example/lib-a@1.0.0",
            cpe="cpe:2.3:a:example:lib-a:1.0.0:*:*:*:*:*:*:*",
            hashes=[{"alg": "SHA-512", "content": SHA512}, {"alg": "SHA-256", "content": SHA256}],
            licenses=[{"license": {"id": "Apache-2.0"}}],
            supplier={"name": "Example Org"},
            scope="required",
            components=[component("lib-a-sub", components=[component("lib-a-sub-sub")])],
        ),
        component("lib-b", licenses=[{"expression": "MIT OR GPL-2.0-only"}]),
    ],
    dependencies=[
        {"ref": "app", "dependsOn": ["lib-a", "lib-b"]},
        {"ref": "lib-a", "dependsOn": []},
    ],
    vulnerabilities=[
        {
            "bom-ref": "vuln-1",
            "id": "CVE-2021-44228",
            "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"},
            "ratings": [
                {
                    "source": {"name": "NVD"},
                    "score": 10.0,
                    "severity": "critical",
                    "method": "CVSSv31",
                    "vector": "AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
                }
            ],
            "cwes": [502, 400],
            "description": "Log4Shell",
            "analysis": {
                "state": "not_affected",
                "justification": "code_not_reachable",
                "response": ["will_not_fix"],
                "detail": "JNDI disabled",
            },
            "affects": [
                {
                    "ref": "lib-a",
                    "versions": [
                        {"version": "1.0.0", "status": "unaffected"},
                        {"range": "vers:maven/<2.15.0", "status": "affected"},
                    ],
                }
            ],
        }
    ],
    properties=[{"name": "bollwerk:site", "value": "Wasserwerk Nord"}],
    declarations={"assessors": [{"bom-ref": "assessor-1", "thirdParty": True}]},
    signature={"algorithm": "ES256", "value": "c2lnbmF0dXJl"},
)

FULL_XML = cdx_xml(
    """
  <metadata>
    <timestamp>2024-05-06T07:08:09Z</timestamp>
    <tools><components><component type="application"><publisher>OWASP</publisher><name>cdxgen</name><version>10.0.0</version></component></components></tools>
    <authors><author><name>Erika Mustermann</name><email>erika@example.com</email></author></authors>
    <component type="application" bom-ref="app"><name>leitstand</name><version>2.1</version></component>
    <manufacturer><name>ACME Steuerungstechnik</name></manufacturer>
    <supplier><name>ACME Vertrieb</name></supplier>
  </metadata>
  <components>
    <component type="library" bom-ref="lib-a">
      <supplier><name>Example Org</name></supplier>
      <group>org.example</group><name>lib-a</name><version>1.0.0</version><scope>required</scope>
      <hashes><hash alg="SHA-512">{SHA512}</hash><hash alg="SHA-256">{SHA256}</hash></hashes>
      <licenses><license><id>Apache-2.0</id></license></licenses>
      <cpe>cpe:2.3:a:example:lib-a:1.0.0:*:*:*:*:*:*:*</cpe>
      <purl>pkg:maven/org.example/lib-a@1.0.0</purl>
      <components>
        <component type="library" bom-ref="lib-a-sub"><name>lib-a-sub</name><version>1.0.0</version>
          <components><component type="library" bom-ref="lib-a-sub-sub"><name>lib-a-sub-sub</name><version>1.0.0</version></component></components>
        </component>
      </components>
    </component>
    <component type="library" bom-ref="lib-b"><name>lib-b</name><version>1.0.0</version>
      <licenses><expression>MIT OR GPL-2.0-only</expression></licenses></component>
  </components>
  <dependencies>
    <dependency ref="app"><dependency ref="lib-a"/><dependency ref="lib-b"/></dependency>
    <dependency ref="lib-a"/>
  </dependencies>
  <properties><property name="bollwerk:site">Wasserwerk Nord</property></properties>
  <vulnerabilities>
    <vulnerability bom-ref="vuln-1">
      <id>CVE-2021-44228</id>
      <source><name>NVD</name><url>https://nvd.nist.gov/vuln/detail/CVE-2021-44228</url></source>
      <ratings><rating><source><name>NVD</name></source><score>10.0</score><severity>critical</severity><method>CVSSv31</method><vector>AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H</vector></rating></ratings>
      <cwes><cwe>502</cwe><cwe>400</cwe></cwes>
      <description>Log4Shell</description>
      <analysis><state>not_affected</state><justification>code_not_reachable</justification><responses><response>will_not_fix</response></responses><detail>JNDI disabled</detail></analysis>
      <affects><target><ref>lib-a</ref><versions><version><version>1.0.0</version><status>unaffected</status></version><version><range>vers:maven/&lt;2.15.0</range><status>affected</status></version></versions></target></affects>
    </vulnerability>
  </vulnerabilities>
""".replace("{SHA512}", SHA512).replace("{SHA256}", SHA256)
)


@pytest.fixture(params=["json", "xml"])
def full(request):
    data = dumps(FULL_JSON) if request.param == "json" else FULL_XML
    return parse_sbom(data, file_name=f"full.{request.param}")


def test_it_keeps_the_document_header(full):
    assert full.serial_number == "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    assert full.version == 1
    assert full.timestamp == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert [a.name for a in full.authors] == ["Erika Mustermann"]
    assert [(t.name, t.vendor, t.version, t.kind) for t in full.tools] == [
        ("cdxgen", "OWASP", "10.0.0", "component")
    ]
    assert (full.manufacturer, full.supplier) == ("ACME Steuerungstechnik", "ACME Vertrieb")
    assert full.metadata_component.name == "leitstand"


def test_it_flattens_nested_components_recording_the_parent(full):
    assert [(c.bom_ref, c.parent) for c in full.components] == [
        ("lib-a", None),
        ("lib-a-sub", 0),
        ("lib-a-sub-sub", 1),
        ("lib-b", None),
    ]


def test_it_does_not_count_metadata_component_as_a_component(full):
    assert "app" not in {c.bom_ref for c in full.components}


def test_it_keeps_every_component_field(full):
    lib_a = full.components[0]
    assert (lib_a.type, lib_a.group, lib_a.name, lib_a.version, lib_a.scope) == (
        "library",
        "org.example",
        "lib-a",
        "1.0.0",
        "required",
    )
    assert lib_a.purl == "pkg:maven/org.example/lib-a@1.0.0"
    assert lib_a.cpe.startswith("cpe:2.3:a:example:lib-a")
    assert lib_a.hashes == [Hash("SHA-512", SHA512), Hash("SHA-256", SHA256)]
    assert lib_a.licenses == [License(id="Apache-2.0")]
    assert lib_a.supplier == "Example Org"
    assert full.components[3].licenses == [License(expression="MIT OR GPL-2.0-only")]


def test_it_keeps_the_dependency_graph_including_empty_entries(full):
    assert [(d.ref, d.depends_on) for d in full.dependencies] == [
        ("app", ["lib-a", "lib-b"]),
        ("lib-a", []),
    ]
    assert list(full.dependency_edges()) == [("app", "lib-a"), ("app", "lib-b")]


def test_it_keeps_vulnerabilities_with_analysis_and_affects(full):
    (vuln,) = full.vulnerabilities
    assert (vuln.id, vuln.bom_ref, vuln.source_name) == ("CVE-2021-44228", "vuln-1", "NVD")
    assert vuln.cwes == [502, 400]
    assert (vuln.ratings[0].score, vuln.ratings[0].severity, vuln.ratings[0].method) == (
        10.0,
        "critical",
        "CVSSv31",
    )
    assert (
        vuln.analysis_state,
        vuln.analysis_justification,
        vuln.analysis_response,
        vuln.analysis_detail,
    ) == (
        "not_affected",
        "code_not_reachable",
        ["will_not_fix"],
        "JNDI disabled",
    )
    assert vuln.affects[0].ref == "lib-a"
    assert [(v.version, v.range, v.status) for v in vuln.affects[0].versions] == [
        ("1.0.0", "", "unaffected"),
        ("", "vers:maven/<2.15.0", "affected"),
    ]


def test_it_keeps_properties(full):
    assert [(p.name, p.value) for p in full.properties] == [("bollwerk:site", "Wasserwerk Nord")]


def test_it_keeps_signature_and_declarations_raw_in_json():
    doc = parse_sbom(dumps(FULL_JSON), file_name="full.json")
    assert doc.signature == {"algorithm": "ES256", "value": "c2lnbmF0dXJl"}
    assert doc.declarations == {"assessors": [{"bom-ref": "assessor-1", "thirdParty": True}]}


def test_it_reads_the_legacy_tools_array():
    doc = parse_sbom(
        dumps(
            cdx(
                "1.4",
                metadata={
                    "tools": [
                        {
                            "vendor": "CycloneDX",
                            "name": "cyclonedx-maven-plugin",
                            "version": "2.7.9",
                        }
                    ]
                },
            )
        ),
        file_name="t.json",
    )
    assert [(t.name, t.vendor, t.version, t.kind) for t in doc.tools] == [
        ("cyclonedx-maven-plugin", "CycloneDX", "2.7.9", "tool")
    ]


def test_it_reads_tool_services_of_the_object_form():
    tools = {"services": [{"name": "sbom-service", "version": "3", "provider": {"name": "ACME"}}]}
    doc = parse_sbom(dumps(cdx("1.5", metadata={"tools": tools})), file_name="t.json")
    assert [(t.name, t.vendor, t.kind) for t in doc.tools] == [("sbom-service", "ACME", "service")]


def test_it_records_where_each_component_was_found():
    doc = parse_sbom(dumps(FULL_JSON), file_name="full.json")
    assert [c.pointer for c in doc.components] == [
        "/components/0",
        "/components/0/components/0",
        "/components/0/components/0/components/0",
        "/components/1",
    ]


def test_it_computes_the_digest_and_size_of_the_upload():
    data = dumps(cdx())
    doc = parse_sbom(data, file_name="a.json")
    assert doc.size == len(data)
    assert len(doc.sha256) == 64
