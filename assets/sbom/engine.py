"""The engine's entry points: bytes in, a validated and fully parsed :class:`SbomDocument` out.

Order of work: size limit (before any parsing) → optional zip unpacking →
detection of kind, format and version from content → schema validation of
the declared version → parsing → reference check. In strict mode the first
problem raises :class:`SbomError`; in lenient mode schema and reference
problems are returned in ``validation_errors`` and only undecodable input
(not JSON/XML, unknown format or version, unsafe XML, size, archive) raises.

Two paths do that work. The memory-lean one (:func:`parse_lean`) validates
and parses CycloneDX entry by entry without the document's whole tree and
accepts only documents without any problem; everything else goes the full
path (:func:`parse_full`: the whole tree, validated at once), which also
gives every error message. Both yield the same document (a test holds them
to that on the CycloneDX corpus).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assets.sbom.archive import (
    DEFAULT_MAX_BYTES,
    UploadedMember,
    ZipLimits,
    too_large,
    unpack_upload,
)
from assets.sbom.detect import Detected, decode_json, detect, detect_json, first_char
from assets.sbom.errors import SbomError, ValidationIssue
from assets.sbom.jsonschema_validation import (
    cyclonedx_json_validator,
    spdx_json_validator,
    validate_json,
)
from assets.sbom.model import SbomDocument
from assets.sbom.parse_cyclonedx_json import parse_cyclonedx_json
from assets.sbom.parse_cyclonedx_xml import parse_cyclonedx_xml
from assets.sbom.parse_spdx import parse_spdx_json
from assets.sbom.references import check_references
from assets.sbom.stream_json import read_cyclonedx_json
from assets.sbom.stream_xml import read_cyclonedx_xml
from assets.sbom.xml_validation import validate_xml


def parse_sbom(
    data: bytes,
    *,
    file_name: str = "",
    lenient: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_zip: bool = False,
    zip_limits: ZipLimits | None = None,
) -> SbomDocument:
    """Validate and parse one SBOM (CycloneDX JSON/XML 1.2–1.7, SPDX 2.2/2.3 JSON).

    ``max_bytes`` (pass ``settings.BOLLWERK_UPLOAD_MAX_BYTES``) is checked
    before parsing. A zip archive is accepted only with ``allow_zip`` and
    must then hold exactly one file (see :func:`parse_sbom_archive` for more).
    Raises :class:`SbomError` naming the file and the place on bad input.
    """
    members = unpack_upload(
        data, file_name=file_name, max_bytes=max_bytes, allow_zip=allow_zip, zip_limits=zip_limits
    )
    del data
    return _parse_single(members, file_name=file_name, lenient=lenient)


def parse_sbom_archive(
    data: bytes,
    *,
    file_name: str = "",
    lenient: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    zip_limits: ZipLimits | None = None,
) -> list[SbomDocument]:
    """Every SBOM in a zip archive (or the one SBOM ``data`` is), each validated and parsed."""
    members = unpack_upload(
        data, file_name=file_name, max_bytes=max_bytes, allow_zip=True, zip_limits=zip_limits
    )
    del data
    documents: list[SbomDocument] = []
    while members:
        documents.append(_parse_one(members.pop(0), lenient=lenient))
    return documents


def parse_sbom_file(
    path: str | Path,
    *,
    lenient: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_zip: bool = False,
    zip_limits: ZipLimits | None = None,
    file_name: str = "",
) -> SbomDocument:
    """:func:`parse_sbom` for a file on disk; the size limit is checked before the file is read.

    The engine owns the bytes it reads here and drops them once they are
    decoded, which lowers the peak memory by the file's size. ``file_name``
    names the document in messages (an upload's own name, not its temporary
    file's); the path's name by default.
    """
    path = Path(path)
    name = file_name or path.name
    if path.stat().st_size > max_bytes:
        raise too_large(name, max_bytes)
    members = unpack_upload(
        path.read_bytes(),
        file_name=name,
        max_bytes=max_bytes,
        allow_zip=allow_zip,
        zip_limits=zip_limits,
    )
    return _parse_single(members, file_name=name, lenient=lenient)


def _parse_single(members: list[UploadedMember], *, file_name: str, lenient: bool) -> SbomDocument:
    if len(members) != 1:
        names = ", ".join(member.name for member in members[:5])
        raise SbomError(
            file_name,
            f"the zip archive holds {len(members)} files ({names}); expected exactly one SBOM",
        )
    return _parse_one(members.pop(), lenient=lenient)


def _parse_one(member: UploadedMember, *, lenient: bool) -> SbomDocument:
    file_name, data = member.name, member.data
    del member
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    content = decoded(data, file_name=file_name)
    del data
    doc = parse_lean(content, file_name=file_name)
    if doc is None:
        detected = _detect(content, file_name=file_name)
        del content  # decoded: the raw bytes or text are not needed any more
        doc = _parse_detected(detected, file_name=file_name, lenient=lenient)
    doc.sha256, doc.size = digest, size
    return doc


def decoded(data: bytes, *, file_name: str) -> bytes | str:
    """What the parsers read: a JSON object as the text ``json.loads`` would decode, else the bytes.

    Holding the text instead of the bytes lets the engine drop the bytes early.
    """
    return decode_json(data, file_name=file_name) if first_char(data) == "{" else data


def parse_lean(content: bytes | str, *, file_name: str) -> SbomDocument | None:
    """The document from the memory-lean path, when it vouches for it and no reference is wrong.

    Covers valid CycloneDX JSON (:mod:`~assets.sbom.stream_json`) and XML
    (:mod:`~assets.sbom.stream_xml`); for anything else (SPDX, any error,
    lenient mode's findings) it returns ``None`` and :func:`parse_full`
    decides, with the messages users see.
    """
    if isinstance(content, str):
        lean = read_cyclonedx_json(content, file_name=file_name)
    elif first_char(content) == "<":
        lean = read_cyclonedx_xml(content, file_name=file_name)
    else:
        return None
    if lean is None or check_references(*lean):
        return None
    return lean[0]


def parse_full(content: bytes | str, *, file_name: str, lenient: bool) -> SbomDocument:
    """Decode the whole document into a tree, validate it, parse it and check its references."""
    return _parse_detected(
        _detect(content, file_name=file_name), file_name=file_name, lenient=lenient
    )


def _detect(content: bytes | str, *, file_name: str) -> Detected:
    if isinstance(content, str):
        return detect_json(content, file_name=file_name)
    return detect(content, file_name=file_name)


def _parse_detected(detected: Detected, *, file_name: str, lenient: bool) -> SbomDocument:
    version = detected.spec_version
    if detected.kind == "spdx":
        issues = validate_json(spdx_json_validator(), detected.content)
    elif detected.format == "json":
        issues = validate_json(cyclonedx_json_validator(version), detected.content)
    else:
        issues = validate_xml(detected.content, version)
    if issues and not lenient:
        raise SbomError.from_issues(file_name, issues)
    if detected.kind == "spdx":
        doc, context = parse_spdx_json(detected.content, file_name=file_name, spec_version=version)
    elif detected.format == "json":
        doc, context = parse_cyclonedx_json(
            detected.content, file_name=file_name, spec_version=version
        )
    else:
        doc, context = parse_cyclonedx_xml(
            detected.content, file_name=file_name, spec_version=version
        )
    reference_issues: list[ValidationIssue] = check_references(doc, context)
    if reference_issues and not lenient:
        raise SbomError.from_issues(file_name, reference_issues, what="reference error")
    doc.validation_errors = issues + reference_issues
    return doc
