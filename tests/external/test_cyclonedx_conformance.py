"""The CycloneDX specification's own test documents (1.2–1.7): valid ones accepted and fully parsed,
invalid ones refused, and the fast validators agreeing with cyclonedx-python-lib's on every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator
from django.conf import settings

from assets.sbom import SbomDocument, SbomError, parse_sbom
from assets.sbom.detect import detect
from assets.sbom.engine import decoded, parse_full, parse_lean
from assets.sbom.jsonschema_validation import cyclonedx_json_validator, validate_json
from assets.sbom.xml_validation import validate_xml
from tests.external.sbom_counts import json_component_keys, xml_component_keys

CORPUS = "cyclonedx-conformance"
VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")


def corpus_files(prefix: str) -> list[str]:
    """Paths relative to the corpus folder, found at collection time ([] without the data)."""
    root = Path(settings.BOLLWERK_EXTERNAL_DATA) / CORPUS
    if not root.is_dir():
        return ["<corpus missing>"]
    return sorted(
        f"{version}/{path.name}"
        for version in VERSIONS
        for path in (root / version).glob(f"{prefix}*")
        if path.suffix in (".json", ".xml")
    )


VALID = corpus_files("valid-")
INVALID = corpus_files("invalid-")
OTHER = corpus_files("skip_invalid-") + corpus_files("informal-invalid-")
ALL = VALID + INVALID + OTHER


def read(external_data: Path, name: str) -> bytes:
    return (external_data / CORPUS / name).read_bytes()


def test_the_corpus_has_the_documented_size(external_data):
    counts = {prefix: len(corpus_files(prefix)) for prefix in ("valid-", "invalid-")}
    assert counts == {"valid-": 218 + 232, "invalid-": 139 + 150}
    assert len(OTHER) == 4


@pytest.mark.parametrize("name", VALID)
def test_valid_documents_are_accepted_and_every_component_is_kept(external_data, name):
    data = read(external_data, name)
    doc = parse_sbom(data, file_name=name)
    assert doc.validation_errors == []
    assert doc.spec_version == name.split("/")[0]
    expected = (
        json_component_keys(json.loads(data))
        if name.endswith(".json")
        else xml_component_keys(data)
    )
    assert sorted((c.bom_ref, c.name) for c in doc.components) == sorted(expected)


@pytest.mark.parametrize("name", INVALID)
def test_invalid_documents_are_refused_with_one_clear_line(external_data, name):
    with pytest.raises(SbomError) as caught:
        parse_sbom(read(external_data, name), file_name=name)
    message = str(caught.value)
    assert message.startswith(name)
    assert "\n" not in message


@pytest.mark.parametrize("name", OTHER)
def test_skipped_and_informally_invalid_documents_do_not_crash_the_engine(external_data, name):
    try:
        result = parse_sbom(read(external_data, name), file_name=name)
    except SbomError as error:
        assert str(error).startswith(name)
    else:
        assert isinstance(result, SbomDocument)
    assert isinstance(
        parse_sbom(read(external_data, name), file_name=name, lenient=True), SbomDocument
    )


@pytest.mark.parametrize("name", INVALID)
def test_invalid_documents_that_can_be_read_are_kept_in_lenient_mode_with_errors(
    external_data, name
):
    try:
        doc = parse_sbom(read(external_data, name), file_name=name, lenient=True)
    except SbomError as error:  # undecodable: wrong bomFormat or namespace
        assert (
            "bomFormat" in error.message
            or "namespace" in error.message
            or "version" in error.message
        )
    else:
        assert doc.validation_errors
        assert all(issue.location is not None and issue.message for issue in doc.validation_errors)


@pytest.mark.parametrize("name", ALL)
def test_the_lean_path_takes_every_valid_document_and_parses_it_as_the_full_path_does(
    external_data, name
):
    data = read(external_data, name)
    try:
        content = decoded(data, file_name=name)
    except SbomError:
        assert name not in VALID
        return
    lean = parse_lean(content, file_name=name)
    try:
        full = parse_full(content, file_name=name, lenient=False)
    except SbomError:
        assert lean is None  # refused documents always go the full path, for its message
    else:
        assert lean is not None
        assert lean == full


def fast_verdict(data: bytes, name: str) -> bool:
    """Whether the engine's own schema validation (jsonschema-rs / lxml) accepts the file."""
    try:
        detected = detect(data, file_name=name)
    except SbomError:
        return False
    if detected.format == "json":
        return not validate_json(cyclonedx_json_validator(detected.spec_version), detected.content)
    return not validate_xml(detected.content, detected.spec_version)


def library_verdict(data: bytes, name: str) -> bool:
    """Whether cyclonedx-python-lib's validator for the file's version accepts it."""
    version = SchemaVersion.from_version(name.split("/")[0])
    validator = JsonStrictValidator(version) if name.endswith(".json") else XmlValidator(version)
    return validator.validate_str(data.decode("utf-8")) is None


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_the_fast_validator_agrees_with_cyclonedx_python_lib(external_data, name):
    data = read(external_data, name)
    assert fast_verdict(data, name) == library_verdict(data, name)
