"""Size limit before parsing; zip archives only on request and within limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from assets.sbom import (
    SbomError,
    ZipLimits,
    parse_sbom,
    parse_sbom_archive,
    parse_sbom_file,
    read_limited,
)
from tests.assets.sbom.builders import cdx, component, dumps

DOC = dumps(cdx(components=[component("a")]))


def zipped(*members: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_refuses_input_over_the_size_limit_before_parsing():
    with pytest.raises(SbomError, match="larger than the limit of 100 bytes"):
        parse_sbom(b"{" + b" " * 200, file_name="big.json", max_bytes=100)


def test_it_accepts_input_at_the_size_limit():
    assert parse_sbom(DOC, file_name="exact.json", max_bytes=len(DOC)).components[0].bom_ref == "a"


def test_it_checks_a_files_size_before_reading_it(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(DOC)
    with pytest.raises(SbomError, match=r"big\.json: file is larger"):
        parse_sbom_file(path, max_bytes=10)
    assert parse_sbom_file(path).file_name == "big.json"


def test_read_limited_stops_reading_past_the_limit():
    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(SbomError):
        read_limited(stream, file_name="upload", max_bytes=100)
    assert stream.tell() == 101


def test_it_refuses_a_zip_unless_asked():
    with pytest.raises(SbomError, match="zip archives are not accepted"):
        parse_sbom(zipped(("bom.json", DOC)), file_name="bom.zip")


def test_it_unpacks_a_zip_when_asked():
    doc = parse_sbom(zipped(("sboms/bom.json", DOC)), file_name="bom.zip", allow_zip=True)
    assert doc.file_name == "bom.zip:sboms/bom.json"
    assert [c.bom_ref for c in doc.components] == ["a"]


def test_it_parses_every_member_of_an_archive():
    docs = parse_sbom_archive(zipped(("a.json", DOC), ("b.json", DOC)), file_name="two.zip")
    assert [d.file_name for d in docs] == ["two.zip:a.json", "two.zip:b.json"]


def test_parse_sbom_wants_exactly_one_member():
    with pytest.raises(SbomError, match="holds 2 files"):
        parse_sbom(zipped(("a.json", DOC), ("b.json", DOC)), file_name="two.zip", allow_zip=True)


@pytest.mark.parametrize(
    "name",
    ["../evil.json", "/etc/evil.json", "a/../../evil.json", "C:\\evil.json", "..\\evil.json"],
)
def test_it_refuses_path_traversal_names(name):
    with pytest.raises(SbomError, match="unsafe path") as caught:
        parse_sbom(zipped((name, DOC)), file_name="evil.zip", allow_zip=True)
    assert caught.value.location == name


def test_it_refuses_too_many_files():
    members = [(f"{i}.json", DOC) for i in range(4)]
    with pytest.raises(SbomError, match="holds 4 files; at most 3"):
        parse_sbom_archive(
            zipped(*members), file_name="many.zip", zip_limits=ZipLimits(max_files=3)
        )


def test_it_refuses_a_large_total_uncompressed_size():
    with pytest.raises(SbomError, match="unpacks to"):
        parse_sbom_archive(
            zipped(("a.json", DOC)), file_name="big.zip", zip_limits=ZipLimits(max_total_bytes=10)
        )


def test_it_refuses_a_zip_bomb_by_compression_ratio():
    bomb = zipped(("bomb.json", b"{" + b" " * 5_000_000 + b"}"))
    with pytest.raises(SbomError, match="compression ratio"):
        parse_sbom(bomb, file_name="bomb.zip", allow_zip=True)


def test_it_refuses_a_member_larger_than_its_header_says():
    data = bytearray(zipped(("a.json", DOC), compression=zipfile.ZIP_STORED))
    # Shrink the declared size in the central directory: the real content is longer.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(SbomError):
        parse_sbom(bytes(data), file_name="liar.zip", allow_zip=True)


def test_it_refuses_a_broken_zip():
    with pytest.raises(SbomError, match="not a readable zip"):
        parse_sbom(b"PK\x03\x04garbage", file_name="broken.zip", allow_zip=True)
