"""Small CycloneDX/SPDX documents built in code for the engine's unit tests."""

from __future__ import annotations

import json
from typing import Any

SERIAL = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
SHA512 = "a" * 128
SHA256 = "b" * 64


def component(ref: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
    """A library component with a bom-ref, a name and a version."""
    return {"type": "library", "bom-ref": ref, "name": name or ref, "version": "1.0.0", **extra}


def cdx(spec: str = "1.6", **fields: Any) -> dict[str, Any]:
    """A minimal CycloneDX JSON document of ``spec`` with ``fields`` added."""
    return {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "serialNumber": SERIAL,
        "version": 1,
        **fields,
    }


def dumps(doc: Any) -> bytes:
    """The document as UTF-8 JSON bytes."""
    return json.dumps(doc).encode()


def cdx_xml(body: str, spec: str = "1.6", attributes: str = "") -> bytes:
    """A CycloneDX XML document of ``spec`` whose ``<bom>`` holds ``body``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bom xmlns="http://cyclonedx.org/schema/bom/{spec}" serialNumber="{SERIAL}" version="1"{attributes}>\n'
        f"{body}\n</bom>\n"
    ).encode()


def spdx(version: str = "2.3", **fields: Any) -> dict[str, Any]:
    """A minimal SPDX JSON document with ``fields`` added."""
    return {
        "spdxVersion": f"SPDX-{version}",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "test",
        "documentNamespace": "https://example.com/spdx/test",
        "creationInfo": {
            "created": "2024-01-02T03:04:05Z",
            "creators": ["Tool: syft-0.90.0", "Organization: ACME"],
        },
        **fields,
    }


def package(spdx_id: str, name: str, **extra: Any) -> dict[str, Any]:
    """An SPDX package."""
    return {"SPDXID": spdx_id, "name": name, "downloadLocation": "NOASSERTION", **extra}
