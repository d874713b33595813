"""SPDX 2.2/2.3 JSON mapped onto the shared component model."""

from __future__ import annotations

import pytest

from assets.sbom import Hash, License, SbomError, parse_sbom
from tests.assets.sbom.builders import SHA512, dumps, package, spdx

DOC = spdx(
    packages=[
        package(
            "SPDXRef-app",
            "leitstand",
            versionInfo="2.1",
            supplier="Organization: ACME GmbH",
            primaryPackagePurpose="APPLICATION",
            licenseDeclared="Apache-2.0",
            licenseConcluded="Apache-2.0 AND MIT",
            checksums=[
                {"algorithm": "SHA512", "checksumValue": SHA512},
                {"algorithm": "SHA1", "checksumValue": "c" * 40},
            ],
            externalRefs=[
                {
                    "referenceCategory": "SECURITY",
                    "referenceType": "cpe23Type",
                    "referenceLocator": "cpe:2.3:a:acme:leitstand:2.1:*:*:*:*:*:*:*",
                },
                {
                    "referenceCategory": "SECURITY",
                    "referenceType": "cpe23Type",
                    "referenceLocator": "cpe:2.3:a:acme:leitstand_alt:2.1:*:*:*:*:*:*:*",
                },
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:generic/acme/leitstand@2.1",
                },
            ],
        ),
        package(
            "SPDXRef-lib",
            "openssl",
            versionInfo="3.0.13",
            supplier="NOASSERTION",
            licenseConcluded="NOASSERTION",
        ),
        package("SPDXRef-zlib", "zlib", versionInfo="1.3"),
    ],
    files=[
        {
            "SPDXID": "SPDXRef-file",
            "fileName": "/bin/leitstand",
            "checksums": [{"algorithm": "SHA1", "checksumValue": "d" * 40}],
        }
    ],
    relationships=[
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-app",
        },
        {
            "spdxElementId": "SPDXRef-app",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "SPDXRef-lib",
        },
        {
            "spdxElementId": "SPDXRef-zlib",
            "relationshipType": "DEPENDENCY_OF",
            "relatedSpdxElement": "SPDXRef-lib",
        },
        {
            "spdxElementId": "SPDXRef-app",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": "SPDXRef-file",
        },
        {
            "spdxElementId": "SPDXRef-lib",
            "relationshipType": "OTHER",
            "relatedSpdxElement": "SPDXRef-zlib",
        },
    ],
)


@pytest.fixture
def parsed():
    return parse_sbom(dumps(DOC), file_name="image.spdx.json")


def test_packages_become_components(parsed):
    assert [(c.bom_ref, c.name, c.version, c.type) for c in parsed.components] == [
        ("SPDXRef-app", "leitstand", "2.1", "application"),
        ("SPDXRef-lib", "openssl", "3.0.13", "library"),
        ("SPDXRef-zlib", "zlib", "1.3", "library"),
    ]


def test_external_refs_give_purl_and_the_first_cpe(parsed):
    app = parsed.components[0]
    assert app.purl == "pkg:generic/acme/leitstand@2.1"
    assert app.cpe == "cpe:2.3:a:acme:leitstand:2.1:*:*:*:*:*:*:*"


def test_checksums_become_hashes_in_cyclonedx_spelling(parsed):
    assert parsed.components[0].hashes == [Hash("SHA-512", SHA512), Hash("SHA-1", "c" * 40)]


def test_declared_and_concluded_licences_are_kept_without_noassertion(parsed):
    assert parsed.components[0].licenses == [
        License(id="Apache-2.0", acknowledgement="declared"),
        License(expression="Apache-2.0 AND MIT", acknowledgement="concluded"),
    ]
    assert parsed.components[1].licenses == []


def test_supplier_names_lose_their_prefix_and_noassertion_is_no_supplier(parsed):
    assert [c.supplier for c in parsed.components] == ["ACME GmbH", "", ""]


def test_depends_on_and_its_inverse_become_edges_between_packages(parsed):
    assert list(parsed.dependency_edges()) == [
        ("SPDXRef-app", "SPDXRef-lib"),
        ("SPDXRef-lib", "SPDXRef-zlib"),
    ]


def test_the_described_package_is_the_metadata_component(parsed):
    assert parsed.metadata_component is parsed.components[0]


def test_creators_become_tools_and_authors(parsed):
    assert [(t.name, t.version) for t in parsed.tools] == [("syft", "0.90.0")]
    assert [a.name for a in parsed.authors] == ["ACME"]
    assert parsed.timestamp is not None
    assert parsed.serial_number == "https://example.com/spdx/test"


def test_a_relationship_to_an_unknown_element_is_refused():
    doc = spdx(
        packages=[package("SPDXRef-a", "a")],
        relationships=[
            {
                "spdxElementId": "SPDXRef-a",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-ghost",
            }
        ],
    )
    with pytest.raises(SbomError) as caught:
        parse_sbom(dumps(doc), file_name="x.spdx.json")
    assert caught.value.location == "/relationships/0/relatedSpdxElement"


def test_a_package_without_a_name_is_a_schema_violation():
    doc = spdx(packages=[{"SPDXID": "SPDXRef-a", "downloadLocation": "NOASSERTION"}])
    with pytest.raises(SbomError) as caught:
        parse_sbom(dumps(doc), file_name="x.spdx.json")
    assert caught.value.location == "/packages/0"
    assert "name" in caught.value.message


def test_a_missing_creation_info_is_a_schema_violation():
    doc = spdx()
    del doc["creationInfo"]
    with pytest.raises(SbomError, match="creationInfo"):
        parse_sbom(dumps(doc), file_name="x.spdx.json")


def test_external_document_refs_and_noassertion_are_not_checked():
    relationships = [
        {
            "spdxElementId": "SPDXRef-a",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "DocumentRef-other:SPDXRef-b",
        },
        {
            "spdxElementId": "SPDXRef-a",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "NOASSERTION",
        },
    ]
    doc = parse_sbom(
        dumps(spdx(packages=[package("SPDXRef-a", "a")], relationships=relationships)),
        file_name="x.json",
    )
    assert doc.dependencies == []
