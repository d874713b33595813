"""Documents and counters shared by the SBOM storage tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from assets.models import Product, Sbom, SbomComponent, SbomDependency, SbomVulnerability, Supplier
from bollwerk.models import AuditEvent
from tests.assets.sbom.builders import SHA512, cdx, cdx_xml, component, dumps

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE bom [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>&e;</name></component></components></bom>
"""


def external_entity(target: Path) -> bytes:
    """A CycloneDX XML document whose component name pulls in a local file."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file://{target}">]>\n'
        '<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>'
        '<component type="library"><name>&x;</name></component></components></bom>\n'
    ).encode()


def small_bom(*, versions: dict[str, str] | None = None, vulnerabilities=None) -> bytes:
    """A CycloneDX 1.6 JSON SBOM: lodash, a nested child and a Maven package, with a graph."""
    versions = {"lodash": "4.17.15", "log4j-core": "2.14.1", **(versions or {})}
    lodash = component(
        "lodash",
        "lodash",
        version=versions["lodash"],
        purl=f"pkg:npm/lodash@{versions['lodash']}",
        hashes=[{"alg": "SHA-512", "content": SHA512}],
        licenses=[{"license": {"id": "MIT"}}],
        components=[component("lodash-child", "lodash.merge", purl="pkg:npm/lodash.merge@4.6.2")],
    )
    log4j = component(
        "log4j",
        "log4j-core",
        group="org.apache.logging.log4j",
        version=versions["log4j-core"],
        purl=f"pkg:maven/org.apache.logging.log4j/log4j-core@{versions['log4j-core']}",
        scope="required",
    )
    fields = {
        "metadata": {
            "timestamp": "2026-01-02T03:04:05Z",
            "component": {
                "type": "application",
                "bom-ref": "app",
                "name": "Leitsystem",
                "version": "7.1",
            },
        },
        "components": [lodash, log4j],
        "dependencies": [
            {"ref": "app", "dependsOn": ["lodash", "log4j"]},
            {"ref": "lodash", "dependsOn": ["lodash-child"]},
            {"ref": "log4j", "dependsOn": []},
        ],
    }
    if vulnerabilities:
        fields["vulnerabilities"] = vulnerabilities
    return dumps(cdx("1.6", **fields))


def small_bom_xml() -> bytes:
    """The same kind of document as XML (one component)."""
    return cdx_xml(
        '<components><component type="library" bom-ref="x"><name>zlib</name>'
        "<version>1.2.11</version><purl>pkg:generic/zlib@1.2.11</purl></component></components>"
    )


def as_zip(name: str, data: bytes) -> bytes:
    """``data`` as the only member of a zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def stored_counts(media_root: Path | None = None) -> dict[str, int]:
    """How many SBOM-related rows (and stored files) exist, to assert "nothing stored"."""
    files = sum(1 for p in Path(media_root).rglob("*") if p.is_file()) if media_root else 0
    return {
        "sboms": Sbom.objects.count(),
        "components": SbomComponent.objects.count(),
        "dependencies": SbomDependency.objects.count(),
        "vulnerabilities": SbomVulnerability.objects.count(),
        "suppliers": Supplier.objects.count(),
        "products": Product.objects.count(),
        "audit": AuditEvent.objects.count(),
        "files": files,
    }
