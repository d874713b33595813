"""Detection of kind, format and spec version from content, and refusal of what is not an SBOM."""

from __future__ import annotations

import pytest

from assets.sbom import SbomError, parse_sbom
from tests.assets.sbom.builders import cdx, cdx_xml, dumps, spdx


def refuse(data: bytes, file_name: str = "upload.json") -> SbomError:
    with pytest.raises(SbomError) as caught:
        parse_sbom(data, file_name=file_name)
    return caught.value


def test_it_detects_cyclonedx_json_and_its_version():
    doc = parse_sbom(dumps(cdx("1.5")), file_name="a.json")
    assert (doc.kind, doc.format, doc.spec_version) == ("cyclonedx", "json", "1.5")


def test_it_detects_cyclonedx_xml_by_namespace():
    doc = parse_sbom(cdx_xml("", spec="1.3"), file_name="a.xml")
    assert (doc.kind, doc.format, doc.spec_version) == ("cyclonedx", "xml", "1.3")


def test_it_detects_spdx_json_by_spdx_version():
    doc = parse_sbom(dumps(spdx("2.2")), file_name="a.spdx.json")
    assert (doc.kind, doc.format, doc.spec_version) == ("spdx", "json", "2.2")


def test_it_ignores_the_file_name_when_detecting():
    doc = parse_sbom(cdx_xml("", spec="1.7"), file_name="misleading.json")
    assert doc.format == "xml"


def test_it_accepts_a_utf8_byte_order_mark():
    assert parse_sbom(b"\xef\xbb\xbf" + dumps(cdx()), file_name="bom.json").spec_version == "1.6"


def test_it_refuses_content_that_is_neither_json_nor_xml():
    error = refuse(b"name,version\nlodash,4.17.21\n", "deps.csv")
    assert str(error) == "deps.csv: not an SBOM: the content is neither JSON nor XML"


def test_it_refuses_broken_json_naming_the_line():
    error = refuse(b'{\n  "bomFormat": "CycloneDX",\n  "specVersion": \n}')
    assert error.line == 4
    assert "not valid JSON" in str(error)


def test_it_refuses_json_nan_which_is_not_json():
    error = refuse(b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": NaN}')
    assert "NaN" in error.message


def test_it_refuses_a_json_array():
    assert "not an object" in refuse(b"[1, 2]").message


def test_it_refuses_json_that_is_no_sbom():
    assert "bomFormat" in refuse(dumps({"name": "x"})).message


def test_it_refuses_a_wrong_bom_format_naming_the_field():
    error = refuse(dumps(cdx() | {"bomFormat": "SWID"}))
    assert error.location == "/bomFormat"
    assert "wrong bomFormat 'SWID'" in str(error)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.8", "2.0", None])
def test_it_refuses_unsupported_cyclonedx_versions(version):
    error = refuse(dumps(cdx() | {"specVersion": version}))
    assert error.location == "/specVersion"
    assert "unsupported CycloneDX specVersion" in error.message


def test_it_refuses_an_unsupported_spdx_version():
    error = refuse(dumps(spdx() | {"spdxVersion": "SPDX-2.1"}))
    assert error.location == "/spdxVersion"


def test_it_refuses_an_xml_namespace_of_an_unsupported_version():
    error = refuse(cdx_xml("", spec="1.1"), "old.xml")
    assert "unsupported CycloneDX version '1.1'" in str(error)


def test_it_refuses_xml_whose_root_is_not_a_bom():
    error = refuse(
        b'<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"/>', "pom.xml"
    )
    assert "root element is <project>" in str(error)


def test_it_refuses_a_foreign_namespace():
    error = refuse(b'<bom xmlns="http://example.com/bom"/>', "x.xml")
    assert "unknown namespace" in error.message


def test_it_refuses_malformed_xml_naming_the_line():
    error = refuse(
        b'<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n</bom>',
        "x.xml",
    )
    assert error.line == 4
    assert "not well-formed XML" in str(error)
