"""Detecting what an upload is from its content: CycloneDX JSON/XML or SPDX JSON, and which version.

JSON: ``bomFormat`` + ``specVersion`` (CycloneDX) or ``spdxVersion`` (SPDX).
XML: the root ``bom`` element's namespace ``http://cyclonedx.org/schema/bom/1.x``.
XML is parsed with a hardened lxml parser, and any DOCTYPE (hence any ENTITY
declaration: billion laughs, XXE) is refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from assets.sbom.errors import SbomError
from assets.sbom.model import SbomFormat, SbomKind

CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
SPDX_VERSIONS = ("2.2", "2.3")
CYCLONEDX_NS_PREFIX = "http://cyclonedx.org/schema/bom/"
_PROLOG_CHUNK = 64 * 1024
_NS_RE = re.compile(r"^http://cyclonedx\.org/schema/bom/(\d+\.\d+)$")


@dataclass(slots=True)
class Detected:
    """What an upload is: ``content`` is the decoded JSON object or the XML root element."""

    kind: SbomKind
    format: SbomFormat
    spec_version: str
    content: Any


def detect(data: bytes, *, file_name: str) -> Detected:
    """Decode ``data`` and tell its kind, format and spec version; raise :class:`SbomError` otherwise."""
    first = first_char(data)
    if first in ("{", "["):
        return detect_json(data, file_name=file_name)
    if first == "<":
        return _detect_xml(data, file_name=file_name)
    raise SbomError(file_name, "not an SBOM: the content is neither JSON nor XML")


def first_char(data: bytes) -> str:
    """The first non-blank character, looking through a UTF-8 or UTF-16 byte order mark."""
    head = data[:256]
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    text = head.decode(encoding, errors="ignore").lstrip()
    return text[:1]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


#: ``json.loads(data, parse_constant=...)`` split in its two steps (decode, then parse), so that
#: the engine can keep the decoded text instead of the bytes; results and errors are the same.
JSON_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def decode_json(data: bytes, *, file_name: str) -> str:
    """The text ``json.loads`` parses from ``data`` (UTF-8/16/32 detected as it does)."""
    try:
        return data.decode(json.detect_encoding(data), "surrogatepass")
    except UnicodeDecodeError as exc:
        raise SbomError(file_name, f"not valid JSON: {exc}") from exc


def load_json(data: bytes | str, *, file_name: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and reports the line and column of a syntax error.

    ``data`` is the raw bytes or the text :func:`decode_json` made of them.
    """
    text = decode_json(data, file_name=file_name) if isinstance(data, bytes) else data
    try:
        return JSON_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise SbomError(
            file_name, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise SbomError(file_name, f"not valid JSON: {exc}") from exc


def detect_json(data: bytes | str, *, file_name: str) -> Detected:
    """:func:`detect` for JSON, given as bytes or as the text :func:`decode_json` made of them."""
    doc = load_json(data, file_name=file_name)
    if not isinstance(doc, dict):
        raise SbomError(file_name, "not an SBOM: the JSON document is not an object", "")
    if "spdxVersion" in doc:
        raw = doc["spdxVersion"]
        version = raw[5:] if isinstance(raw, str) and raw.startswith("SPDX-") else ""
        if version not in SPDX_VERSIONS:
            raise SbomError(
                file_name,
                f"unsupported SPDX version {raw!r}; supported: SPDX-2.2, SPDX-2.3",
                "/spdxVersion",
            )
        return Detected("spdx", "json", version, doc)
    if "bomFormat" not in doc:
        raise SbomError(
            file_name,
            "not an SBOM: JSON without 'bomFormat' (CycloneDX) or 'spdxVersion' (SPDX)",
            "",
        )
    if doc["bomFormat"] != "CycloneDX":
        raise SbomError(
            file_name, f"wrong bomFormat {doc['bomFormat']!r}; expected 'CycloneDX'", "/bomFormat"
        )
    version = doc.get("specVersion")
    if version not in CYCLONEDX_VERSIONS:
        raise SbomError(
            file_name,
            f"unsupported CycloneDX specVersion {version!r}; supported: {', '.join(CYCLONEDX_VERSIONS)}",
            "/specVersion",
        )
    return Detected("cyclonedx", "json", version, doc)


def hardened_xml_parser() -> etree.XMLParser:
    """An lxml parser that loads no DTD, resolves no entity, uses no network and caps tree size."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        collect_ids=False,
        remove_pis=True,
    )


class _RootReached(Exception):
    """Raised by the prolog check once the root element starts: the prolog held no DTD."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached(tag)

    def close(self) -> None:
        return None


def refuse_dtd(data: bytes, *, file_name: str) -> str | None:
    """Refuse a DOCTYPE (and so any ENTITY declaration) before lxml sees the document.

    libxml2 processes a DTD even with entity resolution off (it checks entity
    amplification and tries to fetch an external DTD), so defusedxml's expat
    parser reads the prolog first and stops at the root element's start tag.
    Returns that tag (``{namespace}name``), or ``None`` for malformed XML.
    """
    parser = DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for start in range(0, len(data), _PROLOG_CHUNK):
            parser.feed(data[start : start + _PROLOG_CHUNK])
        parser.close()
    except _RootReached as reached:
        return reached.args[0]
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise SbomError(
            file_name,
            "DOCTYPE/ENTITY declarations are not allowed in an SBOM (entity expansion and XXE protection)",
            line=getattr(exc, "line", None) or None,
        ) from exc
    except ElementTree.ParseError:
        return None  # malformed: lxml reports it with its own message below
    return None


def parse_xml(data: bytes, *, file_name: str) -> etree._Element:
    """Parse XML safely; refuse any DOCTYPE/ENTITY declaration and malformed input."""
    refuse_dtd(data, file_name=file_name)
    try:
        root = etree.fromstring(data, parser=hardened_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise SbomError(file_name, f"not well-formed XML: {exc.msg}", line=line) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise SbomError(
            file_name,
            "DOCTYPE/ENTITY declarations are not allowed in an SBOM (entity expansion and XXE protection)",
            line=1,
        )
    return root


def _detect_xml(data: bytes, *, file_name: str) -> Detected:
    root = parse_xml(data, file_name=file_name)
    qname = etree.QName(root)
    if qname.localname != "bom":
        raise SbomError(
            file_name,
            f"not a CycloneDX BOM: the root element is <{qname.localname}>",
            f"/{qname.localname}",
            root.sourceline,
        )
    match = _NS_RE.match(qname.namespace or "")
    if not match:
        raise SbomError(
            file_name,
            f"not a CycloneDX BOM: unknown namespace {qname.namespace!r}",
            "/bom",
            root.sourceline,
        )
    version = match.group(1)
    if version not in CYCLONEDX_VERSIONS:
        raise SbomError(
            file_name,
            f"unsupported CycloneDX version {version!r} (namespace {qname.namespace}); supported: {', '.join(CYCLONEDX_VERSIONS)}",
            "/bom",
            root.sourceline,
        )
    return Detected("cyclonedx", "xml", version, root)
