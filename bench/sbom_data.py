"""Generate realistic CycloneDX 1.6 SBOMs (JSON and XML) of a given size for the import benchmark.

Components carry purls across npm, PyPI and Maven, SHA-256 and SHA-512
hashes, licences (ids and expressions), suppliers, and every tenth one has
two nested sub-components; every component has a dependencies entry naming
up to three earlier ones. Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "GPL-2.0-only", "LGPL-2.1-or-later"]
ECOSYSTEMS = ["npm", "pypi", "maven"]


def _component(i: int, rng: random.Random, suffix: str = "") -> dict:
    ecosystem = ECOSYSTEMS[i % 3]
    name = f"pkg{i}{suffix}"
    version = f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}"
    if ecosystem == "maven":
        group = f"org.example{i % 50}"
        purl = f"pkg:maven/{group}/{name}@{version}?type=jar"
    else:
        group = ""
        purl = f"pkg:{ecosystem}/{name}@{version}"
    digest = hashlib.sha512(name.encode()).hexdigest()
    entry = {
        "type": "library",
        "bom-ref": purl,
        "supplier": {"name": f"Supplier {i % 200}"},
        "name": name,
        "version": version,
        "hashes": [
            {"alg": "SHA-256", "content": hashlib.sha256(name.encode()).hexdigest()},
            {"alg": "SHA-512", "content": digest},
        ],
        "licenses": [{"license": {"id": rng.choice(LICENSES)}}]
        if i % 7
        else [{"expression": "MIT OR Apache-2.0"}],
        "purl": purl,
        "externalReferences": [
            {"type": "website", "url": f"https://example.com/{ecosystem}/{name}"}
        ],
    }
    if group:
        entry["group"] = group
    return entry


def generate(count: int, seed: int = 1) -> dict:
    """A CycloneDX 1.6 document with exactly ``count`` components (nested ones included)."""
    rng = random.Random(seed)
    components: list[dict] = []
    refs: list[str] = []
    i = 0
    while len(refs) < count:
        entry = _component(i, rng)
        refs.append(entry["bom-ref"])
        if i % 10 == 0 and len(refs) + 2 <= count:
            children = [_component(i, rng, f"-sub{k}") for k in range(2)]
            entry["components"] = children
            refs += [c["bom-ref"] for c in children]
        components.append(entry)
        i += 1
    dependencies = [
        {"ref": ref, "dependsOn": sorted({refs[rng.randrange(n)] for _ in range(min(n, 3))})}
        if n
        else {"ref": ref}
        for n, ref in enumerate(refs)
    ]
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}",
        "version": 1,
        "metadata": {
            "timestamp": "2025-01-01T00:00:00Z",
            "tools": {
                "components": [{"type": "application", "name": "bench-generator", "version": "1.0"}]
            },
            "component": {
                "type": "application",
                "bom-ref": "root-app",
                "name": "leitstand",
                "version": "1.0",
            },
        },
        "components": components,
        "dependencies": [{"ref": "root-app", "dependsOn": refs[:5]}, *dependencies],
    }


def _xml_component(c: dict) -> str:
    parts = [f"<component type={quoteattr(c['type'])} bom-ref={quoteattr(c['bom-ref'])}>"]
    parts.append(f"<supplier><name>{escape(c['supplier']['name'])}</name></supplier>")
    if c.get("group"):
        parts.append(f"<group>{escape(c['group'])}</group>")
    parts.append(
        f"<name>{escape(c['name'])}</name><version>{escape(c['version'])}</version><hashes>"
    )
    parts += [f'<hash alg="{h["alg"]}">{h["content"]}</hash>' for h in c["hashes"]]
    parts.append("</hashes><licenses>")
    for choice in c["licenses"]:
        if "expression" in choice:
            parts.append(f"<expression>{escape(choice['expression'])}</expression>")
        else:
            parts.append(f"<license><id>{escape(choice['license']['id'])}</id></license>")
    parts.append(f"</licenses><purl>{escape(c['purl'])}</purl>")
    parts.append(
        f'<externalReferences><reference type="website"><url>{escape(c["externalReferences"][0]["url"])}</url></reference></externalReferences>'
    )
    if c.get("components"):
        parts.append(
            "<components>"
            + "".join(_xml_component(child) for child in c["components"])
            + "</components>"
        )
    parts.append("</component>")
    return "".join(parts)


def to_xml(doc: dict) -> str:
    """The same document as CycloneDX 1.6 XML."""
    meta = doc["metadata"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<bom xmlns="http://cyclonedx.org/schema/bom/1.6" serialNumber="{doc["serialNumber"]}" version="1">',
        f"<metadata><timestamp>{meta['timestamp']}</timestamp>",
        '<tools><components><component type="application"><name>bench-generator</name><version>1.0</version></component></components></tools>',
        '<component type="application" bom-ref="root-app"><name>leitstand</name><version>1.0</version></component></metadata>',
        "<components>",
    ]
    lines += [_xml_component(c) for c in doc["components"]]
    lines.append("</components><dependencies>")
    for d in doc["dependencies"]:
        inner = "".join(f"<dependency ref={quoteattr(t)}/>" for t in d.get("dependsOn", []))
        lines.append(f"<dependency ref={quoteattr(d['ref'])}>{inner}</dependency>")
    lines.append("</dependencies></bom>")
    return "\n".join(lines)


def write(directory: Path, count: int, seed: int = 1) -> tuple[Path, Path]:
    """Write ``bom-<count>.json`` and ``bom-<count>.xml`` into ``directory``."""
    doc = generate(count, seed)
    json_path = directory / f"bom-{count}.json"
    xml_path = directory / f"bom-{count}.xml"
    json_path.write_text(json.dumps(doc), encoding="utf-8")
    xml_path.write_text(to_xml(doc), encoding="utf-8")
    return json_path, xml_path
