"""Hostile XML: DOCTYPE and ENTITY declarations are refused before any expansion or fetch."""

from __future__ import annotations

import time

import pytest

from assets.sbom import SbomError, parse_sbom

NS = "http://cyclonedx.org/schema/bom/1.6"


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE bom [\n{chr(10).join(entities)}\n]>\n'
        f'<bom xmlns="{NS}" version="1"><components><component type="library"><name>&lol9;</name></component></components></bom>'
    ).encode()


def test_it_refuses_billion_laughs_quickly():
    started = time.perf_counter()
    with pytest.raises(SbomError, match="DOCTYPE/ENTITY declarations are not allowed"):
        parse_sbom(billion_laughs(), file_name="laughs.xml")
    assert time.perf_counter() - started < 1


def test_it_refuses_an_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        f'<bom xmlns="{NS}" version="1"><components><component type="library"><name>&xxe;</name></component></components></bom>'
    ).encode()
    with pytest.raises(SbomError) as caught:
        parse_sbom(data, file_name="xxe.xml", lenient=True)
    assert "TOP SECRET" not in str(caught.value)
    assert "DOCTYPE" in str(caught.value)


def test_it_refuses_a_bare_doctype():
    data = f'<?xml version="1.0"?>\n<!DOCTYPE bom SYSTEM "http://example.com/bom.dtd">\n<bom xmlns="{NS}" version="1"/>'.encode()
    with pytest.raises(SbomError, match="DOCTYPE"):
        parse_sbom(data, file_name="dtd.xml")


def test_it_accepts_utf16_xml():
    data = f'<?xml version="1.0" encoding="UTF-16"?>\n<bom xmlns="{NS}" version="1"/>'.encode(
        "utf-16"
    )
    assert parse_sbom(data, file_name="utf16.xml").spec_version == "1.6"
